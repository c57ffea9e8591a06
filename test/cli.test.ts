/** The command line as a user meets it: clear errors, complete reports, resume after a kill. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { ssgan, ssganKilledWhen } from './helpers/cli';

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-cli-'));
/** A budget of seconds: 2 epochs of 20 iterations. */
const TINY = ['--epochs', '2', '--iterations-per-epoch', '20', '--reports', reports, '--backend', 'wasm'];

function noStackTrace(t: import('ava').ExecutionContext, stderr: string): void {
  t.notRegex(stderr, /^\s+at /m, `stack trace printed:\n${stderr}`);
}

test('--help prints the usage and exits 0', (t) => {
  const r = ssgan(['--help']);
  t.is(r.status, 0);
  t.regex(r.stdout, /ssgan run \[options\]/);
});

test('an unknown command or flag is a one-line error and exit 1', (t) => {
  const cmd = ssgan(['frobnicate']);
  t.is(cmd.status, 1);
  t.regex(cmd.stderr, /unknown command 'frobnicate'/);
  const flag = ssgan(['run', '--epoch', '3']);
  t.is(flag.status, 1);
  t.is(flag.stderr, 'ssgan run: unknown flag --epoch; did you mean --epochs? (ssgan --help lists every flag)\n');
  noStackTrace(t, flag.stderr);
});

test('a wrong value, preset or data folder is a clear error naming the fault', (t) => {
  const labels = ssgan(['run', '--labels', 'many', ...TINY]);
  t.is(labels.status, 1);
  t.regex(labels.stderr, /--labels must be an integer, got 'many'/);
  const preset = ssgan(['run', '--preset', 'nope', ...TINY]);
  t.is(preset.status, 1);
  t.regex(preset.stderr, /unknown preset 'nope'; available: .*mnist-fm/);
  const data = ssgan(['run', '--data-dir', '/nonexistent/mnist', '--run-id', 'bad-data', ...TINY]);
  t.is(data.status, 1);
  t.regex(data.stderr, /\/nonexistent\/mnist\/train-images-idx3-ubyte: missing/);
  noStackTrace(t, data.stderr);
  const status = JSON.parse(fs.readFileSync(path.join(reports, 'bad-data', 'status.json'), 'utf8'));
  t.is(status.state, 'failed');
  t.false(fs.existsSync(path.join(reports, 'bad-data', 'summary.md')));
});

