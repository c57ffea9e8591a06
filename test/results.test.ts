/** The results record and page (`ssgan publish`), and the D-wins-early detector, on recorded and constructed run folders. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { loadPlugins } from '../src/cli/setup';
import { presetLookup } from '../src/cli/publish';
import {
  D_WINS_EARLY_FEATURE_MATCHING_ABOVE,
  D_WINS_EARLY_K_PLUS_ONE_BELOW,
  dWinsEarly,
} from '../src/gan/stuck-phase';
import { buildRecord } from '../src/results/record';
import { readRunSource } from '../src/results/run-source';
import { regenerateFromRecord, writeResults } from '../src/results/publish';
import { resolveConfig } from '../src/runner/config';
import { readMetricsCsv } from '../src/runner/report/report-data';
import { RunFolder } from '../src/store/run-folder';
import { writeSeedTestOutputs } from '../src/store/test-outputs';
import { summarize, summaryMarkdown } from '../src/runner/summary';
import { ssgan } from './helpers/cli';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FIXTURES = path.join(__dirname, 'fixtures', 'metrics');
/** Recorded: seed 1 of 100 MNIST epochs (K+1 loss 0.075 then 0.089, feature matching 6.5 then 4.0). */
const RECORDED = readMetricsCsv(path.join(FIXTURES, 'mnist-100ep-seed-1.csv'));
/** Constructed from the stuck seeds' pattern: K+1 loss 0.047 then 0.012, feature matching 11.8 then 27.4. */
const STUCK = readMetricsCsv(path.join(FIXTURES, 'd-wins-early.csv'));

const { registry } = loadPlugins();
const presetOf = presetLookup(registry);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-results-'));

test('D wins early: a recorded seed that converged is not stuck; the constructed pattern is, from epoch 1', (t) => {
  const recorded = dWinsEarly(RECORDED);
  t.is(recorded?.stuck, false);
  t.is(recorded?.epoch, 2, 'both epochs looked at');
  const stuck = dWinsEarly(STUCK);
  t.deepEqual(stuck, { stuck: true, epoch: 1, kPlusOne: 0.0468, featureMatching: 11.842 });
});

test('D wins early needs both thresholds, within epochs 1-2, and says nothing without the losses', (t) => {
  const row = (epoch: number, k: number, fm: number) => ({ epoch, 'k-plus-one': k, 'feature-matching': fm });
  t.false(dWinsEarly([row(1, 0.01, D_WINS_EARLY_FEATURE_MATCHING_ABOVE - 1)])?.stuck, 'K+1 alone');
  t.false(dWinsEarly([row(1, D_WINS_EARLY_K_PLUS_ONE_BELOW, 30)])?.stuck, 'a K+1 loss at the threshold is not below it');
  t.false(dWinsEarly([row(1, 0.2, 4), row(2, 0.1, 5), row(3, 0.01, 30)])?.stuck, 'epoch 3 is past the window');
  t.true(dWinsEarly([row(1, 0.2, 4), row(2, 0.02, 12)])?.stuck);
  t.is(dWinsEarly([{ epoch: 1, supervised: 0.1 }]), undefined);
  t.is(dWinsEarly([]), undefined);
});

interface SeedFixture {
  readonly seed: number;
  readonly metrics: string;
  /** Writes result.json from the last evaluated row: the seed finished. */
  readonly finished: boolean;
}

/** A run folder as the runner leaves it, with the given seeds' files and status. */
function runFolder(id: string, overrides: Parameters<typeof resolveConfig>[1], seeds: readonly SeedFixture[], state: string): RunFolder {
  const { config } = resolveConfig(registry, { labels: 100, seeds: 3, epochs: 4, iterationsPerEpoch: 600, ...overrides });
  const folder = RunFolder.create(root, config.preset, id);
  folder.writeJson('config.json', {
    config, backend: { name: 'wasm', detail: 'fixture', tfjsVersion: '4.22.0' }, codeVersion: '0.1.0+fixture', cpu: 'Fixture CPU, 2 cores',
    command: ['run', '--labels', String(config.labels), '--run-id', id], data: { classNames: DIGITS },
  });
  folder.writeJson('status.json', { state, updatedAt: new Date().toISOString(), pid: 1, seedsDone: seeds.filter((s) => s.finished).length, seedsTotal: config.seeds });
  for (const s of seeds) {
    fs.mkdirSync(folder.seedDir(s.seed), { recursive: true });
    fs.writeFileSync(path.join(folder.seedDir(s.seed), 'metrics.csv'), s.metrics);
    if (!s.finished) continue;
    const last = readMetricsCsv(path.join(folder.seedDir(s.seed), 'metrics.csv')).filter((r) => r.test_error_averaged !== undefined).at(-1)!;
    folder.writeJson(`seed-${s.seed}/result.json`, {
      seed: s.seed, dataSeed: s.seed - config.seed + config.dataSeed, epochs: config.epochs, iterations: 2400,
      testErrorAveraged: last.test_error_averaged, testErrorRaw: last.test_error_raw, trainSeconds: 1, msPerIteration: 1,
    });
  }
  return folder;
}

