/**
 * The hook that reports an epoch: test error of the averaged and the raw discriminator, a sample
 * grid, a metrics row and a log line.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset, TrainingHook, TrainingState } from '../core/contracts';
import type { RandomStreams } from '../engine/random';
import type { WeightAverage } from '../gan/weight-average';
import type { MetricsTable } from '../store/metrics';
import type { ProgressPrinter } from '../store/progress';
import { writeImageGrid } from '../store/samples';
import type { SeedEvaluator } from './evaluator';

export const GRID_COLUMNS = 10;

export interface EpochErrors {
  readonly averaged: number;
  readonly raw: number;
}

export class EpochReporter implements TrainingHook {
  readonly name = 'epoch-reporter';
  private epochStartMs = Date.now();
  private epochStartIteration = 0;
  /** Errors of the last evaluated epoch. */
  last?: EpochErrors;

  constructor(
    private readonly o: {
      readonly dataset: Dataset;
      readonly average: WeightAverage;
      readonly random: RandomStreams;
      readonly metrics: MetricsTable;
      readonly progress: ProgressPrinter;
      readonly seedDir: string;
      /** Fixed latent batch, so grids of successive epochs are comparable. */
      readonly gridLatent: tf.Tensor2D;
      readonly evaluateEveryEpochs: number;
      readonly epochs: number;
      readonly evaluator: SeedEvaluator;
    },
  ) {}

  onStart(state: TrainingState): void {
    this.epochStartMs = Date.now();
    this.epochStartIteration = state.iteration;
  }

  async onEpochEnd(state: TrainingState): Promise<void> {
    const seconds = (Date.now() - this.epochStartMs) / 1000;
    const iterations = state.iteration - this.epochStartIteration;
    const row: Record<string, number> = {
      epoch: state.epoch,
      iteration: state.iteration,
      learning_rate: state.learningRate,
      ...state.epochLosses,
      seconds,
      ms_per_iteration: (1000 * seconds) / Math.max(1, iterations),
    };
    const due = state.epoch % this.o.evaluateEveryEpochs === 0 || state.epoch === this.o.epochs;
    if (due) {
      const { dataset, random, evaluator } = this.o;
      const d = state.discriminator;
      const raw = await evaluator.errorPercent(d, dataset.testImages, dataset.testLabels, random);
      const averaged = await this.o.average.withAveragedWeights(() =>
        evaluator.errorPercent(d, dataset.testImages, dataset.testLabels, random),
      );
      this.last = { averaged, raw };
      Object.assign(row, { test_error_averaged: averaged, test_error_raw: raw });
      const images = tf.tidy(() => state.generator.apply(this.o.gridLatent, { training: false, random }));
      const file = path.join(this.o.seedDir, 'samples', `epoch-${String(state.epoch).padStart(3, '0')}.png`);
      await writeImageGrid(images, dataset.scaling, GRID_COLUMNS, file);
      images.dispose();
      this.o.progress.log(
        `seed ${state.seed} epoch ${state.epoch}/${this.o.epochs}: test error ${averaged.toFixed(2)}% ` +
          `(averaged weights), ${raw.toFixed(2)}% (raw); ${seconds.toFixed(1)} s, ${row.ms_per_iteration.toFixed(1)} ms/iter`,
      );
    }
    this.o.metrics.append(row);
    this.epochStartMs = Date.now();
    this.epochStartIteration = state.iteration;
  }
}
