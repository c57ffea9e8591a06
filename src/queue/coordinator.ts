/**
 * The coordinating side of a queued run: one BullMQ job per seed (ids fixed by run and seed, so a
 * restarted coordinator finds its jobs again), the jobs' progress as one status line, and each
 * result landed in the run folder as a local seed would have left it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Job, Queue } from 'bullmq';
import type { ExperimentConfig } from '../core/contracts';
import { readJson } from '../store/files';
import type { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';
import { type SeedFailure, type SeedResult, seedOf } from '../seed/seed-run';
import { SEED_QUEUE_NAME, bullConnection } from './connection';
import { PAYLOAD_VERSION, type SeedJobPayload, parseSeedJobResult, seedJobId } from './job-payload';
import type { QueueUrl } from './queue-url';
import { landSeedFiles } from './seed-files';
import { DEFAULT_QUEUE_TIMING } from './timing';
import { count } from '../util/number-text';

/** Tries per job (a throw or a dead worker each count) before its seed is reported failed. */
export const MAX_ATTEMPTS = 3;

/** Where a run's jobs go: the queue, and the folder all workers share for checkpoints. */
export interface QueueTarget {
  readonly url: QueueUrl;
  readonly artifactsDir?: string;
}

/** What a worker reports through `job.updateProgress`. */
export interface JobProgress {
  readonly worker: string;
  readonly epoch: number;
  readonly iteration: number;
  readonly totalIterations: number;
  /** The worker's latest log line (an epoch's test error, a resume). */
  readonly line: string;
}

export interface QueueRunOptions {
  readonly target: QueueTarget;
  readonly folder: RunFolder;
  /** The run folder's path under the reports folder; names its jobs and its artifacts folder. */
  readonly runKey: string;
  /** The config of each seed's job (one config for the whole run, as a rule). */
  readonly configOf: (index: number) => ExperimentConfig;
  readonly indices: readonly number[];
  readonly progress: ProgressPrinter;
  readonly onOutcome: (outcome: SeedResult | SeedFailure) => void;
  /** Receives the data facts of the first result: the coordinator itself loads no data. */
  readonly onData: (data: Record<string, unknown>) => void;
  readonly pollMs?: number;
}

/** The run folder's path relative to the reports folder, or its id when it lies elsewhere. */
export function runKeyOf(reportsDir: string, folder: RunFolder): string {
  const relative = path.relative(path.resolve(reportsDir), folder.dir).split(path.sep).join('/');
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? folder.runId : relative;
}

