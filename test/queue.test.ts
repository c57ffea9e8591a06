/**
 * Seeds on a real Redis job queue: worker processes and a coordinator, against a private
 * redis-server per test. Budgets are tiny; stalled-job detection is shortened through the
 * environment so a killed worker's job moves on in seconds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { Queue } from 'bullmq';
import { embeddedMnistDir } from '../plugins/mnist/mnist-loader';
import { loadPlugins } from '../src/cli/setup';
import { SEED_QUEUE_NAME, bullConnection } from '../src/queue/connection';
import { runSeedsOnQueue } from '../src/queue/coordinator';
import { parseQueueUrl } from '../src/queue/queue-url';
import { ProgressPrinter } from '../src/store/progress';
import { RunFolder } from '../src/store/run-folder';
import type { SeedFailure, SeedResult } from '../src/seed/seed-run';
import { type Started, finish, start, until, withRedis } from './helpers/processes';
import { makeTestCertificates, startRedis, stopProcess } from './helpers/redis';

process.env.SSGAN_QUEUE_LOCK_MS = '20000';
process.env.SSGAN_QUEUE_STALLED_MS = '3000';
process.env.SSGAN_QUEUE_POLL_MS = '300';

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-queue-'));
/** One epoch of 10 iterations, one thread, wasm: the same arithmetic in every process. */
const TINY = ['--epochs', '1', '--iterations-per-epoch', '10', '--backend', 'wasm', '--threads', '1', '--reports', reports];

function summaryOf(runId: string) {
  return JSON.parse(fs.readFileSync(path.join(reports, runId, 'summary.json'), 'utf8'));
}

/** Every file of a folder, as text, for a search. */
function allText(dir: string): string {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'latin1'))
    .join('\n');
}


test.serial('two workers and a coordinator train 4 seeds exactly as a local run; a malformed job is refused; no password leaks', async (t) => {
  const password = 'queue-secret-41';
  await withRedis(password, async (redis, workers) => {
    for (let i = 0; i < 2; i++) workers.push(start(['worker', '--queue', redis.url, '--backend', 'wasm', '--threads', '1']));
    await until('two workers', () => workers.every((w) => /waiting for jobs/.test(w.output())));

    const queue = new Queue(SEED_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(redis.url)) });
    try {
      const bad = await queue.add('seed', { version: 1, runKey: 'x', index: 0, config: { model: 'process.exit()' } }, { jobId: 'malformed', attempts: 3 });
      await until('the malformed job to fail', async () => (await bad.getState()) === 'failed');
      const failed = await queue.getJob('malformed');
      t.regex(failed?.failedReason ?? '', /job malformed: malformed payload: config\.preset is not a string/);
      t.is(failed?.attemptsMade, 1, 'a malformed payload is not retried');
    } finally {
      await queue.close();
    }

    const coordinator = await finish(start(['run', '--queue', redis.url, '--seeds', '4', '--run-id', 'queued', '--ensemble', ...TINY]));
    t.is(coordinator.status, 0, coordinator.output);
    t.true(workers.every((w) => w.child.exitCode === null), 'workers are still running');
    const local = await finish(start(['run', '--seeds', '4', '--jobs', '1', '--run-id', 'local', ...TINY]));
    t.is(local.status, 0, local.output);

    const queued = summaryOf('queued');
    t.true(queued.complete);
    const strip = (s: { trainSeconds: number; msPerIteration: number }) => ({ ...s, trainSeconds: 0, msPerIteration: 0 });
    t.deepEqual(queued.seeds.map(strip), summaryOf('local').seeds.map(strip));
    for (const seed of [1, 2, 3, 4]) {
      const losses = (run: string) => {
        const [header, ...rows] = fs.readFileSync(path.join(reports, run, `seed-${seed}`, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
        const timed = new Set(['seconds', 'ms_per_iteration'].map((name) => header.indexOf(name)));
        return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]]).filter((_, i) => !timed.has(i))));
      };
      t.deepEqual(losses('queued'), losses('local'), `seed ${seed}: metrics`);
      t.true(fs.existsSync(path.join(reports, 'queued', `seed-${seed}`, 'samples', 'epoch-001.png')));
      t.regex(fs.readFileSync(path.join(reports, 'queued', `seed-${seed}`, 'worker.json'), 'utf8'), /"name": "wasm"/);
    }
    const worst = Math.max(...queued.seeds.map((s: { testErrorAveraged: number }) => s.testErrorAveraged));
    t.is(queued.ensemble.seeds.length, 4);
    t.true(queued.ensemble.testError <= worst, `ensemble ${queued.ensemble.testError}% vs worst seed ${worst}%`);
    t.regex(fs.readFileSync(path.join(reports, 'queued', 'summary.md'), 'utf8'), /ssgan, ensemble of 4 seeds \| 1 \| [\d.]+ \|/);
    t.regex(coordinator.output, /taken by worker/);
    // The same seeds trained locally give the same ensemble, computed after the fact.
    const ensemble = await finish(start(['ensemble', 'local', '--reports', reports]));
    t.is(ensemble.status, 0, ensemble.output);
    t.regex(ensemble.output, /ensemble of 4 of 4 seeds: test error [\d.]+%/);
    t.deepEqual(summaryOf('local').ensemble, queued.ensemble);

    const everything = [coordinator.output, ...workers.map((w) => w.output()), allText(path.join(reports, 'queued'))].join('\n');
    t.false(everything.includes(password), 'the Redis password appears in a log or report');
    t.regex(fs.readFileSync(path.join(reports, 'queued', 'config.json'), 'utf8'), /redis:\/\/\*\*\*@127\.0\.0\.1/);
  });
});

