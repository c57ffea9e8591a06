/**
 * The 'auto' model: for a dataset without a tuned model, the model another plugin marks for
 * grayscale images (MNIST's dense model) or for colour ones (the CIFAR-10 conv model), sized from
 * the image shape and K. The rule matches the pixel scaling the own-data loaders pick
 * (src/data/assemble.ts defaultScaling): [0, 1] for the dense model's sigmoid output, [-1, 1] for
 * the conv model's tanh.
 */
import type { Discriminator, Generator, ImageKind, ModelFactory, ModelSpec } from '../../src/core/contracts';
import { ConfigError } from '../../src/core/errors';

/** The kind of images of shape [H, W, C]. */
export function imageKind(imageShape: readonly [number, number, number]): ImageKind {
  return imageShape[2] === 1 ? 'grayscale' : 'colour';
}

export class AutoModels implements ModelFactory {
  readonly name = 'auto';
  readonly description = 'the model marked for grayscale images or for colour ones, sized from the data';

  /** `models` lists the registered model factories (the registry's, read when first needed). */
  constructor(private readonly models: () => readonly ModelFactory[]) {}

  createDiscriminator(spec: ModelSpec): Discriminator {
    return this.delegate(spec).createDiscriminator(spec);
  }

  createGenerator(spec: ModelSpec): Generator {
    return this.delegate(spec).createGenerator(spec);
  }

  private delegate(spec: ModelSpec): ModelFactory {
    const kind = imageKind(spec.imageShape);
    const found = this.models().find((m) => m.autoFor === kind);
    if (!found) {
      throw new ConfigError(`model 'auto' needs a model for ${kind} images (${spec.imageShape.join('x')}), but no loaded plugin marks one; choose a model by name`);
    }
    return found;
  }
}
