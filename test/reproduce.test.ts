/** `ssgan reproduce` on a tiny schedule: the record and page with every field, and a resume after a kill. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import type { ResultsRecord } from '../src/results/record';
import { ssgan, ssganKilledWhen } from './helpers/cli';

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-reproduce-'));
/** 2 sizes x 2 seeds x 2 epochs of 3 iterations, evaluated at the last epoch; one process, one thread. */
const TINY = [
  'reproduce', 'mnist', '--labels', '20,50', '--seeds', '2', '--epochs', '2', '--iterations-per-epoch', '3', '--evaluate-every', '2',
  '--jobs', '1', '--threads', '1', '--backend', 'wasm', '--reports', reports, '--ensemble',
];

const readRecord = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ResultsRecord;
const errorsBySeed = (r: ResultsRecord) => r.rows.map((row) => [row.labels, row.seeds.map((s) => [s.seed, s.testErrorAveraged, s.testErrorRaw])]);

test.serial('a reproduction writes the record and page with every field; a killed one resumes to the same errors, seed by seed', async (t) => {
  const published = path.join(reports, 'docs-results');
  const straight = ssgan([...TINY, '--reproduction-id', 'straight', '--publish', published]);
  t.is(straight.status, 0, straight.stderr);
  const record = readRecord(path.join(reports, 'straight', 'results', 'mnist.json'));
  t.deepEqual(readRecord(path.join(published, 'mnist.json')), record, '--publish writes the same record');
  t.like(record, { name: 'mnist', dataset: 'mnist', rowsNotStarted: [] });
  t.deepEqual(record.rows.map((r) => r.labels), [20, 50]);
  for (const row of record.rows) {
    t.like(row, { dataset: 'mnist', preset: 'mnist-fm', status: 'complete', seedsPlanned: 2, seedsFinished: 2, epochsPlanned: 2, epochsReached: { min: 2, max: 2 }, iterationsPerEpoch: 3 });
    t.is(row.published?.epochs, 300);
    t.is(row.published?.mean, row.labels === 20 ? 16.77 : 2.21);
    t.deepEqual(row.ensemble?.seeds, [1, 2]);
    t.is(row.testErrorAveraged.n, 2);
    const run = row.runs[0];
    t.is(run.runId, `labels-${row.labels}`);
    t.is(run.state, 'complete');
    t.regex(run.command ?? '', /^ssgan reproduce mnist --labels 20,50 --seeds 2 /);
    t.regex(run.codeVersion ?? '', /^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    t.regex(run.cpu ?? '', /, \d+ cores$/);
    t.regex(run.backend ?? '', /^wasm /);
    t.deepEqual(row.seeds.map((s) => [s.seed, s.dataSeed, s.epochs, s.finished]), [[1, 1, 2, true], [2, 2, 2, true]]);
    for (const s of row.seeds) {
      t.true(s.testErrorAveraged! > 0 && s.testErrorAveraged! < 100 && s.testErrorRaw! > 0 && s.testErrorRaw! < 100);
      t.deepEqual(s.curves.epoch, [1, 2]);
      t.deepEqual(s.curves.testErrorAveraged, [null, s.testErrorAveraged]);
      t.is(s.curves.losses['k-plus-one'].length, 2);
      t.is(s.curves.losses['feature-matching'].length, 2);
      t.is(s.dWinsEarly?.epoch, 2);
    }
  }
  const page = fs.readFileSync(path.join(reports, 'straight', 'results', 'mnist.md'), 'utf8');
  t.regex(page, /Every row is complete/);
  t.regex(page, /\| 20 \| [\d.]+ ± [\d.]+ \(n=2\) \| [\d.]+ ± [\d.]+ \(n=2\) \| 2 of 2 \| 2 of 2 \| 16\.77 ± 4\.52 \| 300 \| [\d.]+ \(2 seeds\) \| 11\.34 ± 4\.45 \|/);
  t.regex(page, /\| 50 \| .* \| 2\.21 ± 1\.36 \| 300 \|/);
  for (const labels of [20, 50]) t.true(fs.existsSync(path.join(published, `mnist-curves-l${labels}.svg`)));
  t.is(fs.readFileSync(path.join(published, 'mnist.md'), 'utf8'), page);

  // Killed once the first size's first seed has finished and its second seed has an epoch.
  await ssganKilledWhen(path.join(reports, 'killed', 'labels-20', 'seed-2', 'metrics.csv'), [...TINY, '--reproduction-id', 'killed']);
  t.true(fs.existsSync(path.join(reports, 'killed', 'labels-20', 'seed-1', 'result.json')));
  t.false(fs.existsSync(path.join(reports, 'killed', 'labels-50')), 'killed before the second size started');
  const refused = ssgan(['reproduce', '--resume', 'killed', '--reports', reports, '--epochs', '3']);
  t.is(refused.status, 1);
  t.regex(refused.stderr, /--resume takes the reproduction's saved config; drop --epochs/);
  const firstSeed = path.join(reports, 'killed', 'labels-20', 'seed-1', 'result.json');
  const firstSeedWritten = fs.statSync(firstSeed).mtimeMs;
  // No --jobs or --threads: the resume keeps the started command's one job on one thread.
  const resumed = ssgan(['reproduce', '--resume', 'killed', '--reports', reports, '--backend', 'wasm']);
  t.is(resumed.status, 0, resumed.stderr);
  const trainedOnResume = JSON.parse(fs.readFileSync(path.join(reports, 'killed', 'labels-50', 'config.json'), 'utf8'));
  t.is(trainedOnResume.jobs, 1);
  t.regex(trainedOnResume.backend.detail, /OpenBLAS [\d.]+ \(1 thread\)/);
  t.is(fs.statSync(firstSeed).mtimeMs, firstSeedWritten, 'the finished seed is kept, not trained again');
  const again = readRecord(path.join(reports, 'killed', 'results', 'mnist.json'));
  t.deepEqual(errorsBySeed(again), errorsBySeed(record));
  t.deepEqual(again.rows.map((r) => r.status), ['complete', 'complete']);
  t.regex(again.rows[0].runs[0].command ?? '', /--reproduction-id killed/, 'the command that started the reproduction, not the resume');
});

test('a dataset without published numbers, or a wrong size list, is a one-line error', (t) => {
  const none = ssgan(['reproduce', 'nope', '--reports', reports]);
  t.is(none.status, 1);
  t.regex(none.stderr, /no preset with published numbers for dataset 'nope'/);
  const labels = ssgan(['reproduce', 'mnist', '--labels', '20,x', '--reports', reports]);
  t.is(labels.status, 1);
  t.regex(labels.stderr, /--labels must be positive integers separated by commas, got '20,x'/);
  t.notRegex(labels.stderr, /^\s+at /m);
});
