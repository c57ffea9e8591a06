/** The projection of a test-error curve to the paper's epoch count, on constructed and recorded curves. */
import * as path from 'node:path';
import test from 'ava';
import { PROJECTION_MIN_POINTS, projectTestError } from '../src/results/projection';
import { readMetricsCsv } from '../src/runner/report/report-data';

const EPOCHS = Array.from({ length: 20 }, (_, i) => 5 * (i + 1));
/** A fixed ±0.02 wiggle, so the fit meets noise but the test stays deterministic. */
const wiggle = (i: number) => (i % 2 === 0 ? 0.02 : -0.02);

test('a falling curve is fitted over its later epochs and read at the later epoch', (t) => {
  const errors = EPOCHS.map((e, i) => 0.9 + 6 * Math.exp(-e / 25) + wiggle(i));
  const p = projectTestError(EPOCHS, errors, 300)!;
  t.like(p, { epoch: 300, fittedEpochs: { from: 40, to: 100, points: 13 } });
  t.true(Math.abs(p.asymptote - 0.9) < 0.05, `asymptote ${p.asymptote}`);
  t.true(Math.abs(p.testError - 0.9) < 0.05, `at 300: ${p.testError}`);
  t.true(p.testError < errors.at(-1)! - 0.05, 'below the last measured point: the decay continues');
  t.true(Math.abs(p.timeConstant! - 25) < 6, `τ ${p.timeConstant}`);
  t.true(p.rmsResidual < 0.03);
});

test('a curve that rises over the window is projected flat at its mean there, never better', (t) => {
  const errors = EPOCHS.map((e) => (e < 40 ? 10 - e / 5 : 2.4 + (e - 40) / 40));
  const p = projectTestError(EPOCHS, errors, 300)!;
  const window = errors.filter((_, i) => EPOCHS[i] >= 40);
  t.is(p.timeConstant, null);
  t.true(Math.abs(p.testError - window.reduce((a, b) => a + b, 0) / window.length) < 1e-12);
  t.is(p.testError, p.asymptote);
});

test('unevaluated epochs are skipped; too short a curve, or a target inside it, gives none', (t) => {
  const errors = EPOCHS.map((e, i) => (i % 2 === 0 ? null : 1 + 4 * Math.exp(-e / 20)));
  const sparse = projectTestError(EPOCHS, errors, 300)!;
  t.is(sparse.fittedEpochs.points, 7, 'epochs 40-100 evaluated every 10');
  t.is(projectTestError(EPOCHS.slice(0, 4), errors.slice(0, 4), 300), null);
  const few = Array.from({ length: PROJECTION_MIN_POINTS - 1 }, (_, i) => 100 + i);
  t.is(projectTestError(few, few.map(() => 1), 300), null, 'fewer points than the minimum in the window');
  t.is(projectTestError(EPOCHS, EPOCHS.map(() => 1), 100), null, 'epoch 100 is measured, not projected');
});

test('the recorded 100-epoch seed projects just below its last measurement', (t) => {
  const rows = readMetricsCsv(path.join(__dirname, 'fixtures', 'metrics', 'mnist-100ep-seed-1.csv'));
  const p = projectTestError(rows.map((r) => r.epoch), rows.map((r) => r.test_error_averaged ?? null), 300)!;
  const last = rows.at(-1)!.test_error_averaged!;
  t.true(p.testError <= last && p.testError > last - 0.2, `${p.testError} against ${last} at epoch 100`);
  t.like(p.fittedEpochs, { from: 40, to: 100, points: 13 });
});