const HEADER = 'epoch,iteration,learning_rate,train_error,supervised,k-plus-one,feature-matching,seconds,ms_per_iteration,test_error_averaged,test_error_raw';
const csv = (rows: readonly string[]) => `${[HEADER, ...rows].join('\n')}\n`;
const FOUR_EPOCHS = csv([
  '1,600,0.003,0.03,0.11,0.075,6.5,40,68,30.5,31.2',
  '2,1200,0.003,0.003,0.012,0.089,4.0,35,58,20.25,21.5',
  '3,1800,0.003,0.001,0.006,0.15,3.0,49,82,15.5,16.75',
  '4,2400,0.003,0.001,0.005,0.22,2.6,34,56,12.5,13.25',
]);
/** Stopped after epoch 3, evaluated at epoch 2 only (--evaluate-every 2). */
const THREE_EPOCHS_RUNNING = csv(['1,600,0.003,0.03,0.11,0.07,6.1,40,68,,', '2,1200,0.003,0.003,0.012,0.08,4.2,35,58,22.75,23.5', '3,1800,0.003,0.001,0.006,0.16,3.1,49,82,,']);

test('a partial run folder gives a partial row: finished, unfinished and unstarted seeds counted, each unfinished seed at its last evaluated epoch', (t) => {
  const folder = runFolder('partial', {}, [{ seed: 1, metrics: FOUR_EPOCHS, finished: true }, { seed: 2, metrics: THREE_EPOCHS_RUNNING, finished: false }], 'running');
  const record = buildRecord([readRunSource(folder)], { name: 'mnist', presetOf, plannedLabels: [100, 200] });
  const [row] = record.rows;
  t.is(row.status, 'partial');
  t.like(row, { labels: 100, seedsPlanned: 3, seedsFinished: 1, epochsPlanned: 4, epochsReached: { min: 0, max: 4 } });
  t.deepEqual(record.rowsNotStarted, [200]);
  t.like(row.seeds[0], { seed: 1, finished: true, epochs: 4, testErrorAveraged: 12.5, testErrorRaw: 13.25 });
  t.like(row.seeds[1], { seed: 2, finished: false, epochs: 2, testErrorAveraged: 22.75, testErrorRaw: 23.5 });
  t.deepEqual(row.testErrorAveraged, { mean: 12.5, std: 0, n: 1 }, 'the mean covers finished seeds only');
  t.deepEqual(row.seeds[1].curves.testErrorAveraged, [null, 22.75, null]);
  t.deepEqual(row.seeds[1].curves.losses['k-plus-one'], [0.07, 0.08, 0.16]);
  t.like(row.published, { mean: 0.93, std: 0.065, epochs: 300, ensembleOf10: { mean: 0.86, std: 0.056 } });
  t.like(row.runs[0], { runId: 'partial', state: 'running', command: 'ssgan run --labels 100 --run-id partial', codeVersion: '0.1.0+fixture', cpu: 'Fixture CPU, 2 cores' });

  const out = path.join(root, 'published-partial');
  writeResults(out, record);
  const page = fs.readFileSync(path.join(out, 'mnist.md'), 'utf8');
  t.regex(page, /\*\*This table is partial\.\*\* 100 labels: 1 of 3 seeds finished, 1 unfinished at epoch 2 of 4, 1 not started\. Not started: 200 labels\./);
  t.regex(page, /\| 100 \(partial\) \| 12\.50 \(n=1\) \| 13\.25 \(n=1\) \| 1 of 3 \| 0-4 of 4 \| 0\.93 ± 0\.065 \| 300 \|/);
  t.regex(page, /\| 2 \| 2 \| running \| 2 \| 22\.75 \| 23\.50 \| - \| no /);
  t.notRegex(page, /Projected to/, 'four epochs are too short a curve to project');
  t.regex(page, /!\[.*\]\(mnist-curves-l100\.svg\)/);
  t.regex(page, /code version 0\.1\.0\+fixture; CPU Fixture CPU, 2 cores; backend wasm \(fixture\)/);
  const svg = fs.readFileSync(path.join(out, 'mnist-curves-l100.svg'), 'utf8');
  t.is(svg.match(/data-series="seed 1"/g)?.length, 1);
  t.regex(svg, /data-series="seed 2 \(running\)"/);
  t.is(svg.match(/<circle /g)?.length, 5, 'four evaluated epochs of seed 1 and one of seed 2');
  t.deepEqual(JSON.parse(fs.readFileSync(path.join(out, 'mnist.json'), 'utf8')), JSON.parse(JSON.stringify(record)));
});

