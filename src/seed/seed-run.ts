/**
 * Trains one seed: its labeled subset, models, objectives and hooks, resumed from its checkpoint
 * when there is one; writes seed-<n>/result.json when done.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type {
  Dataset,
  Discriminator,
  DiscriminatorObjective,
  ExperimentConfig,
  GeneratorObjective,
  ImageSet,
  TrainingHook,
  TrainingState,
} from '../core/contracts';
import { ConfigError, SsganError } from '../core/errors';
import type { Registry } from '../core/registry';
import { BatchSchedule } from '../data/batches';
import { concatImageSets, selectImages } from '../data/image-set';
import { LabeledSubsetSampler } from '../data/sampler';
import { RandomStreams, Rng } from '../engine/random';
import { Adam } from '../gan/adam';
import { learningRateAt } from '../gan/schedule';
import { type DWinsEarlyVerdict, dWinsEarly } from '../gan/stuck-phase';
import { type TrainingData, Trainer } from '../gan/trainer';
import { WeightAverage } from '../gan/weight-average';
import { modelSpec } from '../nn/model-layers';
import { EpochReporter, GRID_COLUMNS } from './epoch-reporter';
import type { SeedEvaluator } from './evaluator';
import { readJson, writeJsonAtomic } from '../store/files';
import { MetricsTable } from '../store/metrics';
import type { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';
import { writeSeedTestOutputs } from '../store/test-outputs';
import { writeImageGrid } from '../store/samples';
import { codeVersion } from '../store/code-version';
import { type SeedState, codeVersionsAfter, readSeedCheckpointInfo, restoreSeedCheckpoint, saveSeedCheckpoint } from '../store/seed-checkpoint';
import { count } from '../util/number-text';

export interface SeedResult {
  readonly seed: number;
  readonly dataSeed: number;
  readonly epochs: number;
  readonly iterations: number;
  /** Test error (%) with the bias-corrected moving average of D's weights. */
  readonly testErrorAveraged: number;
  /** Test error (%) with D's current weights. */
  readonly testErrorRaw: number;
  readonly trainSeconds: number;
  readonly msPerIteration: number;
  /** Versions of ssgan that trained the seed, when a resume crossed versions: its numbers may differ from an uninterrupted run. */
  readonly codeVersions?: readonly string[];
  /** Whether D won outright in the first epochs (gan/stuck-phase.ts); absent without those loss terms. */
  readonly dWinsEarly?: DWinsEarlyVerdict;
}

/** A seed that ended with an error; the run goes on with the others. */
export interface SeedFailure {
  readonly seed: number;
  readonly error: string;
}

export interface SeedRunOptions {
  readonly config: ExperimentConfig;
  readonly registry: Registry;
  readonly dataset: Dataset;
  readonly folder: RunFolder;
  /** 0-based position of this seed in the run. */
  readonly index: number;
  readonly progress: ProgressPrinter;
  /** Test error and class probabilities of D (src/eval/seed-evaluator.ts). */
  readonly evaluator: SeedEvaluator;
}

/** Offsets that give the sample grid and the init batch random streams of their own. */
const GRID_STREAM = 0x67726964;
const INIT_BATCH_STREAM = 0x696e6974;

export function seedOf(config: ExperimentConfig, index: number): { seed: number; dataSeed: number } {
  return { seed: config.seed + index, dataSeed: config.dataSeed + index };
}

/** The seed's result.json, if it has one. */
export function readSeedResult(seedDir: string): SeedResult | undefined {
  const file = path.join(seedDir, 'result.json');
  return fs.existsSync(file) ? readJson<SeedResult>(file) : undefined;
}

/** Whether `result` covers all of `config.epochs`: a seed of a run extended beyond its plan has an earlier result, and trains on. */
export function coversPlan(result: SeedResult, config: ExperimentConfig): boolean {
  return result.epochs >= config.epochs;
}

