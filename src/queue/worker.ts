/**
 * A queue worker: pulls seed jobs, checks their payload and what they ask for against what this
 * worker allows (job-trust.ts), trains each seed in a child process through the same `trainSeed`
 * as a local run, reports progress through the job, and returns the seed's result and report
 * files. Training in a child keeps this process's event loop free, so the job's lock is renewed
 * however long an iteration or evaluation takes: a job moves to another worker only when this
 * process is gone. Checkpoints go to the job's artifacts folder when it names one (inside this
 * worker's artifacts root), so a job another worker takes over resumes from its last epoch;
 * otherwise they live in a temporary folder and a taken-over job restarts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Registry } from '../core/registry';
import type { BackendInfo } from '../engine/backend';
import { writeJsonAtomic } from '../store/files';
import type { ProgressPrinter } from '../store/progress';
import { RunFolder } from '../store/run-folder';
import { type SeedProcess, type SeedWorkerMessage, trainSeedInProcess } from '../runner/seed-processes';
import { seedOf } from '../seed/seed-run';
import { SEED_QUEUE_NAME, bullConnection } from './connection';
import { JobPayloadError, type SeedJobPayload, type SeedJobResult, parseSeedJobPayload } from './job-payload';
import { type WorkerRoots, UntrustedJobError, checkJobTrusted } from './job-trust';
import { type JobProgress, MAX_ATTEMPTS } from './coordinator';
import { packSeedFiles } from './seed-files';
import type { QueueUrl } from './queue-url';
import type { QueueTiming } from './timing';

export interface SeedQueueWorkerOptions {
  readonly url: QueueUrl;
  readonly registry: Registry;
  /** This worker's name in the coordinator's log (host:pid). */
  readonly name: string;
  readonly timing: QueueTiming;
  readonly progress: ProgressPrinter;
  /** This worker's compute engine, recorded beside each seed it trains. */
  readonly backend: BackendInfo;
  /** Compute threads of the training process. */
  readonly threads: number;
  readonly pluginDirs: readonly string[];
  /** Module that trains one seed in a child process (src/cli/seed-worker). */
  readonly workerEntry: string;
  /** Where jobs may read data and keep artifacts. */
  readonly roots: WorkerRoots;
}

/** Which worker trained a seed, on which backend: beside result.json in the seed folder. */
export const WORKER_FILE = 'worker.json';

export class SeedQueueWorker {
  private readonly worker: Worker;
  private training?: SeedProcess;

  constructor(private readonly o: SeedQueueWorkerOptions) {
    this.worker = new Worker(SEED_QUEUE_NAME, (job: Job) => this.process(job), {
      connection: bullConnection(o.url),
      name: o.name,
      concurrency: 1,
      lockDuration: o.timing.lockDurationMs,
      stalledInterval: o.timing.stalledIntervalMs,
      // A job whose worker died counts as a try, like one that threw.
      maxStalledCount: MAX_ATTEMPTS - 1,
    });
    this.worker.on('failed', (job: Job | undefined, err: Error) => o.progress.log(`job ${job?.id ?? '?'} failed: ${err.message}`));
    this.worker.on('error', (err: Error) => o.progress.log(`queue ${o.url.redacted}: ${err.message}`));
  }

  /** Stops taking jobs; with `force`, abandons the running one (another worker takes it up). */
  async close(force: boolean): Promise<void> {
    if (force) this.training?.kill();
    await this.worker.close(force);
  }

  private async process(job: Job): Promise<SeedJobResult> {
    let payload: SeedJobPayload;
    try {
      payload = parseSeedJobPayload(String(job.id), job.data);
      checkJobTrusted(String(job.id), payload, this.o.registry, this.o.roots);
    } catch (err) {
      // Retrying cannot fix a payload or make it trusted: fail the job at once, and keep the worker.
      if (err instanceof JobPayloadError || err instanceof UntrustedJobError) throw new UnrecoverableError(err.message);
      throw err;
    }
    const { config, index, runKey } = payload;
    const seed = seedOf(config, index).seed;
    this.o.progress.log(`job ${job.id}: seed ${seed} of ${runKey}, start ${job.attemptsStarted} (failed tries so far: ${job.attemptsMade} of ${MAX_ATTEMPTS})`);
    const workDir = payload.artifactsDir ? path.join(payload.artifactsDir, ...runKey.split('/')) : fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-job-'));
    try {
      fs.mkdirSync(workDir, { recursive: true });
      writeJsonAtomic(path.join(workDir, 'config.json'), { config });
      const folder = RunFolder.open(workDir, workDir);
      const sender = new JobProgressSender(job, this.o.name);
      await job.updateProgress({ worker: this.o.name, epoch: 0, iteration: 0, totalIterations: 0, line: '' });
      let data: Record<string, unknown> | undefined;
      this.training = trainSeedInProcess({
        folder, seed, workerEntry: this.o.workerEntry,
        task: { runDir: workDir, index, backend: this.o.backend.name, threads: this.o.threads, pluginDirs: this.o.pluginDirs },
        onLine: (line) => this.o.progress.log(line),
        onMessage: (message: SeedWorkerMessage) => {
          if (message.kind === 'data') data = message.data;
          else sender.send(message);
        },
      });
      const outcome = await this.training.outcome;
      if ('error' in outcome) throw new Error(outcome.error);
      if (!data) throw new Error(`seed ${seed}: the training process sent no data facts`);
      const worker = { worker: this.o.name, backend: this.o.backend, start: job.attemptsStarted };
      const files = { ...packSeedFiles(folder.seedDir(seed)), [WORKER_FILE]: Buffer.from(JSON.stringify(worker, null, 2)).toString('base64') };
      return { outcome, data, files };
    } finally {
      this.training = undefined;
      if (!payload.artifactsDir) fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
}

/** Sends the training process's latest progress and log line to the job, at most every interval (lines at once). */
class JobProgressSender {
  private lastSentMs = 0;
  private latest: JobProgress;

  constructor(private readonly job: Job, worker: string, private readonly sendIntervalMs = 1000) {
    this.latest = { worker, iteration: 0, totalIterations: 0, epoch: 0, line: '' };
  }

  send(message: Exclude<SeedWorkerMessage, { kind: 'data' }>): void {
    const { kind, ...change } = message;
    this.latest = { ...this.latest, ...change };
    if (kind === 'progress' && Date.now() - this.lastSentMs < this.sendIntervalMs) return;
    this.lastSentMs = Date.now();
    // Progress is advisory: a lost update must not fail the job.
    this.job.updateProgress({ ...this.latest }).catch(() => undefined);
  }
}
