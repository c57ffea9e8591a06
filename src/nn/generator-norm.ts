/**
 * The generator's normalisation, chosen by model option `generatorNorm`: batch norm (the paper's
 * models) or virtual batch norm. With virtual batch norm the generator runs a fixed reference
 * latent batch in front of every batch (one extra forward pass of it) and drops it from the output.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext, Generator, NamedWeight, TechniqueModelOptions } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { Rng, type RandomStreams } from '../engine/random';
import { BatchNorm } from './batch-norm';
import { SequentialGenerator } from './generator';
import type { Activation, Layer } from './layer';
import type { Sequential } from './sequential';
import { VirtualBatchNorm } from './virtual-batch-norm';

export type GeneratorNorm = NonNullable<TechniqueModelOptions['generatorNorm']>;

export interface GeneratorNormOptions {
  readonly generatorNorm?: GeneratorNorm;
  /** Size of the virtual-batch-norm reference batch (default 100, the batch size). */
  readonly referenceBatchSize?: number;
}

/** A normalisation layer of the kind the options ask for. */
export function normLayer(o: GeneratorNormOptions, name: string, activation: Activation): Layer {
  const kind = o.generatorNorm ?? 'batch';
  if (kind === 'batch') return new BatchNorm(name, { activation });
  if (kind === 'virtual-batch') return new VirtualBatchNorm(name, { referenceSize: referenceSize(o), activation });
  throw new ConfigError(`model option generatorNorm must be 'batch' or 'virtual-batch', got '${String(kind)}'`);
}

/** The generator over `body`, with the reference batch virtual batch norm needs. */
export function normalizedGenerator(o: GeneratorNormOptions, body: Sequential, seed: number): Generator {
  const plain = new SequentialGenerator(body, 'uniform');
  return (o.generatorNorm ?? 'batch') === 'virtual-batch' ? new VirtualBatchGenerator(plain, referenceSize(o), seed) : plain;
}

/**
 * A generator whose every forward pass starts with a fixed reference latent batch, drawn once
 * from `seed` and kept as a (non-trainable) weight so a checkpoint restores it.
 */
export class VirtualBatchGenerator implements Generator {
  private readonly reference: NamedWeight;

  constructor(private readonly inner: SequentialGenerator, private readonly referenceSize: number, seed: number) {
    const values = new Float32Array(referenceSize * inner.latentDim);
    const rng = new Rng(seed);
    if (inner.prior === 'uniform') rng.fillUniform(values, 0, 1);
    else rng.fillNormal(values, 1);
    const initial = tf.tensor2d(values, [referenceSize, inner.latentDim]);
    const variable = tf.variable(initial, false);
    initial.dispose();
    this.reference = { name: 'reference/z', variable, trainable: false };
  }

  get name(): string {
    return this.inner.name;
  }

  get latentDim(): number {
    return this.inner.latentDim;
  }

  get namedWeights(): NamedWeight[] {
    return [...this.inner.namedWeights, this.reference];
  }

  get trainableWeights(): tf.Variable[] {
    return this.inner.trainableWeights;
  }

  sampleLatent(n: number, random: RandomStreams): tf.Tensor2D {
    return this.inner.sampleLatent(n, random);
  }

  apply(z: tf.Tensor2D, ctx: ForwardContext): tf.Tensor4D {
    return tf.tidy(() => {
      const out = this.inner.apply(tf.concat([this.reference.variable as tf.Tensor2D, z]), ctx);
      return tf.slice(out, this.referenceSize) as tf.Tensor4D;
    });
  }

  getConfig(): Record<string, unknown> {
    return { ...this.inner.getConfig(), referenceBatchSize: this.referenceSize };
  }
}

function referenceSize(o: GeneratorNormOptions): number {
  const size = o.referenceBatchSize ?? 100;
  if (!Number.isInteger(size) || size < 1) throw new ConfigError(`model option referenceBatchSize must be a positive integer, got ${size}`);
  return size;
}
