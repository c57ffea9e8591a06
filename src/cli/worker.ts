/**
 * `ssgan worker`: trains the seed jobs of a Redis queue on this machine until stopped. With
 * --jobs N it runs N worker processes, each with its own compute threads.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { ConfigError } from '../core/errors';
import type { BackendChoice } from '../engine/backend';
import { checkQueueReachable } from '../queue/connection';
import { workerRoots } from '../queue/job-trust';
import { parseQueueUrl } from '../queue/queue-url';
import { queueTimingFromEnv } from '../queue/timing';
import { SeedQueueWorker } from '../queue/worker';
import { ProgressPrinter } from '../store/progress';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { loadPlugins, startBackend } from './setup';

export const WORKER_USAGE = `ssgan worker --queue redis://HOST:PORT [options]
  pulls seed jobs (from \`ssgan run/ablate --queue\`), trains them, and sends back their results;
  runs until stopped (Ctrl-C); needs the jobs' datasets at the same paths as the coordinator
  --queue URL                 the Redis queue (rediss:// for TLS; user:password@ allowed)
  --data-root DIR             jobs may read datasets only under DIR (repeatable; default: the
                              folders the plugins read by default, e.g. the embedded MNIST)
  --artifacts-root DIR        jobs' --artifacts folders must lie under DIR (default: none allowed)
  --jobs N                    seeds trained at once, each in its own process (default 1)
  --threads N                 compute threads per job (default: cores / jobs)
  --backend auto|tensorflow|wasm|cpu
  --plugins DIR               also load the plugins in DIR (repeatable)`;

const SPEC: FlagSpec = {
  queue: { type: 'string' },
  jobs: { type: 'string' },
  threads: { type: 'string' },
  backend: { type: 'string' },
  plugins: { type: 'string', multiple: true },
  'data-root': { type: 'string', multiple: true },
  'artifacts-root': { type: 'string' },
};

export async function workerCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const raw = stringFlag(flags, 'queue');
  if (raw === undefined) throw new ConfigError(`--queue URL is required\n${WORKER_USAGE}`);
  const url = parseQueueUrl(raw);
  const jobs = intFlag(flags, 'jobs') ?? 1;
  const threads = intFlag(flags, 'threads') ?? Math.max(1, Math.floor(os.availableParallelism() / jobs));
  if (jobs < 1 || threads < 1) throw new ConfigError('--jobs and --threads must be positive');
  const timing = queueTimingFromEnv();
  const pluginDirs = ((flags.plugins as string[] | undefined) ?? []).map((d) => path.resolve(d));
  const { registry } = loadPlugins(pluginDirs);
  const roots = workerRoots(registry, (flags['data-root'] as string[] | undefined) ?? [], stringFlag(flags, 'artifacts-root'));
  await checkQueueReachable(url);
  if (jobs > 1) return runWorkerProcesses(argv, jobs, threads);

  const backend = await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice, threads);
  const progress = new ProgressPrinter();
  const name = `${os.hostname()}:${process.pid}`;
  const worker = new SeedQueueWorker({
    url, registry, name, timing, progress, backend, threads, pluginDirs, roots, workerEntry: require.resolve('./seed-worker'),
  });
  progress.log(`worker ${name}: waiting for jobs on ${url.redacted}; data under ${roots.data.join(', ') || '(nothing)'}; artifacts ${roots.artifacts ? `under ${roots.artifacts}` : 'refused'}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      progress.log(`worker ${name}: ${signal}; a job it was training goes back to the queue when its lock expires`);
      worker.close(true).finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Runs `jobs` single-job workers as child processes, passing on their output and signals. */
async function runWorkerProcesses(argv: string[], jobs: number, threads: number): Promise<void> {
  const childArgv = ['worker', ...withoutFlags(argv, ['--jobs', '--threads']), '--jobs', '1', '--threads', String(threads)];
  const children = Array.from({ length: jobs }, () => fork(process.argv[1], childArgv, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  children.forEach((child, i) => {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${i + 1}] ${line}\n`));
    }
  });
  const stop = (signal: NodeJS.Signals) => children.forEach((c) => c.kill(signal));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const codes = await Promise.all(children.map((c) => new Promise<number | null>((resolve) => c.on('exit', resolve))));
  if (codes.some((c) => c !== 0)) process.exitCode = 1;
}

/** `argv` without the named flags (as `--flag value` or `--flag=value`). */
function withoutFlags(argv: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (names.includes(argv[i])) i += 1;
    else if (!names.some((n) => argv[i].startsWith(`${n}=`))) out.push(argv[i]);
  }
  return out;
}