export async function trainSeed(o: SeedRunOptions): Promise<SeedResult> {
  const { config, registry, dataset } = o;
  const { seed, dataSeed } = seedOf(config, o.index);
  const seedDir = o.folder.seedDir(seed);
  const resultFile = path.join(seedDir, 'result.json');
  const finished = readSeedResult(seedDir);
  if (finished && coversPlan(finished, config)) return finished;

  const numClasses = dataset.classNames.length;
  const spec = modelSpec(registry.modelLayers(), dataset.trainImages.shape, numClasses, { ...config.modelOptions, initSeed: seed });
  const factory = registry.model(config.model);
  const checkpoint = readSeedCheckpointInfo(seedDir);
  // A run extended beyond its plan: the seed trains on from its final checkpoint.
  if (finished && checkpoint?.epoch !== finished.epochs) {
    throw new SsganError(`seed ${seed} finished ${count(finished.epochs, 'epoch')} but ${path.join(seedDir, 'checkpoint')} does not hold them; it cannot be extended`);
  }
  const random = checkpoint ? RandomStreams.fromState(checkpoint.random) : RandomStreams.fromSeed(seed);
  const codeVersions = codeVersionsAfter(checkpoint, codeVersion());
  const labeledIndices = new LabeledSubsetSampler(dataset.trainLabels, numClasses).sample(config.labels, dataSeed);

  const disposables: { dispose(): void }[] = [];
  const track = <T extends { dispose(): void }>(x: T): T => (disposables.push(x), x);
  try {
    const d = factory.createDiscriminator(spec);
    disposables.push({ dispose: () => tf.dispose(d.namedWeights.map((nw) => nw.variable)) });
    const g = factory.createGenerator(spec);
    disposables.push({ dispose: () => tf.dispose(g.namedWeights.map((nw) => nw.variable)) });
    const data = trainingData(dataset, labeledIndices);
    const unlabeledCount = data.unlabeledImages.count;
    if (!checkpoint) initializeDiscriminator(d, data.unlabeledImages, config.initExamples, seed, random);

    const average = track(new WeightAverage(d, config.emaRate));
    const metrics = new MetricsTable(path.join(seedDir, 'metrics.csv'), checkpoint ? [...checkpoint.metrics] : []);
    const gridLatent = track(g.sampleLatent(GRID_COLUMNS ** 2, RandomStreams.fromSeed(seed ^ GRID_STREAM)));
    const reporter = new EpochReporter({
      dataset, average, random, metrics, progress: o.progress, seedDir, gridLatent, evaluator: o.evaluator,
      evaluateEveryEpochs: config.evaluateEveryEpochs, epochs: config.epochs,
    });
    const pluginHooks = config.hooks.map((hc) => registry.hook(hc.name).create(hc.options));
    const iterationsPerEpoch = config.iterationsPerEpoch || Math.floor(unlabeledCount / config.batchSize);
    const batches = new BatchSchedule(labeledIndices.length, unlabeledCount, config.batchSize, iterationsPerEpoch);
    const optimizers = {
      discriminator: track(new Adam(d.trainableWeights, { beta1: config.adamBeta1 })),
      generator: track(new Adam(g.trainableWeights, { beta1: config.adamBeta1 })),
    };
    const discriminatorObjectives = objectives<DiscriminatorObjective>(registry, config.discriminatorObjectives, 'discriminator');
    const generatorObjectives = objectives<GeneratorObjective>(registry, config.generatorObjectives, 'generator');
    const allObjectives = [...discriminatorObjectives, ...generatorObjectives];
    disposables.push({ dispose: () => allObjectives.forEach((x) => x.dispose?.()) });
    const hooks: TrainingHook[] = [average.hook(), ...pluginHooks, ...allObjectives.flatMap(objectiveStateHook), reporter];
    const state: SeedState = { discriminator: d, generator: g, optimizers, hooks, random };
    const trainer = track(
      new Trainer({
        seed, discriminator: d, generator: g, discriminatorObjectives, generatorObjectives,
        hooks: [...hooks, checkpointHook(seedDir, state, metrics, codeVersions)],
        data, batches, random, epochs: config.epochs,
        discriminatorOptimizer: optimizers.discriminator, generatorOptimizer: optimizers.generator,
        learningRate: (epoch) => learningRateAt(config, epoch),
      }),
    );
    if (checkpoint) {
      restoreSeedCheckpoint(seedDir, state, checkpoint);
      o.progress.log(`seed ${seed}: resuming after epoch ${checkpoint.epoch}`);
      if (codeVersions.length > 1) {
        o.progress.log(`seed ${seed}: notice: its checkpoint is from ssgan ${codeVersions.at(-2)}, this is ${codeVersions.at(-1)}; results may differ from an uninterrupted run`);
      }
    } else {
      const real = realGrid(dataset, seed);
      await writeImageGrid(real, dataset.scaling, GRID_COLUMNS, path.join(seedDir, 'samples', 'real.png'));
      real.dispose();
    }

    const fromEpoch = (checkpoint?.epoch ?? 0) + 1;
    o.progress.restart((fromEpoch - 1) * iterationsPerEpoch);
    const startMs = Date.now();
    await trainer.train({ fromEpoch, onProgress: (r) => o.progress.update(`seed ${seed}`, r) });
    const trainSeconds = (Date.now() - startMs) / 1000;
    // For ensembles (`--ensemble`, `ssgan ensemble`), which average seeds' probabilities.
    const probabilities = await average.withAveragedWeights(() => o.evaluator.classProbabilities(d, dataset.testImages, random));
    writeSeedTestOutputs(seedDir, probabilities, dataset.testLabels);
    const last = reporter.last ?? lastEvaluated(metrics.rows);
    const iterations = config.epochs * iterationsPerEpoch;
    const verdict = dWinsEarly(metrics.rows);
    const result: SeedResult = {
      seed, dataSeed, epochs: config.epochs, iterations,
      testErrorAveraged: last.averaged, testErrorRaw: last.raw,
      trainSeconds, msPerIteration: (1000 * trainSeconds) / Math.max(1, iterations - (fromEpoch - 1) * iterationsPerEpoch),
      ...(codeVersions.length > 1 && { codeVersions }),
      ...(verdict && { dWinsEarly: verdict }),
    };
    writeJsonAtomic(resultFile, result);
    return result;
  } finally {
    for (const x of disposables.reverse()) x.dispose();
  }
}

