/**
 * Minibatch order, as in the authors' code: each epoch, the labeled set is tiled with fresh
 * permutations to the epoch's length, and the unlabeled set is walked in two independent
 * permutations (one for the discriminator step, one for the generator step).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../engine/random';

export interface BatchIndices {
  readonly labeled: tf.Tensor1D;
  readonly unlabeled: tf.Tensor1D;
  readonly unlabeledForGenerator: tf.Tensor1D;
}

export class BatchSchedule {
  private orders: tf.Tensor1D[] = [];

  constructor(
    private readonly numLabeled: number,
    private readonly numUnlabeled: number,
    readonly batchSize: number,
    readonly iterationsPerEpoch: number,
  ) {}

  /** Draws the next epoch's orders from `rng`. */
  startEpoch(rng: Rng): void {
    tf.dispose(this.orders);
    const length = this.batchSize * this.iterationsPerEpoch;
    this.orders = [
      tiledPermutations(this.numLabeled, length, rng),
      tiledPermutations(this.numUnlabeled, length, rng),
      tiledPermutations(this.numUnlabeled, length, rng),
    ].map((order) => tf.tensor1d(order, 'int32'));
  }

  /** Indices of the `iteration`-th batch of the epoch (0-based). */
  batch(iteration: number): BatchIndices {
    const begin = iteration * this.batchSize;
    const [labeled, unlabeled, unlabeledForGenerator] = this.orders.map((o) => tf.slice(o, begin, this.batchSize));
    return { labeled, unlabeled, unlabeledForGenerator };
  }

  dispose(): void {
    tf.dispose(this.orders);
    this.orders = [];
  }
}

/** Concatenated permutations of 0..n-1, cut to `length`. */
function tiledPermutations(n: number, length: number, rng: Rng): Int32Array {
  const out = new Int32Array(length);
  for (let filled = 0; filled < length; filled += n) {
    const p = rng.permutation(n);
    out.set(p.subarray(0, Math.min(n, length - filled)), filled);
  }
  return out;
}
