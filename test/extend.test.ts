/**
 * `ssgan run --resume ID --epochs N`: a finished run trained on to N epochs equals a run planned
 * that long from the start; config.json keeps the command that started it and lists the resume;
 * runs whose schedule spans the planned length refuse.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { ssgan } from './helpers/cli';

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-extend-'));
/** One seed, epochs of 3 iterations, evaluated every epoch; one process, one thread. */
const TINY = ['--preset', 'mnist-fm', '--labels', '20', '--seeds', '1', '--iterations-per-epoch', '3', '--evaluate-every', '1', '--jobs', '1', '--threads', '1', '--backend', 'wasm', '--reports', reports];

const readJson = (...parts: string[]) => JSON.parse(fs.readFileSync(path.join(reports, ...parts), 'utf8'));
/** metrics.csv without its timing columns. */
function metricsOf(runId: string): string[] {
  const [header, ...rows] = fs.readFileSync(path.join(reports, runId, 'seed-1', 'metrics.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
  const timing = new Set(['seconds', 'ms_per_iteration'].map((name) => header.indexOf(name)));
  return rows.map((row) => row.filter((_, i) => !timing.has(i)).join(','));
}

test.serial('a finished 2-epoch run extended to 3 epochs ends exactly as a 3-epoch run; config.json records the resume', (t) => {
  const planned = ssgan(['run', ...TINY, '--epochs', '3', '--run-id', 'planned']);
  t.is(planned.status, 0, planned.stderr);
  const short = ssgan(['run', ...TINY, '--epochs', '2', '--run-id', 'extended']);
  t.is(short.status, 0, short.stderr);
  t.is(readJson('extended', 'seed-1', 'result.json').epochs, 2);

  const extended = ssgan(['run', '--resume', 'extended', '--epochs', '3', '--reports', reports, '--jobs', '1', '--threads', '1', '--backend', 'wasm']);
  t.is(extended.status, 0, extended.stderr);
  t.regex(extended.stderr + extended.stdout, /seed 1: resuming after epoch 2/);
  t.deepEqual(metricsOf('extended'), metricsOf('planned'));
  const [a, b] = [readJson('extended', 'seed-1', 'result.json'), readJson('planned', 'seed-1', 'result.json')];
  t.deepEqual([a.epochs, a.testErrorAveraged, a.testErrorRaw], [b.epochs, b.testErrorAveraged, b.testErrorRaw]);

  const record = readJson('extended', 'config.json');
  t.is(record.config.epochs, 3);
  t.true(record.command.includes('--epochs') && record.command[record.command.indexOf('--epochs') + 1] === '2', 'the command that started the run');
  t.is(record.resumes.length, 1);
  t.like(record.resumes[0], { epochs: 3, codeVersion: record.codeVersion });
  t.deepEqual(record.resumes[0].command.slice(0, 4), ['run', '--resume', 'extended', '--epochs']);
  t.regex(record.resumes[0].at, /^\d{4}-\d\d-\d\dT/);

  const published = ssgan(['publish', 'extended', '--reports', reports, '--out', path.join(reports, 'results')]);
  t.is(published.status, 0, published.stderr);
  const page = fs.readFileSync(path.join(reports, 'results', 'mnist.md'), 'utf8');
  t.regex(page, /Run `extended` \(complete\): `ssgan run --preset mnist-fm .*--epochs 2 /);
  t.regex(page, /Resumed once:\n\n- \d{4}-\d\d-\d\d \d\d:\d\d UTC, 3 epochs planned: `ssgan run --resume extended --epochs 3 /);
});

test.serial('while an extended run trains, its seeds count as unfinished at the epoch they reached', (t) => {
  // The plan grows, but nothing trains yet: result.json still says 3 epochs.
  const config = readJson('extended', 'config.json');
  fs.writeFileSync(path.join(reports, 'extended', 'config.json'), JSON.stringify({ ...config, config: { ...config.config, epochs: 5 } }));
  // The summary still holds the ensemble `ssgan ensemble` made of the 3-epoch seeds.
  const summary = readJson('extended', 'summary.json');
  const withEnsemble = (s: unknown) => fs.writeFileSync(path.join(reports, 'extended', 'summary.json'), JSON.stringify(s));
  withEnsemble({ ...summary, ensemble: { seeds: [1], missingSeeds: [], testError: 42.5 } });
  const published = ssgan(['publish', 'extended', '--reports', reports, '--out', path.join(reports, 'results')]);
  t.is(published.status, 0, published.stderr);
  const row = readJson('results', 'mnist.json').rows[0];
  t.like(row, { status: 'partial', seedsFinished: 0, epochsPlanned: 5, epochsReached: { min: 3, max: 3 } });
  t.like(row.seeds[0], { finished: false, epochs: 3 });
  t.is(row.ensemble, null, 'the 3-epoch ensemble is not the extended row\'s');
  fs.writeFileSync(path.join(reports, 'extended', 'config.json'), JSON.stringify(config));
  const complete = ssgan(['publish', 'extended', '--reports', reports, '--out', path.join(reports, 'results')]);
  t.is(complete.status, 0, complete.stderr);
  t.like(readJson('results', 'mnist.json').rows[0], { status: 'complete', ensemble: { testError: 42.5 } });
  withEnsemble(summary);
});

test.serial('a resume keeps the --jobs and --threads the run was last given, unless it gives its own', (t) => {
  t.true(os.availableParallelism() >= 2, 'on one core the default is one thread too, and this test could not fail');
  const openblasThreads = () => readJson('extended', 'config.json').resumes.at(-1).backend.detail.match(/OpenBLAS [\d.]+ \((\d+) threads?\)/)?.[1];
  const resume = (epochs: number, ...extra: string[]) => ssgan(['run', '--resume', 'extended', '--epochs', String(epochs), '--reports', reports, '--backend', 'wasm', ...extra]);
  // Started and last resumed with --jobs 1 --threads 1; the default for one seed would be every core.
  const kept = resume(4);
  t.is(kept.status, 0, kept.stderr);
  t.is(openblasThreads(), '1');
  const given = resume(5, '--threads', '2');
  t.is(given.status, 0, given.stderr);
  t.is(openblasThreads(), '2');
  const again = resume(6);
  t.is(again.status, 0, again.stderr);
  t.is(openblasThreads(), '2', 'the last resume gave --threads 2');
  t.is(readJson('extended', 'seed-1', 'result.json').epochs, 6);
});

test.serial('a run cannot be shortened, nor extended when its learning rate decays or a noise schedule spans it', (t) => {
  const resume = (runId: string, epochs: string) => ssgan(['run', '--resume', runId, '--epochs', epochs, '--reports', reports, '--backend', 'wasm']);
  const lastLine = (r: { stderr: string }) => r.stderr.trim().split('\n').at(-1);

  const shorter = resume('planned', '2');
  t.is(shorter.status, 1);
  t.is(lastLine(shorter), 'ssgan run: --epochs 2: a resumed run can only be extended beyond its 3 epochs');

  const withConfig = (runId: string, change: Record<string, unknown>) => {
    fs.cpSync(path.join(reports, 'planned'), path.join(reports, runId), { recursive: true });
    const saved = readJson(runId, 'config.json');
    fs.writeFileSync(path.join(reports, runId, 'config.json'), JSON.stringify({ ...saved, config: { ...saved.config, ...change } }));
  };
  withConfig('decaying', { lrDecayStartEpoch: 2 });
  const decaying = resume('decaying', '6');
  t.is(decaying.status, 1);
  t.regex(lastLine(decaying) ?? '', /^ssgan run: --epochs 6: this run's learning rate decays to 0 over its planned 3 epochs/);

  withConfig('noisy', { hooks: [{ name: 'instance-noise', options: { std: 0.1 } }] });
  const noisy = resume('noisy', '6');
  t.is(noisy.status, 1);
  t.regex(lastLine(noisy) ?? '', /^ssgan run: --epochs 6: instance-noise follows a schedule over the run's planned length/);
  t.is(readJson('noisy', 'seed-1', 'result.json').epochs, 3, 'nothing trained');

  const other = ssgan(['run', '--resume', 'planned', '--labels', '50', '--reports', reports]);
  t.is(other.status, 1);
  t.regex(lastLine(other) ?? '', /drop --labels/);
});
