/** A Sequential network used as the K+1-class discriminator. */
import type * as tf from '@tensorflow/tfjs';
import type { Discriminator, NamedWeight, DiscriminatorOutput, ForwardContext } from '../core/contracts';
import type { Sequential } from './sequential';

export class SequentialDiscriminator implements Discriminator {
  readonly numClasses: number;
  /** A layer compares the examples of a batch (minibatch discrimination). */
  readonly batchStatistics: boolean;

  /** `featureLayer` names the layer whose activations feature matching compares. */
  constructor(readonly body: Sequential, readonly featureLayer: string) {
    body.layerIndex(featureLayer);
    this.numClasses = body.outputShape[body.outputShape.length - 1];
    this.batchStatistics = body.layers.some((layer) => layer.batchDependent === true);
  }

  get name(): string {
    return this.body.name;
  }

  get namedWeights(): NamedWeight[] {
    return this.body.namedWeights;
  }

  get trainableWeights(): tf.Variable[] {
    return this.body.trainableWeights;
  }

  apply(x: tf.Tensor, ctx: ForwardContext): DiscriminatorOutput {
    const { output, tapped } = this.body.apply(x, ctx, this.featureLayer);
    return { logits: output as tf.Tensor2D, features: flatten(tapped!) };
  }

  features(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return flatten(this.body.apply(x, ctx, this.featureLayer, true).tapped!);
  }

  initialize(x: tf.Tensor, ctx: ForwardContext): void {
    this.body.initialize(x, ctx);
  }

  getConfig(): Record<string, unknown> {
    return { ...this.body.getConfig(), featureLayer: this.featureLayer };
  }
}

function flatten(x: tf.Tensor): tf.Tensor2D {
  return (x.rank === 2 ? x : x.reshape([x.shape[0], -1])) as tf.Tensor2D;
}
