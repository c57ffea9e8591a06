/**
 * A scorer network: class probabilities p(y|x) for the Inception score and a feature vector for
 * FID, from any tfjs model. Images arrive in a run's model scale and are brought to the scorer's
 * input (pixel range, size, channels) here, so every image set goes through the same steps.
 */
import * as tf from '@tensorflow/tfjs';
import type { PixelScaling } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { LoadedModel } from './model-file';
import type { Rows } from './scores';

/** What a score says about the network that made it. */
export interface ScorerInfo {
  readonly name: string;
  /** One sentence a reader needs to weigh the score (what the network is, how good it is). */
  readonly description: string;
  /** Model inputs that pixel values 0 and 255 map to. */
  readonly inputRange: readonly [number, number];
  /** Layer (Layers model) or node (Graph model) whose activations are FID's features. */
  readonly featureLayer?: string;
  /** Test accuracy (%) of a scorer trained by ssgan. */
  readonly testAccuracyPercent?: number;
}

export interface ScorerOutputs {
  readonly probabilities: Rows;
  readonly features: Rows;
}

export class Scorer {
  private readonly inputShape: readonly [number, number, number];
  /** A Layers model's view with two outputs: its own and the feature layer's. */
  private readonly layersView?: tf.LayersModel;

  constructor(readonly info: ScorerInfo, private readonly loaded: LoadedModel) {
    const shape = loaded.model.inputs[0].shape ?? [];
    if (shape.length !== 4 || shape.slice(1).some((d) => d === null || d === -1)) {
      throw new ConfigError(`scorer ${info.name}: expects input [batch, height, width, channels] with fixed sizes, got [${shape}]`);
    }
    this.inputShape = shape.slice(1) as [number, number, number];
    if (loaded.kind === 'layers') {
      const model = loaded.model;
      if (info.featureLayer && !model.layers.some((l) => l.name === info.featureLayer)) {
        throw new ConfigError(`scorer ${info.name}: no layer '${info.featureLayer}'; layers: ${model.layers.map((l) => l.name).join(', ')}`);
      }
      const featureLayer = info.featureLayer ? model.getLayer(info.featureLayer) : model.layers[model.layers.length - 2];
      this.layersView = tf.model({ inputs: model.inputs, outputs: [model.outputs[0], featureLayer.output as tf.SymbolicTensor] });
    }
  }

  /** Probabilities and features of `images` (model scale, `scaling`), in batches. */
  async score(images: tf.Tensor4D, scaling: PixelScaling, batchSize = 250): Promise<ScorerOutputs> {
    const n = images.shape[0];
    const probs: Float32Array[] = [];
    const feats: Float32Array[] = [];
    let classes = 0;
    let width = 0;
    for (let begin = 0; begin < n; begin += batchSize) {
      const size = Math.min(batchSize, n - begin);
      const [p, f] = tf.tidy(() => this.forward(this.adapt(images.slice(begin, size), scaling)));
      classes = p.shape[1];
      width = f.shape[1];
      probs.push((await p.data()) as Float32Array);
      feats.push((await f.data()) as Float32Array);
      tf.dispose([p, f]);
    }
    return { probabilities: { rows: n, cols: classes, data: concat(probs) }, features: { rows: n, cols: width, data: concat(feats) } };
  }

  dispose(): void {
    this.loaded.model.dispose();
  }

  /** Model-scale images -> the scorer's pixel range, size and channel count. */
  private adapt(x: tf.Tensor4D, scaling: PixelScaling): tf.Tensor4D {
    const [low, high] = this.info.inputRange;
    const pixels = tf.clipByValue(tf.add(tf.mul(x, scaling.scale), scaling.offset), 0, 255);
    let y = tf.add(tf.mul(pixels, (high - low) / 255), low) as tf.Tensor4D;
    const [h, w, c] = this.inputShape;
    if (y.shape[1] !== h || y.shape[2] !== w) y = tf.image.resizeBilinear(y, [h, w]);
    if (y.shape[3] !== c) {
      if (y.shape[3] === 1) y = tf.tile(y, [1, 1, 1, c]);
      else if (c === 1) y = tf.mean(y, 3, true);
      else throw new ConfigError(`scorer ${this.info.name}: cannot feed ${y.shape[3]}-channel images to a ${c}-channel input`);
    }
    return y;
  }

  /** [probabilities, features] as 2-D tensors. */
  private forward(x: tf.Tensor4D): [tf.Tensor2D, tf.Tensor2D] {
    const { loaded, info } = this;
    let outputs: tf.Tensor[];
    if (loaded.kind === 'layers') {
      outputs = (this.layersView as tf.LayersModel).predict(x) as tf.Tensor[];
    } else {
      const names = [loaded.model.outputNodes[0], ...(info.featureLayer ? [info.featureLayer] : [])];
      const result = loaded.model.execute(x, names);
      outputs = Array.isArray(result) ? result : [result];
    }
    const flat = outputs.map((t) => t.reshape([t.shape[0], -1]) as tf.Tensor2D);
    const probabilities = asProbabilities(flat[0]);
    // Without a named feature node, FID compares the probability vectors themselves.
    return [probabilities, flat[1] ?? probabilities];
  }
}

/** Softmax of outputs that are not already a probability distribution (logits). */
function asProbabilities(out: tf.Tensor2D): tf.Tensor2D {
  const sums = tf.sum(out, 1);
  const isDistribution = tf.min(out).dataSync()[0] >= 0 && tf.max(tf.abs(tf.sub(sums, 1))).dataSync()[0] < 1e-3;
  return isDistribution ? out : tf.softmax(out);
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