test.serial('a worker killed mid-job: another takes the job over and resumes it from the shared checkpoint; a restarted coordinator follows the run', async (t) => {
  const artifacts = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-artifacts-'));
  await withRedis(undefined, async (redis, workers) => {
    for (let i = 0; i < 2; i++) workers.push(start(['worker', '--queue', redis.url, '--artifacts-root', artifacts, '--backend', 'wasm', '--threads', '1']));
    const coordinator = start(['run', '--queue', redis.url, '--artifacts', artifacts, '--seeds', '2', '--run-id', 'killed', ...TINY, '--epochs', '2']);
    // Kill the worker of the first seed to save its epoch-1 checkpoint in the shared folder.
    let victim: Started | undefined;
    let victimSeed = '';
    await until('a saved checkpoint', () => {
      victim = workers.find((w) => {
        victimSeed = /seed (\d+) epoch 1\/2: test error/.exec(w.output())?.[1] ?? '';
        return victimSeed !== '' && fs.existsSync(path.join(artifacts, 'killed', `seed-${victimSeed}`, 'checkpoint', 'checkpoint.json'));
      });
      return victim !== undefined;
    });
    victim?.child.kill('SIGKILL');
    // The coordinator dies too; a new one picks the run up from the queue.
    coordinator.child.kill('SIGKILL');
    await finish(coordinator);
    const done = await finish(start(['run', '--resume', 'killed', '--queue', redis.url, '--reports', reports, '--backend', 'wasm']));
    t.is(done.status, 0, done.output);
    t.regex(done.output, /job killed__seed-\d+ already queued; following it/);
    const summary = summaryOf('killed');
    t.true(summary.complete);
    t.deepEqual(summary.seeds.map((s: { epochs: number }) => s.epochs), [2, 2]);
    const survivor = workers.find((w) => w !== victim);
    t.regex(survivor?.output() ?? '', new RegExp(`seed ${victimSeed}: resuming after epoch 1`));
    const trainedBy = JSON.parse(fs.readFileSync(path.join(reports, 'killed', `seed-${victimSeed}`, 'worker.json'), 'utf8'));
    t.is(trainedBy.worker, `${os.hostname()}:${survivor?.child.pid}`);
    t.is(trainedBy.start, 2, 'the job was started twice');
  });
});