/**
 * The labeled subset, and the unlabeled set: the whole training set (plus any unlabeled extras), as
 * in the paper. Both read the dataset's images where they are, without copies.
 */
function trainingData(dataset: Dataset, labeledIndices: Int32Array): TrainingData {
  const extra = dataset.unlabeledImages;
  return {
    labeledImages: selectImages(dataset.trainImages, labeledIndices),
    labeledLabels: Int32Array.from(labeledIndices, (i) => dataset.trainLabels[i]),
    unlabeledImages: extra ? concatImageSets([dataset.trainImages, extra]) : dataset.trainImages,
  };
}

/** Data-dependent init of `d` on `count` training images drawn with a stream of the seed's own. */
export function initializeDiscriminator(d: Discriminator, images: ImageSet, count: number, seed: number, random: RandomStreams): void {
  const n = Math.min(count, images.count);
  tf.tidy(() => {
    const indices = new Rng(seed ^ INIT_BATCH_STREAM).permutation(images.count).subarray(0, n);
    d.initialize(images.batch(indices), { training: true, random });
  });
}

function realGrid(dataset: Dataset, seed: number): tf.Tensor4D {
  const indices = new Rng(seed ^ GRID_STREAM).permutation(dataset.trainLabels.length).subarray(0, GRID_COLUMNS ** 2);
  return dataset.trainImages.batch(indices);
}

function objectives<T>(registry: Registry, terms: ExperimentConfig['discriminatorObjectives'], player: 'discriminator' | 'generator'): T[] {
  return terms.map((term) => {
    const factory = registry.objective(term.name);
    if (factory.player !== player) throw new ConfigError(`objective '${term.name}' belongs to the ${factory.player}, not the ${player}`);
    return factory.create(term.weight, term.options) as T;
  });
}

/** A term's own state (historical averaging's mean) rides in the checkpoint as a hook's. */
function objectiveStateHook(objective: DiscriminatorObjective | GeneratorObjective): TrainingHook[] {
  const { saveState, loadState } = objective;
  if (!saveState || !loadState) return [];
  return [{ name: `objective/${objective.name}`, saveState: () => saveState.call(objective), loadState: (t) => loadState.call(objective, t) }];
}

/** Saves the seed's state after every epoch, once the epoch's metrics are written. */
function checkpointHook(seedDir: string, state: SeedState, metrics: MetricsTable, codeVersions: string[]): TrainingHook {
  return {
    name: 'checkpoint',
    onEpochEnd: (s: TrainingState) => saveSeedCheckpoint(seedDir, s.epoch, state, metrics.rows, codeVersions),
  };
}

function lastEvaluated(rows: readonly Record<string, number>[]): { averaged: number; raw: number } {
  const row = [...rows].reverse().find((r) => r.test_error_averaged !== undefined);
  if (!row) throw new Error('no evaluated epoch to report');
  return { averaged: row.test_error_averaged, raw: row.test_error_raw };
}
