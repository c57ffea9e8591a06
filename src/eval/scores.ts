/**
 * Sample-quality scores from a scorer network's outputs: the Inception-score formula
 * exp(E_x KL(p(y|x) || p(y))) (Salimans et al. 2016) and the Fréchet distance between Gaussian fits
 * of two feature sets (FID, Heusel et al. 2017). The formulas are independent of the network; which
 * network made a score is recorded beside it by the caller.
 */
import { type SquareMatrix, multiply, psdSqrt, symmetricEigen, trace } from './linalg';

/** Rows of numbers, row-major: `rows` examples of `cols` values. */
export interface Rows {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}

export interface SplitScore {
  readonly mean: number;
  /** Standard deviation over the splits (population, as the authors' code). */
  readonly std: number;
  readonly splits: number;
}

/** Inception score of class probabilities p(y|x), over `splits` contiguous equal parts (mean ± std). */
export function inceptionScore(probabilities: Rows, splits = 10): SplitScore {
  const { rows, cols, data } = probabilities;
  if (rows < splits) throw new RangeError(`inception score needs at least ${splits} samples for ${splits} splits, got ${rows}`);
  const scores: number[] = [];
  for (let s = 0; s < splits; s++) {
    const begin = Math.floor((s * rows) / splits);
    const end = Math.floor(((s + 1) * rows) / splits);
    const marginal = new Float64Array(cols);
    for (let i = begin; i < end; i++) for (let k = 0; k < cols; k++) marginal[k] += data[i * cols + k];
    for (let k = 0; k < cols; k++) marginal[k] /= end - begin;
    let klSum = 0;
    for (let i = begin; i < end; i++) {
      for (let k = 0; k < cols; k++) {
        const p = data[i * cols + k];
        // p log p -> 0 as p -> 0, so empty classes add nothing.
        if (p > 0) klSum += p * (Math.log(p) - Math.log(marginal[k]));
      }
    }
    scores.push(Math.exp(klSum / (end - begin)));
  }
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  const std = Math.sqrt(scores.reduce((a, v) => a + (v - mean) ** 2, 0) / splits);
  return { mean, std, splits };
}

/** Mean and (unbiased) covariance of a feature set: the Gaussian FID compares. */
export interface FeatureStats {
  readonly mean: Float64Array;
  readonly covariance: SquareMatrix;
  readonly count: number;
}

export function featureStats(features: Rows): FeatureStats {
  const { rows, cols, data } = features;
  if (rows < 2) throw new RangeError(`a covariance needs at least 2 samples, got ${rows}`);
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j];
  for (let j = 0; j < cols; j++) mean[j] /= rows;
  const cov = new Float64Array(cols * cols);
  const centered = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) centered[j] = data[i * cols + j] - mean[j];
    // Upper triangle only; mirrored below.
    for (let a = 0; a < cols; a++) {
      const ca = centered[a];
      if (ca === 0) continue;
      const row = a * cols;
      for (let b = a; b < cols; b++) cov[row + b] += ca * centered[b];
    }
  }
  for (let a = 0; a < cols; a++) {
    for (let b = a; b < cols; b++) {
      cov[a * cols + b] /= rows - 1;
      cov[b * cols + a] = cov[a * cols + b];
    }
  }
  return { mean, covariance: { n: cols, data: cov }, count: rows };
}

/**
 * ||mu1 - mu2||^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)). The last trace is computed as
 * tr((S1^(1/2) S2 S1^(1/2))^(1/2)), whose matrix is symmetric PSD and has the same eigenvalues as
 * S1 S2, so only symmetric eigen-decompositions are needed.
 */
export function frechetDistance(a: FeatureStats, b: FeatureStats): number {
  const n = a.mean.length;
  if (b.mean.length !== n) throw new RangeError(`feature sizes differ: ${n} and ${b.mean.length}`);
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i] - b.mean[i]) ** 2;
  const rootA = psdSqrt(a.covariance);
  const middle = multiply(multiply(rootA, b.covariance), rootA);
  // Symmetrise away rounding so the eigen-decomposition sees an exactly symmetric matrix.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const avg = (middle.data[i * n + j] + middle.data[j * n + i]) / 2;
      middle.data[i * n + j] = middle.data[j * n + i] = avg;
    }
  }
  const { values } = symmetricEigen(middle, false);
  let traceRoot = 0;
  for (const v of values) traceRoot += Math.sqrt(Math.max(v, 0));
  // Rounding can leave a distance of identical sets a hair below zero.
  return Math.max(meanTerm + trace(a.covariance) + trace(b.covariance) - 2 * traceRoot, 0);
}

/** FID straight from two feature sets. */
export function fid(a: Rows, b: Rows): number {
  return frechetDistance(featureStats(a), featureStats(b));
}
