/**
 * What a results record takes from one run folder, finished or not: the run's settings and
 * provenance from config.json, its state from status.json, and per seed the metrics.csv rows,
 * result.json and the test-set outputs (present once the seed finished).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { BackendInfo } from '../engine/backend';
import { readJson } from '../store/files';
import { readMetricsCsv } from '../runner/report/report-data';
import type { RunFolder, RunStatus } from '../store/run-folder';
import type { RunEnsemble } from '../eval/run-ensemble';
import type { SeedResult } from '../seed/seed-run';
import { seedOf } from '../seed/seed-run';
import type { RunSummary } from '../runner/summary';
import { type SeedTestOutputs, readSeedTestOutputs } from '../store/test-outputs';

/** config.json as the runner writes it: the fields a record quotes. */
interface SavedRunConfig {
  readonly config: ExperimentConfig;
  readonly backend?: BackendInfo;
  readonly codeVersion?: string;
  readonly command?: readonly string[];
  readonly cpu?: string;
  readonly resumes?: readonly RunResume[];
  readonly data?: { readonly classNames?: readonly string[] };
}

/** One `--resume` of a run, as config.json lists it. */
export interface RunResume {
  readonly at: string;
  readonly command?: readonly string[];
  readonly codeVersion?: string;
  readonly cpu?: string;
  /** The epochs planned from then on (more than before when the resume extended the run). */
  readonly epochs: number;
}

export interface SeedSource {
  readonly seed: number;
  readonly dataSeed: number;
  /** metrics.csv rows, one per finished epoch; empty before the first epoch ends. */
  readonly metrics: readonly Record<string, number>[];
  /** Present once the seed finished. */
  readonly result?: SeedResult;
  /** The finished seed's test-set probabilities and labels, when it saved them. */
  readonly testOutputs?: SeedTestOutputs;
}

export interface RunSource {
  readonly runId: string;
  readonly dir: string;
  readonly config: ExperimentConfig;
  readonly backend?: BackendInfo;
  readonly codeVersion?: string;
  readonly command?: readonly string[];
  readonly cpu?: string;
  readonly resumes: readonly RunResume[];
  /** The dataset's class names, as config.json records them. */
  readonly classNames?: readonly string[];
  /** status.json's state; undefined for a folder without one. */
  readonly state?: RunStatus['state'];
  readonly seeds: readonly SeedSource[];
  /** The run's ensemble, when its summary has one (`--ensemble`). */
  readonly ensemble?: RunEnsemble;
}

/** Reads what a record needs from `folder`; a folder without config.json is an error naming it. */
export function readRunSource(folder: RunFolder): RunSource {
  const configFile = folder.file('config.json');
  if (!fs.existsSync(configFile)) throw new ConfigError(`${configFile}: missing; ${folder.dir} is not a run folder`);
  const saved = readJson<SavedRunConfig>(configFile);
  if (!saved.config || typeof saved.config.labels !== 'number') throw new ConfigError(`${configFile}: no run config in it`);
  const optional = <T>(relative: string): T | undefined => (fs.existsSync(folder.file(relative)) ? readJson<T>(folder.file(relative)) : undefined);
  const seeds: SeedSource[] = [];
  for (let index = 0; index < saved.config.seeds; index++) {
    const { seed, dataSeed } = seedOf(saved.config, index);
    const dir = folder.seedDir(seed);
    if (!fs.existsSync(dir)) continue;
    const metricsFile = path.join(dir, 'metrics.csv');
    const resultFile = path.join(dir, 'result.json');
    const finished = fs.existsSync(resultFile);
    const testOutputs = finished ? readSeedTestOutputs(dir) : undefined;
    seeds.push({
      seed,
      dataSeed,
      metrics: fs.existsSync(metricsFile) ? readMetricsCsv(metricsFile) : [],
      ...(finished && { result: readJson<SeedResult>(resultFile) }),
      ...(testOutputs && { testOutputs }),
    });
  }
  return {
    runId: folder.runId,
    dir: folder.dir,
    config: saved.config,
    backend: saved.backend,
    codeVersion: saved.codeVersion,
    command: saved.command,
    cpu: saved.cpu,
    resumes: saved.resumes ?? [],
    classNames: saved.data?.classNames,
    state: optional<RunStatus>('status.json')?.state,
    seeds,
    ensemble: optional<RunSummary>('summary.json')?.ensemble,
  };
}
