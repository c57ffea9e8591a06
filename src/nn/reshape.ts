/** Shape-only layers. */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../core/contracts';
import { BaseLayer } from './layer';

/** Reshapes each example to `targetShape` (no batch axis); [-1] flattens. */
export class Reshape extends BaseLayer {
  private outputShape: number[] = [];

  constructor(name: string, readonly targetShape: readonly number[]) {
    super(name);
  }

  build(inputShape: readonly number[]): number[] {
    const size = inputShape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    this.outputShape = this.targetShape.map((d) => (d === -1 ? size / known : d));
    if (this.outputShape.reduce((a, b) => a * b, 1) !== size) {
      throw new Error(`${this.name}: cannot reshape [${inputShape}] to [${this.targetShape}]`);
    }
    return this.outputShape;
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return tf.reshape(x, [x.shape[0], ...this.outputShape]);
  }

  getConfig(): Record<string, unknown> {
    return { className: 'Reshape', name: this.name, targetShape: this.targetShape };
  }
}
