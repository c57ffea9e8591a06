/**
 * The model slots filled from the techniques' layer factories (`ModelLayerFactory`, contributed by
 * plugins): what a model receives as `ModelSpec.layers`. Without a technique a slot holds the
 * paper's choice: no layer after D's features, batch norm in G.
 */
import type { Activation, Generator, GeneratorNormFactory, ModelLayerFactory, ModelLayers, ModelOptions, ModelSpec } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { BatchNorm } from './batch-norm';

/** G's normalisation when model option `generatorNorm` names none. */
const BATCH_NORM = 'batch';

/** The slots as `options` switch the `factories` on. */
export function modelLayers(factories: readonly ModelLayerFactory[], options: ModelOptions): ModelLayers {
  return {
    discriminatorFeatures: () => factories.flatMap((f) => (f.slot === 'discriminator-features' ? (f.create(options) ?? []) : [])),
    generatorNorm(name: string, activation: Activation) {
      const norm = generatorNorm(factories, options);
      return norm ? norm.layer(options, name, activation) : new BatchNorm(name, { activation });
    },
    generator(plain: Generator, seed: number): Generator {
      return generatorNorm(factories, options)?.generator(options, plain, seed) ?? plain;
    },
  };
}

/** A model's spec with its slots filled. */
export function modelSpec(factories: readonly ModelLayerFactory[], imageShape: ModelSpec['imageShape'], numClasses: number, options: ModelOptions): ModelSpec {
  return { imageShape, numClasses, options, layers: modelLayers(factories, options) };
}

/** The normalisation option `generatorNorm` names, or undefined for batch norm. */
function generatorNorm(factories: readonly ModelLayerFactory[], options: ModelOptions): GeneratorNormFactory | undefined {
  const name = options.generatorNorm ?? BATCH_NORM;
  if (name === BATCH_NORM) return undefined;
  const norms = factories.filter((f): f is GeneratorNormFactory => f.slot === 'generator-norm');
  const found = norms.find((f) => f.name === name);
  if (found) return found;
  const known = [BATCH_NORM, ...norms.map((f) => f.name)].map((n) => `'${n}'`).join(', ');
  throw new ConfigError(`model option generatorNorm must be one of ${known}, got '${String(name)}'`);
}