/** [N, 10] one-hot probabilities: each test image's predicted class, row by row. */
function oneHot(predicted: readonly number[]): Float32Array {
  const p = new Float32Array(predicted.length * 10);
  predicted.forEach((c, i) => { p[i * 10 + c] = 1; });
  return p;
}

test('a finished seed lists its largest confusions from its saved test outputs; an unfinished seed and a short file do not pass silently', (t) => {
  const folder = runFolder('confusions', {}, [{ seed: 1, metrics: FOUR_EPOCHS, finished: true }, { seed: 2, metrics: THREE_EPOCHS_RUNNING, finished: false }], 'running');
  // 30 test images: five 2s read as 1, two 7s as 9, one 7 as 1, the other 22 right.
  const labels = Int32Array.from([2, 2, 2, 2, 2, 7, 7, 7, ...Array.from({ length: 22 }, (_, i) => i % 10)]);
  const predicted = [1, 1, 1, 1, 1, 1, 9, 9, ...Array.from({ length: 22 }, (_, i) => i % 10)];
  writeSeedTestOutputs(folder.seedDir(1), oneHot(predicted), labels);
  const record = buildRecord([readRunSource(folder)], { name: 'mnist', presetOf });
  const [seed1, seed2] = record.rows[0].seeds;
  t.deepEqual(seed1.largestConfusions, [
    { trueClass: '2', predicted: '1', count: 5 },
    { trueClass: '7', predicted: '9', count: 2 },
    { trueClass: '7', predicted: '1', count: 1 },
  ]);
  t.is(seed2.largestConfusions, null, 'an unfinished seed has no final outputs');
  const out = path.join(root, 'published-confusions');
  writeResults(out, record);
  t.regex(fs.readFileSync(path.join(out, 'mnist.md'), 'utf8'), /\| 1 \| 1 \| finished \| 4 \| 12\.50 \| 13\.25 \| - \| no \(epoch 2: [^|]+\) \| 2 → 1: 5, 7 → 9: 2, 7 → 1: 1 \|/);

  writeSeedTestOutputs(folder.seedDir(1), oneHot(predicted).subarray(0, 290), labels);
  t.throws(() => buildRecord([readRunSource(folder)], { name: 'mnist', presetOf }), {
    message: /test-probabilities\.f32: 290 probabilities, but 30 test labels of 10 classes need 300$/,
  });
});

