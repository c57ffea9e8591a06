/**
 * Virtual batch norm in the generator's normalisation slot, as `generatorNorm: 'virtual-batch'`:
 * each batch-norm layer of G becomes a virtual-batch-norm layer, and G runs its reference batch
 * (model option `referenceBatchSize`, default 100) in front of every batch.
 */
import type { Activation, Generator, GeneratorNormFactory, Layer, ModelOptions } from '../../src/core/contracts';
import { ConfigError } from '../../src/core/errors';
import { VirtualBatchGenerator } from './generator';
import { VirtualBatchNorm } from './layer';

export const VIRTUAL_BATCH = 'virtual-batch';

/** The model options virtual batch norm reads. */
export type VirtualBatchModelOptions = { readonly generatorNorm?: string; readonly referenceBatchSize?: number };

/** Seed offset of the reference latent batch, apart from the model's weight streams. */
const REFERENCE_BATCH_STREAM = 0x72ef;

export const VIRTUAL_BATCH_NORM_LAYERS: GeneratorNormFactory = {
  slot: 'generator-norm',
  name: VIRTUAL_BATCH,
  description: "virtual batch norm: statistics of a reference latent batch's activations, fixed at the start, combined with each example",
  layer: (options: ModelOptions, name: string, activation: Activation): Layer =>
    new VirtualBatchNorm(name, { referenceSize: referenceSize(options), activation }),
  generator: (options: ModelOptions, plain: Generator, seed: number): Generator =>
    new VirtualBatchGenerator(plain, referenceSize(options), seed + REFERENCE_BATCH_STREAM),
};

function referenceSize(options: ModelOptions): number {
  const size = options.referenceBatchSize ?? 100;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw new ConfigError(`model option referenceBatchSize must be a positive integer, got ${String(size)}`);
  return size;
}
