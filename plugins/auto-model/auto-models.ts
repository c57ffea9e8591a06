/**
 * The 'auto' model: for a dataset without a tuned model, the MNIST-style dense model for grayscale
 * images and the CIFAR-style conv model for colour ones, both sized from the image shape and K.
 * The rule matches the pixel scaling the own-data loaders pick (src/data/assemble.ts
 * defaultScaling): [0, 1] for the dense model's sigmoid output, [-1, 1] for the conv model's tanh.
 */
import type { Discriminator, Generator, ModelFactory, ModelSpec } from '../../src/core/contracts';
import { ConfigError } from '../../src/core/errors';

export const GRAYSCALE_MODEL = 'mnist-dense';
export const COLOUR_MODEL = 'cifar10-conv';

/** The model 'auto' picks for an image shape [H, W, C]. */
export function chooseModel(imageShape: readonly [number, number, number]): string {
  return imageShape[2] === 1 ? GRAYSCALE_MODEL : COLOUR_MODEL;
}

export class AutoModels implements ModelFactory {
  readonly name = 'auto';
  readonly description = `${GRAYSCALE_MODEL} for grayscale images, ${COLOUR_MODEL} for colour, sized from the data`;

  /** `lookup` finds a model factory by name (the registry's, resolved when first needed). */
  constructor(private readonly lookup: (name: string) => ModelFactory) {}

  createDiscriminator(spec: ModelSpec): Discriminator {
    return this.delegate(spec).createDiscriminator(spec);
  }

  createGenerator(spec: ModelSpec): Generator {
    return this.delegate(spec).createGenerator(spec);
  }

  private delegate(spec: ModelSpec): ModelFactory {
    const name = chooseModel(spec.imageShape);
    try {
      return this.lookup(name);
    } catch (err) {
      const shape = spec.imageShape.join('x');
      throw new ConfigError(`model 'auto' picks '${name}' for ${shape} images, but it is not loaded (${(err as Error).message}); choose a model by name`);
    }
  }
}
