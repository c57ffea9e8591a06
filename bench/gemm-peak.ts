/**
 * The GEMM speed this machine and backend reach on one large square product: the bound an
 * iteration's products could approach. Measured at each bench run, because machines differ (the
 * reference machine of issue 4 reached 249 GFLOP/s; another 2-core machine here, 149).
 */
import * as tf from '@tensorflow/tfjs';

export interface GemmPeak {
  readonly gflops: number;
  /** The side n of the n x n by n x n product it was measured on. */
  readonly size: number;
}

/** Best of `runs` products, on a size grown from 256 until one product takes at least `minMs` (at most 2048). */
export function measureGemmPeak(runs = 3, minMs = 100): GemmPeak {
  let size = 256;
  for (;;) {
    const ms = bestProductMs(size, runs);
    if (ms >= minMs || size >= 2048) return { gflops: (2 * size ** 3) / (ms * 1e6), size };
    size *= 2;
  }
}

function bestProductMs(size: number, runs: number): number {
  const [a, b] = [tf.randomUniform([size, size], -1, 1), tf.randomUniform([size, size], -1, 1)];
  let best = Infinity;
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    const ms = performance.now() - start;
    c.dispose();
    // The first product warms the kernel and the allocator up.
    if (run > 0) best = Math.min(best, ms);
  }
  tf.dispose([a, b]);
  return best;
}
