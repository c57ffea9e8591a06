/**
 * A queue worker: pulls seed jobs, validates their payload, trains each through the same
 * `trainSeed` as a local run, reports progress through the job, and returns the seed's result
 * and report files. Checkpoints go to the shared artifacts folder when the job names one, so a
 * job another worker takes over resumes from its last epoch; otherwise they live in a temporary
 * folder and a taken-over job restarts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Dataset, ExperimentConfig } from '../core/contracts';
import type { Registry } from '../core/registry';
import type { BackendInfo } from '../engine/backend';
import type { ProgressReport } from '../gan/trainer';
import { describeData, disposeDataset } from '../data/dataset';
import { testSetEvaluator } from '../eval/seed-evaluator';
import { writeJsonAtomic } from '../store/files';
import { ProgressPrinter } from '../store/progress';
import { RunFolder } from '../store/run-folder';
import { seedOf, trainSeed } from '../seed/seed-run';
import { SEED_QUEUE_NAME, bullConnection } from './connection';
import { JobPayloadError, type SeedJobPayload, type SeedJobResult, parseSeedJobPayload } from './job-payload';
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
}

/** Which worker trained a seed, on which backend: beside result.json in the seed folder. */
export const WORKER_FILE = 'worker.json';

export class SeedQueueWorker {
  private readonly worker: Worker;
  private loaded?: { key: string; dataset: Dataset };

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
    await this.worker.close(force);
    if (this.loaded) disposeDataset(this.loaded.dataset);
    this.loaded = undefined;
  }

  private async process(job: Job): Promise<SeedJobResult> {
    let payload: SeedJobPayload;
    try {
      payload = parseSeedJobPayload(String(job.id), job.data);
    } catch (err) {
      // Retrying cannot fix a payload: fail the job at once, and keep the worker.
      if (err instanceof JobPayloadError) throw new UnrecoverableError(err.message);
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
      const dataset = await this.dataset(config);
      const progress = new JobProgressPrinter(job, this.o.name, this.o.progress);
      await job.updateProgress({ worker: this.o.name, epoch: 0, iteration: 0, totalIterations: 0, line: '' });
      const outcome = await trainSeed({ config, registry: this.o.registry, dataset, folder, index, progress, evaluator: testSetEvaluator });
      const worker = { worker: this.o.name, backend: this.o.backend, start: job.attemptsStarted };
      const files = { ...packSeedFiles(folder.seedDir(seed)), [WORKER_FILE]: Buffer.from(JSON.stringify(worker, null, 2)).toString('base64') };
      return { outcome, data: describeData(dataset), files };
    } finally {
      if (!payload.artifactsDir) fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  /** The job's dataset; the last one stays loaded, since a run's jobs share it. */
  private async dataset(config: ExperimentConfig): Promise<Dataset> {
    const key = JSON.stringify([config.dataset, config.datasetOptions]);
    if (this.loaded?.key === key) return this.loaded.dataset;
    if (this.loaded) disposeDataset(this.loaded.dataset);
    this.loaded = undefined;
    const dataset = await this.o.registry.dataset(config.dataset).load(config.datasetOptions);
    this.loaded = { key, dataset };
    return dataset;
  }
}

/** Prints as usual and sends the latest progress and epoch line to the job, at most every interval. */
class JobProgressPrinter extends ProgressPrinter {
  private lastSentMs = 0;
  private latest: JobProgress;

  constructor(private readonly job: Job, worker: string, private readonly local: ProgressPrinter, private readonly sendIntervalMs = 1000) {
    super();
    this.latest = { worker, iteration: 0, totalIterations: 0, epoch: 0, line: '' };
  }

  override restart(iteration: number): void {
    this.local.restart(iteration);
  }

  override update(prefix: string, r: ProgressReport): void {
    this.local.update(prefix, r);
    this.send({ iteration: r.iteration, totalIterations: r.totalIterations, epoch: r.epoch }, false);
  }

  override log(line: string): void {
    this.local.log(line);
    this.send({ line }, true);
  }

  private send(change: Partial<JobProgress>, now: boolean): void {
    this.latest = { ...this.latest, ...change };
    if (!now && Date.now() - this.lastSentMs < this.sendIntervalMs) return;
    this.lastSentMs = Date.now();
    // Progress is advisory: a lost update must not fail the job.
    this.job.updateProgress({ ...this.latest }).catch(() => undefined);
  }
}
