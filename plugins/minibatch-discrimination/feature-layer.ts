/**
 * Minibatch discrimination in D's feature-layer slot: model option `minibatchDiscrimination` is
 * absent, null or false for none, true for the authors' sizes, or an object of them; the layer,
 * named 'minibatch', goes right after the features feature matching compares.
 */
import type { FeatureLayerFactory, ModelOptions } from '../../src/core/contracts';
import { ConfigError } from '../../src/core/errors';
import { MINIBATCH_DEFAULTS, MinibatchDiscrimination, type MinibatchDiscriminationOptions } from './layer';

export const MINIBATCH_OPTION = 'minibatchDiscrimination';

/** The model option this plugin reads. */
export type MinibatchModelOptions = {
  readonly minibatchDiscrimination?: boolean | null | { readonly kernels?: number; readonly kernelDim?: number; readonly groupSize?: number };
};

export const MINIBATCH_LAYER: FeatureLayerFactory = {
  slot: 'discriminator-features',
  name: 'minibatch-discrimination',
  description: 'o(x): for each of B kernels, the closeness of an example to the others of its batch',
  create: (options: ModelOptions) => minibatchLayerFromOption(options[MINIBATCH_OPTION], 'minibatch'),
};

/** Whether the option switches the layer on. */
export function minibatchOn(option: unknown): boolean {
  return option !== undefined && option !== null && option !== false;
}

/** The layer the option asks for, or undefined for none. */
function minibatchLayerFromOption(option: unknown, name: string): MinibatchDiscrimination | undefined {
  if (!minibatchOn(option)) return undefined;
  const given = option === true ? {} : option;
  if (typeof given !== 'object') throw new ConfigError(`model option minibatchDiscrimination must be true, false or an object, got ${String(option)}`);
  const o = { ...MINIBATCH_DEFAULTS, ...(given as Partial<MinibatchDiscriminationOptions>) };
  for (const key of ['kernels', 'kernelDim', 'groupSize'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new ConfigError(`minibatchDiscrimination.${key} must be a positive integer, got ${String(o[key])}`);
  }
  return new MinibatchDiscrimination(name, o);
}