test.serial('a job whose dataset is missing fails after 3 tries with the file named; the other seed completes', async (t) => {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-data-'));
  await withRedis(undefined, async (redis, workers) => {
    workers.push(start(['worker', '--queue', redis.url, '--data-root', dataRoot, '--data-root', embeddedMnistDir(), '--backend', 'wasm', '--threads', '1']));
    const { registry } = loadPlugins();
    const preset = registry.preset('mnist-fm');
    const config = { ...preset.config, seeds: 2, seed: 1, dataSeed: 1, epochs: 1, iterationsPerEpoch: 10 };
    const folder = RunFolder.create(reports, 'mnist-fm', 'missing-data');
    const outcomes: (SeedResult | SeedFailure)[] = [];
    await runSeedsOnQueue({
      target: { url: parseQueueUrl(redis.url) }, folder, runKey: 'missing-data', indices: [0, 1], progress: new ProgressPrinter(), pollMs: 300,
      configOf: (index) => (index === 0 ? { ...config, datasetOptions: { dataDir: path.join(dataRoot, 'mnist') } } : config),
      onOutcome: (o) => outcomes.push(o), onData: () => undefined,
    });
    const failure = outcomes.find((o): o is SeedFailure => 'error' in o);
    const result = outcomes.find((o): o is SeedResult => !('error' in o));
    t.is(failure?.seed, 1);
    t.regex(failure?.error ?? '', new RegExp(`failed 3 times; last error: ${dataRoot}/mnist/train-images-idx3-ubyte: missing`));
    t.is(result?.seed, 2);
    t.true(fs.existsSync(path.join(folder.seedDir(2), 'result.json')));
  });
});

test.serial('a queued run whose seed keeps failing writes the failure into its own summary and status; the other seed completes', async (t) => {
  // A preset whose hook throws at the start of seed 1, on the coordinator's and the worker's plugin path.
  const plugins = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-failing-plugin-'));
  fs.mkdirSync(path.join(plugins, 'fail-seed'));
  const { registry } = loadPlugins();
  const base = registry.preset('mnist-fm').config;
  const config = { ...base, hooks: [...base.hooks, { name: 'fail-seed', options: { seed: 1 } }] };
  fs.writeFileSync(path.join(plugins, 'fail-seed', 'index.js'), `module.exports = (api) => new api.ContainerModule(({ bind }) => {
  bind(api.TOKENS.TrainingHook).toConstantValue({
    name: 'fail-seed', description: 'throws at the start of seed options.seed',
    create: (options) => ({ onStart(state) { if (state.seed === options.seed) throw new Error('seed ' + state.seed + ' is made to fail'); } }),
  });
  bind(api.TOKENS.Preset).toConstantValue({ name: 'mnist-fail-seed-1', description: 'mnist-fm whose seed 1 fails', config: ${JSON.stringify(config)} });
});
`);
  await withRedis(undefined, async (redis, workers) => {
    workers.push(start(['worker', '--queue', redis.url, '--plugins', plugins, '--backend', 'wasm', '--threads', '1']));
    const run = await finish(start(['run', '--queue', redis.url, '--plugins', plugins, '--preset', 'mnist-fail-seed-1', '--seeds', '2', '--run-id', 'failing-seed', ...TINY]));
    t.is(run.status, 0, run.output);
    const markdown = fs.readFileSync(path.join(reports, 'failing-seed', 'summary.md'), 'utf8');
    t.regex(markdown, /Seed 1 failed \(missing from the results\): failed 3 times; last error: seed 1 is made to fail/);
    t.deepEqual(summaryOf('failing-seed').seeds.map((s: { seed: number }) => s.seed), [2]);
    const status = JSON.parse(fs.readFileSync(path.join(reports, 'failing-seed', 'status.json'), 'utf8'));
    t.deepEqual([status.state, status.seedsDone, status.error], ['failed', 1, '1 seed failed']);
  });
});

