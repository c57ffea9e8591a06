/**
 * What ssgan's layers share. The contract, `Layer`, is in src/core/contracts.ts (a technique plugin
 * implements it too). Layers are plain objects over tf.Variables, so the trainer can take
 * gradients with respect to any of them.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, ForwardContext, Layer, NamedWeight } from '../core/contracts';
import type { Rng } from '../engine/random';

export type { Activation, Layer };

/** Common bookkeeping: a layer's named weights. */
export abstract class BaseLayer implements Layer {
  private readonly namedWeights: NamedWeight[] = [];

  constructor(readonly name: string) {}

  abstract build(inputShape: readonly number[], rng: Rng): number[];
  abstract apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
  abstract getConfig(): Record<string, unknown>;

  get weights(): readonly NamedWeight[] {
    return this.namedWeights;
  }

  protected addWeight(name: string, initial: tf.Tensor, trainable: boolean): tf.Variable {
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.namedWeights.push({ name: `${this.name}/${name}`, variable, trainable });
    return variable;
  }
}

/** Leaky-ReLU slope of the paper's conv discriminators. */
export const LEAKY_SLOPE = 0.2;

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_SLOPE);
    case 'softplus':
      return tf.softplus(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
  }
}

/** Activations tf.fused can apply inside the matmul/conv kernel and still differentiate. */
export function fusedActivation(activation: Activation): 'linear' | 'relu' | undefined {
  return activation === 'linear' || activation === 'relu' ? activation : undefined;
}

/** Normal(0, std^2) values from a seeded generator. */
export function normalInit(shape: number[], std: number, rng: Rng): tf.Tensor {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillNormal(values, std);
  return tf.tensor(values, shape);
}

/** Glorot-uniform values for a [fanIn, fanOut] kernel (receptive field folded into the fans). */
export function glorotUniformInit(shape: number[], fanIn: number, fanOut: number, rng: Rng): tf.Tensor {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillUniform(values, -limit, limit);
  return tf.tensor(values, shape);
}
