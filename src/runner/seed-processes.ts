/**
 * Trains seeds in separate processes, at most `jobs` at once, each with its own compute threads.
 * Each worker trains through the same `trainSeed` as a single-process run and writes the seed's
 * result.json (or error.json); a failed seed is reported and the others go on.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Registry } from '../core/registry';
import { disposeDataset } from '../data/dataset';
import type { BackendName } from '../engine/backend';
import { type SeedResult, seedOf } from '../seed/seed-run';
import { readJson } from '../store/files';
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
    disposeDataset(await loadRunData(this.o.registry, batch));
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
  const seedDir = batch.folder.seedDir(seed);
  const resultFile = path.join(seedDir, 'result.json');
  if (fs.existsSync(resultFile)) return readJson<SeedResult>(resultFile);
  const task: SeedWorkerTask = { runDir: batch.folder.dir, index, backend: o.backend, threads: o.threads, pluginDirs: o.pluginDirs };
  fs.rmSync(path.join(seedDir, SEED_ERROR_FILE), { force: true });
  const child = fork(o.workerEntry, [JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  // Workers write plain progress lines (their stderr is not a terminal); pass them on whole,
  // naming the seed where the line does not already.
  const own = `seed ${seed} `;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) readline.createInterface({ input: stream }).on('line', (line) => batch.progress.log(line.startsWith(own) ? line : `${own}| ${line}`));
  }
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code === 0 && fs.existsSync(resultFile)) return readJson<SeedResult>(resultFile);
  const errorFile = path.join(seedDir, SEED_ERROR_FILE);
  const error = fs.existsSync(errorFile) ? readJson<{ message: string }>(errorFile).message : `worker exited with code ${code}`;
  return { seed, error };
}