test('a finished 100-epoch seed is projected to the paper\'s 300 epochs, said to be a forecast; a running seed is not', (t) => {
  const recorded = fs.readFileSync(path.join(FIXTURES, 'mnist-100ep-seed-1.csv'), 'utf8');
  const folder = runFolder('projected', { seeds: 2, epochs: 100 }, [{ seed: 1, metrics: recorded, finished: true }, { seed: 2, metrics: THREE_EPOCHS_RUNNING, finished: false }], 'running');
  const [row] = buildRecord([readRunSource(folder)], { name: 'mnist', presetOf }).rows;
  const projection = row.seeds[0].projection!;
  t.like(projection, { epoch: 300, fittedEpochs: { from: 40, to: 100, points: 13 } });
  t.is(row.seeds[1].projection, null);
  t.deepEqual(row.projection, { epoch: 300, testErrorAveraged: { mean: projection.testError, std: 0, n: 1 } });
  const out = path.join(root, 'published-projected');
  writeResults(out, buildRecord([readRunSource(folder)], { name: 'mnist', presetOf }));
  const page = fs.readFileSync(path.join(out, 'mnist.md'), 'utf8');
  t.regex(page, new RegExp(`Projected to the paper's 300 epochs: \\*\\*${projection.testError.toFixed(2)} \\(n=1\\)\\*\\*, a forecast, not a measurement`));
  t.regex(page, /over epochs 40-100, and read at epoch 300/);
  t.regex(page, new RegExp(`\\| 1 \\| 1 \\| finished \\| 100 \\| 1\\.38 \\| [0-9.]+ \\| ${projection.testError.toFixed(2)} \\(τ \\d+\\) \\|`));
});

test('the page is regenerated from the record alone, identically', (t) => {
  const folder = runFolder('regenerate', {}, [{ seed: 1, metrics: FOUR_EPOCHS, finished: true }], 'interrupted');
  const out = path.join(root, 'published-regenerate');
  writeResults(out, buildRecord([readRunSource(folder)], { name: 'mnist', presetOf }));
  const page = fs.readFileSync(path.join(out, 'mnist.md'), 'utf8');
  fs.rmSync(path.join(out, 'mnist.md'));
  fs.rmSync(path.join(out, 'mnist-curves-l100.svg'));
  regenerateFromRecord(path.join(out, 'mnist.json'));
  t.is(fs.readFileSync(path.join(out, 'mnist.md'), 'utf8'), page);
  t.true(fs.existsSync(path.join(out, 'mnist-curves-l100.svg')));
});

test('a complete row, a seed where D wins early, and two runs of one setting merged by seed', (t) => {
  const a = runFolder('merge-a', { seeds: 2, labels: 50 }, [{ seed: 1, metrics: FOUR_EPOCHS, finished: true }, { seed: 2, metrics: FOUR_EPOCHS, finished: true }], 'complete');
  const b = runFolder('merge-b', { seeds: 1, seed: 3, labels: 50 }, [{ seed: 3, metrics: fs.readFileSync(path.join(FIXTURES, 'd-wins-early.csv'), 'utf8'), finished: true }], 'complete');
  const record = buildRecord([readRunSource(a), readRunSource(b)], { name: 'mnist', presetOf });
  const [row] = record.rows;
  t.like(row, { labels: 50, status: 'complete', seedsPlanned: 3, seedsFinished: 3, dWinsEarlySeeds: [3] });
  t.deepEqual(row.seeds.map((s) => [s.seed, s.runId]), [[1, 'merge-a'], [2, 'merge-a'], [3, 'merge-b']]);
  t.is(row.testErrorAveraged.n, 3);
  t.true(Math.abs((row.testErrorAveraged.mean ?? NaN) - (12.5 + 12.5 + 21.84) / 3) < 1e-9);
  t.deepEqual(row.seeds[2].dWinsEarly, { stuck: true, epoch: 1, kPlusOne: 0.0468, featureMatching: 11.842 });
  const out = path.join(root, 'published-merge');
  writeResults(out, record);
  const page = fs.readFileSync(path.join(out, 'mnist.md'), 'utf8');
  t.regex(page, /Every row is complete/);
  t.regex(page, /D wins early in seed 3\./);
  t.regex(page, /\| 3 \| 3 \| finished \| 4 \| 21\.84 \| 22\.37 \| - \| \*\*yes\*\* \(epoch 1: 0\.0468, 11\.8\) \|/);
});

test('runs of one labeled-set size that are not seeds of one setting are refused, naming both', (t) => {
  const seed1 = [{ seed: 1, metrics: FOUR_EPOCHS, finished: true }];
  const a = readRunSource(runFolder('clash-a', { labels: 20, seeds: 1 }, seed1, 'complete'));
  const sameSeed = readRunSource(runFolder('clash-b', { labels: 20, seeds: 1 }, seed1, 'complete'));
  t.throws(() => buildRecord([a, sameSeed], { name: 'mnist', presetOf }), { message: /runs 'clash-a' and 'clash-b' both have seed 1 for 20 labels/ });
  const otherEpochs = readRunSource(runFolder('clash-c', { labels: 20, seeds: 1, seed: 2, epochs: 8 }, [], 'running'));
  t.throws(() => buildRecord([a, otherEpochs], { name: 'mnist', presetOf }), { message: /runs 'clash-a' and 'clash-c' both give 20 labels but differ in .*epochs/ });
});

