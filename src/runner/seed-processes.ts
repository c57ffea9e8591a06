/**
 * Trains seeds in separate processes, at most `jobs` at once, each with its own compute threads.
 * Each worker trains through the same `trainSeed` as a single-process run and writes the seed's
 * result.json (or error.json); a failed seed is reported and the others go on. A queue worker
 * trains its job's seed the same way, so its own event loop stays free to renew the job's lock.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Registry } from '../core/registry';
import type { BackendName } from '../engine/backend';
import { type SeedResult, coversPlan, readSeedResult, seedOf } from '../seed/seed-run';
import { readJson } from '../store/files';
import type { RunFolder } from '../store/run-folder';
import { loadRunData } from './in-process';
import type { SeedBatch, SeedExecutor, SeedOutcome } from './seed-executor';

/** What a worker process receives as its single argument (JSON). */
export interface SeedWorkerTask {
  readonly runDir: string;
  readonly index: number;
  readonly backend: BackendName;
  readonly threads: number;
  readonly pluginDirs: readonly string[];
}

/** What a worker process tells its parent besides its output: the loaded data's facts, progress, log lines. */
export type SeedWorkerMessage =
  | { readonly kind: 'data'; readonly data: Record<string, unknown> }
  | { readonly kind: 'progress'; readonly epoch: number; readonly iteration: number; readonly totalIterations: number }
  | { readonly kind: 'log'; readonly line: string };

export const SEED_ERROR_FILE = 'error.json';

export interface SeedProcessOptions {
  readonly registry: Registry;
  /** Seeds trained at once. */
  readonly jobs: number;
  readonly backend: BackendName;
  /** Compute threads of each process. */
  readonly threads: number;
  /** Module that runs one `SeedWorkerTask` (src/cli/seed-worker). */
  readonly workerEntry: string;
  readonly pluginDirs: readonly string[];
}

export class ProcessExecutor implements SeedExecutor {
  constructor(private readonly o: SeedProcessOptions) {}

  async train(batch: SeedBatch): Promise<void> {
    // The data is loaded here once for its facts (and to fail early); each process loads its own.
    await loadRunData(this.o.registry, batch);
    const queue = [...batch.indices];
    const worker = async (): Promise<void> => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        batch.onOutcome(await runOne(this.o, batch, index));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.jobs, queue.length) }, worker));
  }
}

async function runOne(o: SeedProcessOptions, batch: SeedBatch, index: number): Promise<SeedOutcome> {
  const seed = seedOf(batch.config, index).seed;
  const finished = readSeedResult(batch.folder.seedDir(seed));
  if (finished && coversPlan(finished, batch.config)) return finished;
  // Workers write plain progress lines (their stderr is not a terminal); pass them on whole,
  // naming the seed where the line does not already.
  const own = `seed ${seed} `;
  return trainSeedInProcess({
    folder: batch.folder, seed, workerEntry: o.workerEntry,
    task: { runDir: batch.folder.dir, index, backend: o.backend, threads: o.threads, pluginDirs: o.pluginDirs },
    onLine: (line) => batch.progress.log(line.startsWith(own) ? line : `${own}| ${line}`),
  }).outcome;
}

export interface SeedProcess {
  readonly outcome: Promise<SeedOutcome>;
  /** Stops the process (its seed ends as failed). */
  kill(): void;
}

/**
 * Trains one seed of `folder` in a child process: its output goes to `onLine`, its messages to
 * `onMessage`. The child ends itself when this process goes away.
 */
export function trainSeedInProcess(o: {
  readonly folder: RunFolder;
  readonly seed: number;
  readonly task: SeedWorkerTask;
  readonly workerEntry: string;
  readonly onLine: (line: string) => void;
  readonly onMessage?: (message: SeedWorkerMessage) => void;
}): SeedProcess {
  const seedDir = o.folder.seedDir(o.seed);
  const errorFile = path.join(seedDir, SEED_ERROR_FILE);
  fs.rmSync(errorFile, { force: true });
  const child = fork(o.workerEntry, [JSON.stringify(o.task)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', o.onLine);
  }
  if (o.onMessage) child.on('message', (message) => o.onMessage?.(message as SeedWorkerMessage));
  const outcome = new Promise<SeedOutcome>((resolve) => {
    child.on('close', (code, signal) => {
      const resultFile = path.join(seedDir, 'result.json');
      if (code === 0 && fs.existsSync(resultFile)) return resolve(readJson<SeedResult>(resultFile));
      const error = fs.existsSync(errorFile) ? readJson<{ message: string }>(errorFile).message : `worker exited with ${signal ?? `code ${code}`}`;
      resolve({ seed: o.seed, error });
    });
  });
  return { outcome, kill: () => child.kill('SIGKILL') };
}
