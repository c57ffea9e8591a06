/**
 * Folds an ssgan discriminator into standard TensorFlow.js layers for inference: weight norm into
 * the plain kernel of a Dense or Conv2D layer, noise and dropout dropped (they act only in
 * training), activations as tfjs names them. What cannot be folded is a ConfigError naming it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Discriminator } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { GlobalMeanPool, WeightNormConv2D } from '../nn/conv';
import { Dense, WeightNormDense } from '../nn/dense';
import { SequentialDiscriminator } from '../nn/discriminator';
import { type Activation, LEAKY_SLOPE, type Layer } from '../nn/layer';
import { Dropout, GaussianNoise } from '../nn/noise';
import { Reshape } from '../nn/reshape';

/** The discriminator's K logits computed by standard layers from `input`; layer names start with `prefix`. */
export function foldLogits(d: Discriminator, input: tf.SymbolicTensor, prefix: string, source: string): tf.SymbolicTensor {
  if (!(d instanceof SequentialDiscriminator)) throw new ConfigError(`${source}: the discriminator '${d.name}' is not a stack of layers; it cannot be exported`);
  let h = input;
  for (const layer of d.body.layers) h = foldLayer(layer, `${prefix}${layer.name}`, source, h);
  return h;
}

/** `h` through the standard layers equal to `layer` at inference. */
function foldLayer(layer: Layer, name: string, source: string, h: tf.SymbolicTensor): tf.SymbolicTensor {
  const through = (layers: tf.layers.Layer[]) => layers.reduce((x, l) => l.apply(x) as tf.SymbolicTensor, h);
  if (layer instanceof GaussianNoise || layer instanceof Dropout) return h;
  if (layer instanceof Reshape) {
    const target = layer.targetShape;
    return through([target.length === 1 && target[0] === -1 ? tf.layers.flatten({ name }) : tf.layers.reshape({ name, targetShape: [...target] })]);
  }
  if (layer instanceof WeightNormDense || layer instanceof Dense) {
    const config = layer.getConfig() as { units: number; activation?: Activation; useBias?: boolean };
    const kernel = layer instanceof WeightNormDense ? layer.kernel() : tf.clone(weightOf(layer, 'kernel'));
    const bias = config.useBias === false ? undefined : weightOf(layer, 'bias');
    const dense = tf.layers.dense({ name, units: config.units, useBias: bias !== undefined, weights: bias ? [kernel, bias] : [kernel], ...activationArgs(config.activation) });
    // Applying builds the layer, which copies its initial weights.
    const out = through(withActivation(dense, config.activation, name));
    kernel.dispose();
    return out;
  }
  if (layer instanceof WeightNormConv2D) {
    const config = layer.getConfig() as { filters: number; kernelSize: number; strides: number; padding: 'same' | 'valid'; activation?: Activation };
    const kernel = layer.kernel();
    const conv = tf.layers.conv2d({
      name, filters: config.filters, kernelSize: config.kernelSize, strides: config.strides, padding: config.padding,
      weights: [kernel, weightOf(layer, 'bias')], ...activationArgs(config.activation),
    });
    const out = through(withActivation(conv, config.activation, name));
    kernel.dispose();
    return out;
  }
  if (layer instanceof GlobalMeanPool) return through([tf.layers.globalAveragePooling2d({ name })]);
  if (layer.batchDependent) {
    throw new ConfigError(`${source}: the discriminator's layer '${layer.name}' (${String(layer.getConfig().className)}) compares the images of a batch; it has no single-image form and cannot be exported`);
  }
  throw new ConfigError(`${source}: layer '${layer.name}' (${String(layer.getConfig().className)}) has no standard TensorFlow.js equivalent; it cannot be exported`);
}

function weightOf(layer: Layer, weight: string): tf.Tensor {
  const found = layer.weights.find((w) => w.name === `${layer.name}/${weight}`);
  if (!found) throw new Error(`${layer.name}: no weight '${weight}'`);
  return found.variable;
}

/** tfjs's name of an activation a Dense or Conv2D layer applies itself; leaky ReLU gets a layer of its own. */
function activationArgs(activation: Activation = 'linear'): { activation: 'linear' | 'relu' | 'softplus' | 'sigmoid' | 'tanh' } {
  return { activation: activation === 'leakyRelu' ? 'linear' : activation };
}

function withActivation(layer: tf.layers.Layer, activation: Activation | undefined, name: string): tf.layers.Layer[] {
  return activation === 'leakyRelu' ? [layer, tf.layers.leakyReLU({ name: `${name}_act`, alpha: LEAKY_SLOPE })] : [layer];
}

/**
 * The classifier as one LayersModel: image in, softmax over the K real classes out. An ensemble
 * averages its members' probabilities in an Average layer, as `ssgan ensemble` does.
 */
export function foldClassifier(members: readonly { seed: number; discriminator: Discriminator }[], imageShape: readonly number[], source: string): tf.LayersModel {
  const input = tf.input({ shape: [...imageShape], name: 'image' });
  const single = members.length === 1;
  const outputs = members.map(({ seed, discriminator }) => {
    const prefix = single ? '' : `seed${seed}_`;
    const logits = foldLogits(discriminator, input, prefix, source);
    return tf.layers.softmax({ name: single ? 'probabilities' : `${prefix}probabilities` }).apply(logits) as tf.SymbolicTensor;
  });
  const output = single ? outputs[0] : (tf.layers.average({ name: 'probabilities' }).apply(outputs) as tf.SymbolicTensor);
  return tf.model({ inputs: input, outputs: output, name: 'ssgan_classifier' });
}