test('ssgan publish: a run folder in, the record and page out; a missing --out or run is a one-line error', (t) => {
  const folder = runFolder('cli', { labels: 200, seeds: 1 }, [{ seed: 1, metrics: FOUR_EPOCHS, finished: true }], 'complete');
  const out = path.join(root, 'published-cli');
  const ok = ssgan(['publish', 'cli', '--reports', root, '--out', out]);
  t.is(ok.status, 0, ok.stderr);
  t.regex(ok.stdout, /written: .*mnist\.md/);
  const record = JSON.parse(fs.readFileSync(path.join(out, 'mnist.json'), 'utf8'));
  t.is(record.rows[0].labels, 200);
  // --cpu names the CPU of a run whose config.json has none, and never overrides a recorded one.
  const recorded = ssgan(['publish', 'cli', '--reports', root, '--out', out, '--cpu', 'AMD EPYC, 2 cores']);
  t.is(recorded.status, 0, recorded.stderr);
  t.is(JSON.parse(fs.readFileSync(path.join(out, 'mnist.json'), 'utf8')).rows[0].runs[0].cpu, 'Fixture CPU, 2 cores');
  const configFile = folder.file('config.json');
  const { cpu: _recordedCpu, ...withoutCpu } = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  fs.writeFileSync(configFile, JSON.stringify(withoutCpu));
  const unnamed = ssgan(['publish', 'cli', '--reports', root, '--out', out]);
  t.is(unnamed.status, 0, unnamed.stderr);
  t.is(JSON.parse(fs.readFileSync(path.join(out, 'mnist.json'), 'utf8')).rows[0].runs[0].cpu, null);
  const named = ssgan(['publish', 'cli', '--reports', root, '--out', out, '--cpu', 'AMD EPYC, 2 cores']);
  t.is(named.status, 0, named.stderr);
  t.is(JSON.parse(fs.readFileSync(path.join(out, 'mnist.json'), 'utf8')).rows[0].runs[0].cpu, 'AMD EPYC, 2 cores');
  t.regex(fs.readFileSync(path.join(out, 'mnist.md'), 'utf8'), /CPU AMD EPYC, 2 cores;/);
  const noOut = ssgan(['publish', folder.dir]);
  t.is(noOut.status, 1);
  t.regex(noOut.stderr, /give one or more runs and --out DIR/);
  const missing = ssgan(['publish', 'nope', '--reports', root, '--out', out]);
  t.is(missing.status, 1);
  t.regex(missing.stderr, /no run 'nope'/);
  t.notRegex(missing.stderr, /^\s+at /m);
});

test('the run summary shows each seed\'s D-wins-early verdict and the criterion', (t) => {
  const { config } = resolveConfig(registry, { seeds: 2 });
  const seed = (n: number, verdict: ReturnType<typeof dWinsEarly>) => ({
    seed: n, dataSeed: n, epochs: 5, iterations: 3000, testErrorAveraged: 20, testErrorRaw: 21, trainSeconds: 1, msPerIteration: 60, dWinsEarly: verdict,
  });
  const backend = { name: 'wasm', detail: 'fixture', tfjsVersion: '4.22.0', threads: 1 } as const;
  const md = summaryMarkdown(summarize('s', config, backend, [seed(1, dWinsEarly(RECORDED)), seed(2, dWinsEarly(STUCK))], undefined, 300));
  t.regex(md, /\| 1 \| 1 \| 20\.00 \| 21\.00 \| 60\.0 \| no \|/);
  t.regex(md, /\| 2 \| 2 \| 20\.00 \| 21\.00 \| 60\.0 \| yes \(epoch 1\) \|/);
  t.regex(md, /D wins early: in one of epochs 1-2, the K\+1 loss below 0\.05 and the feature-matching loss above 10\./);
});