test.serial('a run with 2 seeds writes a complete report with mean and std, and sample grids', (t) => {
  // Two seeds default to two worker processes (--jobs 2 on two cores).
  const r = ssgan(['run', '--seeds', '2', '--jobs', '2', '--run-id', 'two-seeds', ...TINY]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /test error: [\d.]+% ± [\d.]+ with averaged weights/);
  const dir = path.join(reports, 'two-seeds');
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  t.true(summary.complete);
  t.is(summary.testErrorAveraged.n, 2);
  t.is(summary.published.mean, 0.93);
  t.is(summary.backend.name, 'wasm');
  const errors = summary.seeds.map((s: { testErrorAveraged: number }) => s.testErrorAveraged);
  t.true(Math.abs(summary.testErrorAveraged.mean - (errors[0] + errors[1]) / 2) < 1e-9);
  t.regex(fs.readFileSync(path.join(dir, 'summary.md'), 'utf8'), /\| Salimans et al\. 2016.* \| 300 \| 0\.93 ± 0\.065 \|/);
  t.is(JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')).state, 'complete');
  for (const seed of [1, 2]) {
    const seedDir = path.join(dir, `seed-${seed}`);
    const csv = fs.readFileSync(path.join(seedDir, 'metrics.csv'), 'utf8').trim().split('\n');
    t.is(csv.length, 3, 'header and one row per epoch');
    t.regex(csv[0], /test_error_averaged/);
    for (const png of ['real.png', 'epoch-001.png', 'epoch-002.png']) t.true(fs.existsSync(path.join(seedDir, 'samples', png)), png);
    t.true(fs.existsSync(path.join(seedDir, 'checkpoint', 'generator', 'model.json')));
  }
  // Results are bit-identical for the same backend on any thread count (--jobs 2 gives each job
  // one thread; here one job has two).
  const oneByOne = ssgan(['run', '--seeds', '2', '--jobs', '1', '--threads', '2', '--run-id', 'one-by-one', ...TINY]);
  t.is(oneByOne.status, 0, oneByOne.stderr);
  const sequential = JSON.parse(fs.readFileSync(path.join(reports, 'one-by-one', 'summary.json'), 'utf8'));
  t.deepEqual(
    sequential.seeds.map((s: { testErrorAveraged: number; testErrorRaw: number }) => [s.testErrorAveraged, s.testErrorRaw]),
    summary.seeds.map((s: { testErrorAveraged: number; testErrorRaw: number }) => [s.testErrorAveraged, s.testErrorRaw]),
    '--jobs 2 gives the same per-seed results as one seed after the other',
  );
  const sample = ssgan(['sample', '--run', 'two-seeds', '--reports', reports, '--n', '16', '--out', path.join(dir, 'drawn.png')]);
  t.is(sample.status, 0, sample.stderr);
  t.true(fs.statSync(path.join(dir, 'drawn.png')).size > 100);
});

test.serial('a run killed after its first epoch is marked incomplete, resumes, and ends as if never stopped', async (t) => {
  const args = ['run', '--epochs', '3', '--iterations-per-epoch', '20', '--reports', reports, '--backend', 'wasm'];
  const straight = ssgan([...args, '--run-id', 'straight']);
  t.is(straight.status, 0, straight.stderr);

  await ssganKilledWhen(path.join(reports, 'killed', 'seed-1', 'checkpoint', 'checkpoint.json'), [...args, '--run-id', 'killed']);
  const dir = path.join(reports, 'killed');
  t.is(JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')).state, 'running', 'a killed run cannot say more');
  t.false(fs.existsSync(path.join(dir, 'seed-1', 'result.json')));
  t.false(fs.existsSync(path.join(dir, 'summary.md')));

  const resumed = ssgan(['run', '--resume', 'killed', '--reports', reports, '--backend', 'wasm']);
  t.is(resumed.status, 0, resumed.stderr);
  t.regex(resumed.stderr, /resuming after epoch [12]/);
  const result = (run: string) => JSON.parse(fs.readFileSync(path.join(reports, run, 'seed-1', 'result.json'), 'utf8'));
  t.is(result('killed').testErrorAveraged, result('straight').testErrorAveraged);
  t.is(result('killed').testErrorRaw, result('straight').testErrorRaw);
  const rows = (run: string) => fs.readFileSync(path.join(reports, run, 'seed-1', 'metrics.csv'), 'utf8').trim().split('\n').length;
  t.is(rows('killed'), 4);
  t.is(JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')).state, 'complete');
});

test('--resume refuses a run that another live process is still training', (t) => {
  const dir = path.join(reports, 'busy');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), '{}');
  const status = { state: 'running', updatedAt: new Date().toISOString(), pid: process.pid, seedsDone: 0, seedsTotal: 1 };
  fs.writeFileSync(path.join(dir, 'status.json'), JSON.stringify(status));
  const r = ssgan(['run', '--resume', 'busy', '--reports', reports]);
  t.is(r.status, 1);
  t.regex(r.stderr, new RegExp(`run 'busy' is still being trained by process ${process.pid}`));
  t.notRegex(r.stderr, /^\s+at /m);
});

test('--resume refuses flags that would change the saved config', (t) => {
  fs.mkdirSync(path.join(reports, 'stub'), { recursive: true });
  fs.writeFileSync(path.join(reports, 'stub', 'config.json'), '{}');
  const r = ssgan(['run', '--resume', 'stub', '--labels', '50', '--reports', reports]);
  t.is(r.status, 1);
  t.regex(r.stderr, /--resume takes the run's saved config; drop --labels/);
  const extend = ssgan(['run', '--resume', 'stub', '--epochs', '5', '--reports', reports]);
  t.is(extend.status, 1);
  t.is(extend.stderr.trim(), `ssgan run: ${path.join(reports, 'stub', 'config.json')}: no run config in it`);
});
