/**
 * How an experiment's seeds get trained. The command chooses the executor: this process
 * (in-process.ts), child processes (seed-processes.ts), queue workers (src/queue/queue-executor.ts)
 * or a new one, as one new module. The experiment hands over the seeds and records what comes back.
 */
import type { ExperimentConfig } from '../core/contracts';
import type { SeedFailure, SeedResult } from '../seed/seed-run';
import type { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';

export type SeedOutcome = SeedResult | SeedFailure;

/** The seeds of one run an executor trains, and where it reports. */
export interface SeedBatch {
  readonly config: ExperimentConfig;
  readonly folder: RunFolder;
  /** 0-based positions of the seeds in the run. */
  readonly indices: readonly number[];
  readonly progress: ProgressPrinter;
  /** Each seed's result or failure, as it comes; a finished seed's result.json counts as its result. */
  onOutcome(outcome: SeedOutcome): void;
  /** The loaded data's facts for config.json, and the files its loader skipped. */
  onData(data: Record<string, unknown>, skippedFiles?: readonly string[]): void;
}

export interface SeedExecutor {
  /** Trains every seed of `batch`; throws only on a mistake that stops the whole run. */
  train(batch: SeedBatch): Promise<void>;
}
