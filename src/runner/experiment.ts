/**
 * Runs an experiment: one training per seed (labeled subset), each resumable, then aggregates
 * the seeds' test errors. The run folder's status says whether it is running, complete, failed
 * or interrupted; the summary says how many seeds it covers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ExperimentConfig, Preset } from '../core/contracts';
import { describeData, disposeDataset } from '../data/dataset';
import { SsganError } from '../core/errors';
import type { Registry } from '../core/registry';
import type { BackendInfo } from '../engine/backend';
import { type QueueTarget, runSeedsOnQueue } from '../queue/coordinator';
import { codeVersion } from '../store/code-version';
import { writeFileAtomic } from '../store/files';
import { writeRunReport } from './report/write-report';
import type { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';
import { type RunEnsemble, computeRunEnsemble } from '../eval/run-ensemble';
import { runSeedsInProcesses } from './seed-processes';
import { type SeedFailure, type SeedResult, seedOf, trainSeed } from '../seed/seed-run';
import { type RunSummary, summarize, summaryMarkdown } from './summary';

export interface ExperimentOptions {
  readonly config: ExperimentConfig;
  readonly preset: Preset;
  readonly registry: Registry;
  readonly folder: RunFolder;
  readonly backend: BackendInfo;
  readonly progress: ProgressPrinter;
  /** Extra facts for config.json (command line, versions). */
  readonly provenance: Record<string, unknown>;
  /** Seeds trained at once, each in its own process (1: all in this process). */
  readonly jobs: number;
  /** Compute threads of each job's backend. */
  readonly threadsPerJob: number;
  /** Worker module for jobs > 1 (src/cli/seed-worker). */
  readonly workerEntry: string;
  readonly pluginDirs: readonly string[];
  /** Train the seeds on queue workers instead (`--queue`); `runKey` names the run's jobs. */
  readonly queue?: { readonly target: QueueTarget; readonly runKey: string; readonly pollMs: number };
  /** Also report the ensemble of the finished seeds (`--ensemble`). */
  readonly ensemble?: boolean;
}

export async function runExperiment(o: ExperimentOptions): Promise<RunSummary> {
  const { config, folder } = o;
  folder.writeStatus('running', 0, config.seeds);
  // The CPU beside the backend: machines whose BLAS kernels round differently train differently.
  const cpu = `${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores`;
  const configJson = { config, backend: o.backend, jobs: o.jobs, codeVersion: codeVersion(), cpu, ...o.provenance };
  // A resumed queued run keeps the data facts its first result brought.
  const savedData = fs.existsSync(folder.file('config.json')) ? folder.readJson<{ data?: unknown }>('config.json').data : undefined;
  folder.writeJson('config.json', { ...configJson, ...(savedData !== undefined && { data: savedData }) });
  const results: SeedResult[] = [];
  const failures: SeedFailure[] = [];
  let skippedFiles: readonly string[] = [];
  const writeSummary = (ensemble?: RunEnsemble): RunSummary => {
    const published = o.preset.published?.[config.labels];
    const summary = summarize(folder.runId, config, o.backend, results, published, o.preset.config.epochs, skippedFiles, failures, ensemble);
    folder.writeJson('summary.json', summary);
    writeFileAtomic(folder.file('summary.md'), summaryMarkdown(summary));
    return summary;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    folder.writeStatus('interrupted', results.length, config.seeds, `stopped by ${signal}`);
    o.progress.log(`\n${signal}: run ${folder.runId} stopped after ${results.length} of ${config.seeds} seeds; resume with --resume ${folder.runId}`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const record = (outcome: SeedResult | SeedFailure) => {
    if ('error' in outcome) {
      failures.push(outcome);
      o.progress.log(`seed ${outcome.seed} failed: ${outcome.error}`);
    } else {
      results.push(outcome);
      results.sort((a, b) => a.seed - b.seed);
    }
    writeSummary();
    folder.writeStatus('running', results.length, config.seeds);
  };
  try {
    if (o.queue) {
      // Workers load the data; the coordinator's machine may not have it.
      await runSeedsOnQueue({
        target: o.queue.target, folder, runKey: o.queue.runKey, configOf: () => config, indices: [...Array(config.seeds).keys()], progress: o.progress, pollMs: o.queue.pollMs,
        onOutcome: record, onData: (data) => folder.writeJson('config.json', { ...configJson, data }),
      });
    } else {
      await runSeedsHere(o, configJson, record, (files) => (skippedFiles = files));
    }
    const ensemble = o.ensemble && results.length > 0 ? computeRunEnsemble(folder, results.map((r) => r.seed)) : undefined;
    if (ensemble) o.progress.log(`ensemble of ${ensemble.seeds.length} seed(s): test error ${ensemble.testError.toFixed(2)}%`);
    const summary = writeSummary(ensemble);
    if (results.length === 0 && failures.length > 0) throw new SsganError(`every seed failed; seed ${failures[0].seed}: ${failures[0].error}`);
    folder.writeStatus(failures.length > 0 ? 'failed' : 'complete', results.length, config.seeds, failures.length > 0 ? `${failures.length} seed(s) failed` : undefined);
    o.progress.log(`report: ${writeRunReport(folder)}`);
    return summary;
  } catch (err) {
    folder.writeStatus('failed', results.length, config.seeds, (err as Error).message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Trains the seeds on this machine: in this process, or in `jobs` worker processes. */
async function runSeedsHere(
  o: ExperimentOptions,
  configJson: Record<string, unknown>,
  record: (outcome: SeedResult | SeedFailure) => void,
  onSkippedFiles: (files: readonly string[]) => void,
): Promise<void> {
  const { config, folder } = o;
  const dataset = await o.registry.dataset(config.dataset).load(config.datasetOptions);
  onSkippedFiles(dataset.skippedFiles ?? []);
  folder.writeJson('config.json', { ...configJson, data: describeData(dataset) });
  if (o.jobs > 1) {
    disposeDataset(dataset);
    await runSeedsInProcesses({
      folder, indices: [...Array(config.seeds).keys()], jobs: o.jobs, backend: o.backend.name, threads: o.threadsPerJob, progress: o.progress,
      onOutcome: record, workerEntry: o.workerEntry, pluginDirs: o.pluginDirs, seedOf: (i) => seedOf(config, i).seed,
    });
    return;
  }
  try {
    for (let index = 0; index < config.seeds; index++) {
      record(await trainSeedOrFailure(() => trainSeed({ config, registry: o.registry, dataset, folder, index, progress: o.progress }), seedOf(config, index).seed));
    }
  } finally {
    disposeDataset(dataset);
  }
}

/** A user's mistake (SsganError) stops the run; anything else fails only its seed. */
async function trainSeedOrFailure(train: () => Promise<SeedResult>, seed: number): Promise<SeedResult | SeedFailure> {
  try {
    return await train();
  } catch (err) {
    if (err instanceof SsganError) throw err;
    return { seed, error: (err as Error).stack ?? String(err) };
  }
}
