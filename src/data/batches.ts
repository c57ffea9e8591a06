/**
 * Minibatch order, as in the authors' code: each epoch, the labeled set is tiled with fresh
 * permutations to the epoch's length, and the unlabeled set is walked in two independent
 * permutations (one for the discriminator step, one for the generator step). Indices stay on the
 * host: image sets turn them into batches.
 */
import type { Rng } from '../engine/random';

/** Positions in the labeled and the unlabeled set of one iteration's batches. */
export interface BatchIndices {
  readonly labeled: Int32Array;
  readonly unlabeled: Int32Array;
  readonly unlabeledForGenerator: Int32Array;
}

export class BatchSchedule {
  private orders: Int32Array[] = [];

  constructor(
    private readonly numLabeled: number,
    private readonly numUnlabeled: number,
    readonly batchSize: number,
    readonly iterationsPerEpoch: number,
  ) {}

  /** Draws the next epoch's orders from `rng`. */
  startEpoch(rng: Rng): void {
    const length = this.batchSize * this.iterationsPerEpoch;
    this.orders = [
      tiledPermutations(this.numLabeled, length, rng),
      tiledPermutations(this.numUnlabeled, length, rng),
      tiledPermutations(this.numUnlabeled, length, rng),
    ];
  }

  /** Indices of the `iteration`-th batch of the epoch (0-based). */
  batch(iteration: number): BatchIndices {
    const begin = iteration * this.batchSize;
    const [labeled, unlabeled, unlabeledForGenerator] = this.orders.map((o) => o.subarray(begin, begin + this.batchSize));
    return { labeled, unlabeled, unlabeledForGenerator };
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
