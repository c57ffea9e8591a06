/**
 * Runs an experiment: one training per seed (labeled subset), each resumable, then aggregates
 * the seeds' test errors. The run folder's status says whether it is running, complete, failed
 * or interrupted; the summary says how many seeds it covers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ExperimentConfig, Preset } from '../core/contracts';
import { SsganError } from '../core/errors';
import type { BackendInfo } from '../engine/backend';
import { type RunEnsemble, computeRunEnsemble } from '../eval/run-ensemble';
import type { SeedFailure, SeedResult } from '../seed/seed-run';
import { codeVersion } from '../store/code-version';
import { writeFileAtomic } from '../store/files';
import type { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';
import { writeRunReport } from './report/write-report';
import type { SeedExecutor, SeedOutcome } from './seed-executor';
import { type RunSummary, summarize, summaryMarkdown } from './summary';
import { count } from '../util/number-text';

export interface ExperimentOptions {
  readonly config: ExperimentConfig;
  readonly preset: Preset;
  readonly folder: RunFolder;
  readonly backend: BackendInfo;
  readonly progress: ProgressPrinter;
  /** Extra facts for config.json (command line, parallelism, versions). */
  readonly provenance: Record<string, unknown>;
  /** Where the seeds train: this process, child processes, queue workers. */
  readonly executor: SeedExecutor;
  /** Also report the ensemble of the finished seeds (`--ensemble`). */
  readonly ensemble?: boolean;
}

/**
 * config.json's content: the config now planned, how the run was started (command, code version,
 * CPU, backend...) and each resume after that, so a published result names the command that made
 * it. A resumed queued run also keeps the data facts its first result brought.
 */
function runRecord(folder: RunFolder, started: Record<string, unknown> & { config: ExperimentConfig }): Record<string, unknown> {
  if (!fs.existsSync(folder.file('config.json'))) return started;
  const { resumes, ...origin } = folder.readJson<Record<string, unknown>>('config.json');
  const resume = {
    at: new Date().toISOString(), command: started.command, codeVersion: started.codeVersion, cpu: started.cpu, backend: started.backend, epochs: started.config.epochs,
  };
  return { ...origin, config: started.config, resumes: [...((resumes as unknown[] | undefined) ?? []), resume] };
}

export async function runExperiment(o: ExperimentOptions): Promise<RunSummary> {
  const { config, folder } = o;
  folder.writeStatus('running', 0, config.seeds);
  // The CPU beside the backend: machines whose BLAS kernels round differently train differently.
  const cpu = `${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores`;
  const configJson = runRecord(folder, { config, backend: o.backend, codeVersion: codeVersion(), cpu, ...o.provenance });
  folder.writeJson('config.json', configJson);
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
    o.progress.log(`\n${signal}: run ${folder.runId} stopped after ${results.length} of ${count(config.seeds, 'seed')}; resume with --resume ${folder.runId}`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const record = (outcome: SeedOutcome) => {
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
    await o.executor.train({
      config, folder, indices: [...Array(config.seeds).keys()], progress: o.progress, onOutcome: record,
      onData: (data, skipped) => {
        if (skipped) skippedFiles = skipped;
        folder.writeJson('config.json', { ...configJson, data });
      },
    });
    const ensemble = o.ensemble && results.length > 0 ? computeRunEnsemble(folder, results.map((r) => r.seed)) : undefined;
    if (ensemble) o.progress.log(`ensemble of ${count(ensemble.seeds.length, 'seed')}: test error ${ensemble.testError.toFixed(2)}%`);
    const summary = writeSummary(ensemble);
    if (results.length === 0 && failures.length > 0) throw new SsganError(`every seed failed; seed ${failures[0].seed}: ${failures[0].error}`);
    folder.writeStatus(failures.length > 0 ? 'failed' : 'complete', results.length, config.seeds, failures.length > 0 ? `${count(failures.length, 'seed')} failed` : undefined);
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
