/**
 * Exponential moving average of a network's weights (Polyak averaging), used for test error.
 * The authors start the average at 0 and never correct it, so at rate 1e-4 it lags far behind
 * for the first tens of thousands of steps; here it is bias-corrected: avg / (1 - (1 - rate)^t).
 */
import * as tf from '@tensorflow/tfjs';
import type { Network, TrainingHook } from '../core/contracts';
import { movingAverageUpdate, movingAverageUpdateInPlace } from '../engine/fused-ops';
import { zeroVariable } from './zero-variable';

export class WeightAverage {
  private readonly shadows: tf.Variable[];
  private updates = 0;

  constructor(private readonly network: Network, readonly rate: number) {
    this.shadows = network.namedWeights.map((w) => zeroVariable(w.variable));
  }

  get count(): number {
    return this.updates;
  }

  update(): void {
    this.updates += 1;
    tf.tidy(() => {
      this.network.namedWeights.forEach((w, i) => {
        if (!movingAverageUpdateInPlace(this.shadows[i], w.variable, this.rate)) {
          this.shadows[i].assign(movingAverageUpdate(this.shadows[i], w.variable, this.rate));
        }
      });
    });
  }

  /** Runs `fn` with the network's weights replaced by the corrected average, then restores them. */
  async withAveragedWeights<T>(fn: () => Promise<T>): Promise<T> {
    if (this.updates === 0) return fn();
    const correction = 1 / (1 - (1 - this.rate) ** this.updates);
    const saved = this.network.namedWeights.map((w) => tf.clone(w.variable));
    try {
      tf.tidy(() => this.network.namedWeights.forEach((w, i) => w.variable.assign(tf.mul(this.shadows[i], correction))));
      return await fn();
    } finally {
      this.network.namedWeights.forEach((w, i) => w.variable.assign(saved[i]));
      tf.dispose(saved);
    }
  }

  /** The training hook that updates the average after every discriminator step. */
  hook(): TrainingHook {
    return {
      name: 'weight-average',
      afterDiscriminatorStep: () => this.update(),
      saveState: () => ({
        ...Object.fromEntries(this.network.namedWeights.map((w, i) => [`average/${w.name}`, tf.clone(this.shadows[i])])),
        'average/count': tf.scalar(this.updates),
      }),
      loadState: (tensors) => {
        this.network.namedWeights.forEach((w, i) => this.shadows[i].assign(tensors[`average/${w.name}`]));
        this.updates = tensors['average/count'].dataSync()[0];
      },
    };
  }

  dispose(): void {
    tf.dispose(this.shadows);
  }
}