test.serial('rediss://: a worker and a coordinator train a seed through a TLS-only Redis whose authority comes from NODE_EXTRA_CA_CERTS', async (t) => {
  const certificates = makeTestCertificates(fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-tls-')));
  const redis = await startRedis('tls-secret', certificates);
  const trusted = { ...process.env, NODE_EXTRA_CA_CERTS: certificates.caFile };
  const worker = start(['worker', '--queue', redis.url, '--backend', 'wasm', '--threads', '1'], trusted);
  try {
    t.regex(redis.url, /^rediss:\/\//);
    const untrusted = await finish(start(['run', '--queue', redis.url, '--run-id', 'tls-untrusted', ...TINY]));
    t.is(untrusted.status, 1, untrusted.output);
    t.regex(untrusted.output, /ssgan run: queue rediss:\/\/\*\*\*@127\.0\.0\.1:\d+: unreachable \(.*(self-signed|unable to (get|verify))/i);
    const run = await finish(start(['run', '--queue', redis.url, '--run-id', 'tls', ...TINY], trusted));
    t.is(run.status, 0, `${run.output}\nworker:\n${worker.output()}`);
    t.true(summaryOf('tls').complete);
    t.regex(worker.output(), /job tls__seed-1: seed 1 of tls/);
  } finally {
    await stopProcess(worker.child);
    await redis.stop();
  }
});

test('an unreachable or wrong queue is a one-line error that hides the password', async (t) => {
  const unreachable = await finish(start(['run', '--queue', 'redis://:hunter2@127.0.0.1:1', '--run-id', 'nowhere', ...TINY]));
  t.is(unreachable.status, 1);
  t.regex(unreachable.output, /ssgan run: queue redis:\/\/\*\*\*@127\.0\.0\.1:1: unreachable \(.*ECONNREFUSED/);
  t.false(unreachable.output.includes('hunter2'));
  t.notRegex(unreachable.output, /^\s+at /m);
  t.false(fs.existsSync(path.join(reports, 'nowhere')), 'no run folder for a run that cannot start');
  const worker = await finish(start(['worker', '--queue', 'http://example.com']));
  t.is(worker.status, 1);
  t.regex(worker.output, /ssgan worker: --queue http:\/\/example\.com: scheme 'http' is not redis or rediss/);
  const artifacts = await finish(start(['run', '--artifacts', '/tmp/x', ...TINY]));
  t.is(artifacts.status, 1);
  t.regex(artifacts.output, /--artifacts goes with --queue/);
});

test.serial('ablate --queue: every variant\'s seeds are jobs at once, and the table comes back complete', async (t) => {
  await withRedis(undefined, async (redis, workers) => {
    for (let i = 0; i < 2; i++) workers.push(start(['worker', '--queue', redis.url, '--backend', 'wasm', '--threads', '1']));
    const ablate = await finish(start(['ablate', '--preset', 'mnist-fm', '--with', 'historical-averaging', '--seeds', '1', '--score-samples', '0', '--ablation-id', 'queued-ablation', '--queue', redis.url, ...TINY]));
    t.is(ablate.status, 0, ablate.output);
    const table = JSON.parse(fs.readFileSync(path.join(reports, 'queued-ablation', 'ablation.json'), 'utf8'));
    t.deepEqual(table.rows.map((r: { variant: string; testErrorAveraged: { n: number } }) => [r.variant, r.testErrorAveraged.n]), [['full', 1], ['+historical-averaging', 1]]);
    t.regex(ablate.output, /1 job of queued-ablation\/full waiting/);
    t.regex(ablate.output, /1 job of queued-ablation\/with-historical-averaging waiting/);
    t.true(fs.existsSync(path.join(reports, 'queued-ablation', 'with-historical-averaging', 'seed-1', 'result.json')));
  });
});
