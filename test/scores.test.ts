/** The score formulas on hand-made tables, where the right answer is known exactly. */
import test from 'ava';
import { fid, inceptionScore } from '../src/eval/scores';

test('uniform predictions give an Inception score of 1', (t) => {
  const k = 10;
  const rows = 200;
  const score = inceptionScore({ rows, cols: k, data: new Float64Array(rows * k).fill(1 / k) });
  t.true(Math.abs(score.mean - 1) < 1e-12, `got ${score.mean}`);
  t.true(score.std < 1e-12);
  t.is(score.splits, 10);
});

test('one-hot predictions spread evenly over K classes give an Inception score of K', (t) => {
  for (const k of [2, 7, 10]) {
    const rows = 10 * k * 5;
    const data = new Float64Array(rows * k);
    for (let i = 0; i < rows; i++) data[i * k + (i % k)] = 1;
    const score = inceptionScore({ rows, cols: k, data });
    t.true(Math.abs(score.mean - k) < 1e-9, `K=${k}: got ${score.mean}`);
    t.true(score.std < 1e-9);
  }
});

/** Seeded standard-normal features (Box-Muller over a small LCG), [rows, cols]. */
function gaussianRows(rows: number, cols: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 1) / 4294967297;
  };
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

test('FID of a set with itself is ~0 and grows with a shift of the mean', (t) => {
  const rows = 2000;
  const cols = 16;
  const x = gaussianRows(rows, cols, 42);
  const self = fid({ rows, cols, data: x }, { rows, cols, data: x });
  t.true(self < 1e-8, `FID(x, x) = ${self}`);
  let previous = self;
  for (const shift of [0.1, 0.5, 1, 2]) {
    const y = x.map((v) => v + shift);
    const d = fid({ rows, cols, data: x }, { rows, cols, data: y });
    // Same covariance, so the distance is exactly the squared mean shift: cols * shift^2.
    t.true(Math.abs(d - cols * shift * shift) < 1e-6 * (1 + d), `shift ${shift}: FID ${d}, expected ${cols * shift * shift}`);
    t.true(d > previous);
    previous = d;
  }
  // Two independent draws of one distribution are close, far closer than a shift of 1.
  const other = fid({ rows, cols, data: x }, { rows, cols, data: gaussianRows(rows, cols, 7) });
  t.true(other > 0 && other < 0.5, `independent draws: FID ${other}`);
});
