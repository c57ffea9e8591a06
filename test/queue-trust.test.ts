/**
 * A queue worker trusts nothing in a job: paths outside its roots and plugins it did not load are
 * refused at once (not retried), and the worker goes on. And a worker whose training blocks for
 * longer than its lock keeps its job: it trains in a child process and renews the lock.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { type Job, Queue } from 'bullmq';
import { loadPlugins } from '../src/cli/setup';
import { SEED_QUEUE_NAME, bullConnection } from '../src/queue/connection';
import { runSeedsOnQueue } from '../src/queue/coordinator';
import { PAYLOAD_VERSION } from '../src/queue/job-payload';
import { parseQueueUrl } from '../src/queue/queue-url';
import { ProgressPrinter } from '../src/store/progress';
import { RunFolder } from '../src/store/run-folder';
import type { SeedFailure, SeedResult } from '../src/seed/seed-run';
import { finish, start, until, withRedis } from './helpers/processes';

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const WORKER = ['--backend', 'wasm', '--threads', '1'];


function tinyConfig() {
  const { registry } = loadPlugins();
  return { ...registry.preset('mnist-fm').config, seeds: 1, seed: 1, dataSeed: 1, epochs: 1, iterationsPerEpoch: 3 };
}

test.serial('a crafted job whose artifacts folder or dataset lies outside the worker\'s roots fails at once, naming the path, and leaves nothing there', async (t) => {
  const artifactsRoot = tmp('ssgan-artifacts-root-');
  const outside = tmp('ssgan-outside-');
  fs.symlinkSync(outside, path.join(artifactsRoot, 'escape'));
  const config = tinyConfig();
  await withRedis(undefined, async (redis, workers) => {
    workers.push(start(['worker', '--queue', redis.url, '--artifacts-root', artifactsRoot, ...WORKER]));
    await until('the worker', () => /waiting for jobs/.test(workers[0].output()));
    const queue = new Queue(SEED_QUEUE_NAME, { connection: bullConnection(parseQueueUrl(redis.url)) });
    try {
      const crafted: [string, Record<string, unknown>, RegExp][] = [
        ['artifacts-outside', { artifactsDir: path.join(outside, 'planted') }, /artifacts folder \S+planted is outside this worker's --artifacts-root/],
        ['artifacts-symlink', { artifactsDir: path.join(artifactsRoot, 'escape', 'planted') }, /artifacts folder \S+escape\/planted \(\S+planted\) is outside/],
        ['artifacts-dotdot', { artifactsDir: `${artifactsRoot}/../${path.basename(outside)}/planted` }, /artifacts folder \S+\/\.\.\/ssgan-outside-\w+\/planted is outside/],
        ['data-outside', { config: { ...config, dataset: 'image-folder', datasetOptions: { root: outside } } }, /dataset path \S+ssgan-outside-\w+ is outside this worker's data roots/],
        ['data-file', { config: { ...config, datasetOptions: { dataDir: '/etc' } } }, /dataset path \/etc is outside this worker's data roots/],
        ['unknown-hook', { config: { ...config, hooks: [{ name: 'rm-rf', options: {} }] } }, /training hook 'rm-rf' is not a plugin this worker loaded/],
      ];
      const jobs: Job[] = [];
      for (const [id, fields] of crafted) {
        jobs.push(await queue.add('seed', { version: PAYLOAD_VERSION, runKey: id, index: 0, config, ...fields }, { jobId: id, attempts: 3 }));
      }
      for (const [i, [id, , message]] of crafted.entries()) {
        await until(`job ${id} to fail`, async () => (await jobs[i].getState()) === 'failed');
        const failed = await queue.getJob(id);
        t.log(`${id}: ${failed?.failedReason}`);
        t.regex(failed?.failedReason ?? '', new RegExp(`^job ${id}: refused: ${message.source}`));
        t.is(failed?.attemptsMade, 1, `${id} is not retried`);
      }
      t.deepEqual(fs.readdirSync(outside), [], 'nothing was written outside the roots');
      t.deepEqual(fs.readdirSync(artifactsRoot), ['escape']);

      // The worker goes on, and trains a job that keeps inside its roots.
      const good = await queue.add('seed', { version: PAYLOAD_VERSION, runKey: 'inside', index: 0, config, artifactsDir: artifactsRoot }, { jobId: 'inside', attempts: 1 });
      await until('the good job', async () => ['completed', 'failed'].includes(await good.getState()));
      t.is(await good.getState(), 'completed', (await queue.getJob('inside'))?.failedReason);
      t.true(fs.existsSync(path.join(artifactsRoot, 'inside', 'seed-1', 'checkpoint', 'checkpoint.json')));
    } finally {
      await queue.close();
    }
    t.is(workers[0].child.exitCode, null, 'the worker is still running');
  });
});

test.serial('with a 3 s lock, a seed whose epoch end blocks for 7 s finishes on its first worker; a second worker never starts it', async (t) => {
  const plugins = tmp('ssgan-slow-plugin-');
  fs.mkdirSync(path.join(plugins, 'slow-epoch'));
  // A training hook that holds its thread at each epoch end, as a long evaluation does.
  fs.writeFileSync(path.join(plugins, 'slow-epoch', 'index.js'), `module.exports = (api) => new api.ContainerModule(({ bind }) => {
  bind(api.TOKENS.TrainingHook).toConstantValue({
    name: 'slow-epoch-end', description: 'blocks its thread for options.ms at each epoch end',
    create: (options) => ({ onEpochEnd() { const until = Date.now() + options.ms; while (Date.now() < until); } }),
  });
});
`);
  // A lock of 1 s was lost on a loaded machine, where a renewal every 500 ms can come late.
  const env = { ...process.env, SSGAN_QUEUE_LOCK_MS: '3000', SSGAN_QUEUE_STALLED_MS: '1000' };
  const reports = tmp('ssgan-lock-');
  const config = { ...tinyConfig(), epochs: 2, hooks: [...tinyConfig().hooks, { name: 'slow-epoch-end', options: { ms: 7000 } }] };
  await withRedis(undefined, async (redis, workers) => {
    const first = start(['worker', '--queue', redis.url, '--plugins', plugins, ...WORKER], env);
    workers.push(first);
    await until('the first worker', () => /waiting for jobs/.test(first.output()));
    const outcomes: (SeedResult | SeedFailure)[] = [];
    const folder = RunFolder.create(reports, 'mnist-fm', 'slow');
    const coordinator = runSeedsOnQueue({
      target: { url: parseQueueUrl(redis.url) }, folder, runKey: 'slow', indices: [0], progress: new ProgressPrinter(), pollMs: 200,
      configOf: () => config, onOutcome: (o) => outcomes.push(o), onData: () => undefined,
    });
    await until('the first worker to take the job', () => /job slow__seed-1: seed 1 of slow, start 1/.test(first.output()));
    const second = start(['worker', '--queue', redis.url, '--plugins', plugins, ...WORKER], env);
    workers.push(second);
    await coordinator;
    t.log(`first worker:\n${first.output()}\nsecond worker:\n${second.output()}`);
    t.is(outcomes.length, 1);
    t.false('error' in outcomes[0], JSON.stringify(outcomes[0]));
    t.regex(first.output(), /seed 1 epoch 2\/2: test error/);
    t.notRegex(second.output(), /job slow__seed-1/, 'the second worker never took the job');
    const trainedBy = JSON.parse(fs.readFileSync(path.join(folder.seedDir(1), 'worker.json'), 'utf8'));
    t.is(trainedBy.worker, `${os.hostname()}:${first.child.pid}`);
    t.is(trainedBy.start, 1, 'the job was started once');
  });
});

test('a worker refuses a --data-root or --artifacts-root that does not exist', async (t) => {
  const r = await finish(start(['worker', '--queue', 'redis://127.0.0.1:1', '--data-root', '/nonexistent/data']));
  t.is(r.status, 1);
  t.regex(r.output, /^ssgan worker: --data-root \/nonexistent\/data: no such folder$/m);
  const artifacts = await finish(start(['worker', '--queue', 'redis://127.0.0.1:1', '--artifacts-root', '/nonexistent/artifacts']));
  t.regex(artifacts.output, /^ssgan worker: --artifacts-root \/nonexistent\/artifacts: no such folder$/m);
});