export async function runSeedsOnQueue(o: QueueRunOptions): Promise<void> {
  const queue = new Queue(SEED_QUEUE_NAME, { connection: bullConnection(o.target.url) });
  let lastQueueError = '';
  queue.on('error', (err: Error) => {
    if (err.message !== lastQueueError) o.progress.log(`queue ${o.target.url.redacted}: ${err.message}`);
    lastQueueError = err.message;
  });
  try {
    const pending = new Map<string, PendingSeed>();
    for (const index of o.indices) {
      const config = o.configOf(index);
      const seed = seedOf(config, index).seed;
      const resultFile = path.join(o.folder.seedDir(seed), 'result.json');
      if (fs.existsSync(resultFile)) {
        o.onOutcome(readJson<SeedResult>(resultFile));
        continue;
      }
      const id = seedJobId(o.runKey, seed);
      const existing = await queue.getJob(id);
      // A resumed run retries its failed seeds, as a local resume does.
      if (existing && (await existing.getState()) === 'failed') await existing.remove();
      else if (existing) o.progress.log(`seed ${seed}: job ${id} already queued; following it`);
      if (!existing || !(await queue.getJob(id))) {
        const payload: SeedJobPayload = {
          version: PAYLOAD_VERSION, runKey: o.runKey, index, config,
          ...(o.target.artifactsDir && { artifactsDir: path.resolve(o.target.artifactsDir) }),
        };
        await queue.add('seed', payload, { jobId: id, attempts: MAX_ATTEMPTS, removeOnComplete: false, removeOnFail: false });
      }
      pending.set(id, { seed, attempts: 0, worker: '', line: '' });
    }
    if (pending.size > 0) {
      o.progress.log(`queue ${o.target.url.redacted}: ${count(pending.size, 'job')} of ${o.runKey} waiting for workers (ssgan worker --queue URL)`);
    }
    let dataWritten = false;
    while (pending.size > 0) {
      const status: string[] = [];
      for (const [id, p] of pending) {
        const job = await queue.getJob(id);
        const state = job ? await job.getState() : 'missing';
        if (!job || state === 'missing' || state === 'unknown') {
          pending.delete(id);
          o.onOutcome({ seed: p.seed, error: `job ${id} is no longer in the queue (removed from Redis?); resume the run to enqueue it again` });
        } else if (state === 'completed') {
          pending.delete(id);
          // Read again: the job may have completed after it was read above, without its result.
          const done = (await queue.getJob(id)) ?? job;
          const outcome = landResult(o.folder, done, p.seed);
          if (!dataWritten && !('error' in outcome)) {
            o.onData(parseSeedJobResult(id, done.returnvalue).data);
            dataWritten = true;
          }
          o.onOutcome(outcome);
          await done.remove();
        } else if (state === 'failed') {
          pending.delete(id);
          const failed = (await queue.getJob(id)) ?? job;
          o.onOutcome({ seed: p.seed, error: `failed ${count(failed.attemptsMade, 'time')}; last error: ${failed.failedReason}` });
        } else {
          reportChanges(o.progress, job, p);
          const pr = progressOf(job);
          status.push(pr && pr.totalIterations > 0 ? `seed ${p.seed} ${pr.iteration}/${pr.totalIterations}` : `seed ${p.seed} ${state}`);
        }
      }
      if (status.length > 0) o.progress.status(`queue: ${status.join(' | ')}`);
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, o.pollMs ?? DEFAULT_QUEUE_TIMING.pollMs));
    }
  } finally {
    await queue.close();
  }
}

interface PendingSeed {
  readonly seed: number;
  attempts: number;
  worker: string;
  line: string;
}

/** Logs a job's new worker, a failed try and a new epoch line, once each. */
function reportChanges(progress: ProgressPrinter, job: Job, p: PendingSeed): void {
  if (job.attemptsMade > p.attempts) {
    progress.log(`seed ${p.seed}: try ${job.attemptsMade} of ${MAX_ATTEMPTS} failed: ${job.failedReason}; retrying`);
    p.attempts = job.attemptsMade;
  }
  const pr = progressOf(job);
  if (!pr) return;
  if (pr.worker !== p.worker) {
    progress.log(`seed ${p.seed}: ${p.worker === '' ? 'taken' : 'taken over'} by worker ${pr.worker}`);
    p.worker = pr.worker;
  }
  if (pr.line !== '' && pr.line !== p.line) {
    progress.log(pr.line.startsWith(`seed ${p.seed} `) ? pr.line : `seed ${p.seed} | ${pr.line}`);
    p.line = pr.line;
  }
}

function progressOf(job: Job): JobProgress | undefined {
  const pr = job.progress as unknown;
  return typeof pr === 'object' && pr !== null && typeof (pr as JobProgress).worker === 'string' ? (pr as JobProgress) : undefined;
}

function landResult(folder: RunFolder, job: Job, seed: number): SeedResult | SeedFailure {
  try {
    const result = parseSeedJobResult(String(job.id), job.returnvalue);
    if (result.outcome.seed !== seed) return { seed, error: `job ${job.id} returned seed ${result.outcome.seed}` };
    landSeedFiles(folder.seedDir(seed), result.files);
    return result.outcome;
  } catch (err) {
    return { seed, error: (err as Error).message };
  }
}
