/**
 * The training loop, written once: per iteration one discriminator step then one generator step,
 * with plugins' loss terms summed into each player's cost and hooks called at named points.
 * Losses stay on the device and are read back only at progress points.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  Discriminator,
  DiscriminatorObjective,
  ForwardContext,
  Generator,
  GeneratorObjective,
  ImageSet,
  TrainingHook,
  TrainingState,
} from '../core/contracts';
import type { BatchIndices, BatchSchedule } from '../data/batches';
import type { RandomStreams } from '../engine/random';
import type { Adam } from './adam';
import { classificationError } from './losses';

/** Images the trainer draws batches from, on the host until a batch is drawn. */
export interface TrainingData {
  readonly labeledImages: ImageSet;
  /** Class of each labeled image. */
  readonly labeledLabels: Int32Array;
  readonly unlabeledImages: ImageSet;
}

export interface TrainerOptions {
  readonly seed: number;
  readonly discriminator: Discriminator;
  readonly generator: Generator;
  readonly discriminatorObjectives: readonly DiscriminatorObjective[];
  readonly generatorObjectives: readonly GeneratorObjective[];
  readonly hooks: readonly TrainingHook[];
  readonly data: TrainingData;
  readonly batches: BatchSchedule;
  readonly random: RandomStreams;
  readonly epochs: number;
  /** Optimisers over the networks' trainable weights; the caller owns them (and their checkpoints). */
  readonly discriminatorOptimizer: Adam;
  readonly generatorOptimizer: Adam;
  /** Learning rate of a (1-based) epoch. */
  readonly learningRate: (epoch: number) => number;
}

export interface ProgressReport {
  readonly epoch: number;
  readonly iteration: number;
  readonly totalIterations: number;
  readonly losses: Readonly<Record<string, number>>;
}

export interface TrainOptions {
  /** First epoch to run (1-based); later than 1 when resuming from a checkpoint. */
  readonly fromEpoch?: number;
  /** Read the losses back every this many iterations. */
  readonly progressEvery?: number;
  readonly onProgress?: (report: ProgressReport) => void;
}

/** Name of the labeled-batch error metric kept beside the loss terms. */
export const TRAIN_ERROR = 'train_error';

export class Trainer {
  private readonly trainingContext: ForwardContext;
  private readonly discriminatorWeights: tf.Variable[];
  private readonly generatorWeights: tf.Variable[];
  private readonly inputTransforms: readonly TrainingHook[];
  private sums = new Map<string, tf.Scalar>();
  private summedIterations = 0;
  private epochLosses: Record<string, number> = {};
  /** The state of the iteration being trained, which input transforms (instance noise) read. */
  private current: TrainingState;

  constructor(private readonly o: TrainerOptions) {
    this.trainingContext = { training: true, random: o.random };
    this.discriminatorWeights = [...o.discriminator.trainableWeights];
    this.generatorWeights = [...o.generator.trainableWeights];
    this.inputTransforms = o.hooks.filter((hook) => hook.transformDiscriminatorInput);
    this.current = this.state(1, 0);
  }

  get totalIterations(): number {
    return this.o.epochs * this.o.batches.iterationsPerEpoch;
  }

  async train(options: TrainOptions = {}): Promise<void> {
    const { fromEpoch = 1, progressEvery = 50, onProgress } = options;
    const perEpoch = this.o.batches.iterationsPerEpoch;
    let state = this.state(fromEpoch, (fromEpoch - 1) * perEpoch);
    for (const hook of this.o.hooks) await hook.onStart?.(state);
    for (let epoch = fromEpoch; epoch <= this.o.epochs; epoch++) {
      const learningRate = this.o.learningRate(epoch);
      this.o.batches.startEpoch(this.o.random.shuffle);
      this.resetSums();
      for (let i = 0; i < perEpoch; i++) {
        const iteration = (epoch - 1) * perEpoch + i + 1;
        state = this.state(epoch, iteration, learningRate);
        this.current = state;
        const batch = this.o.batches.batch(i);
        this.discriminatorStep(batch, learningRate);
        for (const hook of this.o.hooks) hook.afterDiscriminatorStep?.(state);
        // Without generator terms (a supervised-only baseline) there is no G step.
        if (this.o.generatorObjectives.length > 0) {
          this.generatorStep(batch, learningRate);
          for (const hook of this.o.hooks) hook.afterGeneratorStep?.(state);
        }
        if ((i + 1) % progressEvery === 0 || i + 1 === perEpoch) {
          this.epochLosses = await this.readMeans();
          onProgress?.({ epoch, iteration, totalIterations: this.totalIterations, losses: this.epochLosses });
        }
        // The wasm and cpu backends compute synchronously: yield so output and signals get through.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      state = this.state(epoch, epoch * perEpoch, learningRate);
      for (const hook of this.o.hooks) await hook.onEpochEnd?.(state);
    }
    for (const hook of this.o.hooks) await hook.onEnd?.(state);
    this.resetSums();
  }

  /** One discriminator update on a labeled, an unlabeled and a generated batch. */
  discriminatorStep(batch: BatchIndices, learningRate: number): void {
    const { discriminator: d, generator: g, data } = this.o;
    const ctx = this.trainingContext;
    const terms = tf.tidy(() => {
      const n = batch.labeled.length;
      const generated = g.apply(g.sampleLatent(n, this.o.random), ctx);
      const labeled = data.labeledImages.batch(batch.labeled);
      const labels = tf.tensor1d(Int32Array.from(batch.labeled, (i) => data.labeledLabels[i]), 'int32');
      const unlabeled = data.unlabeledImages.batch(batch.unlabeled);
      const values: Record<string, tf.Scalar> = {};
      const { grads } = tf.variableGrads(() => {
        const inputs = [labeled, unlabeled, generated].map((x) => this.discriminatorInput(x));
        // One pass over the three batches is faster, and exact for discriminators without batch
        // statistics (the paper's); with them, real and generated batches must not share a pass.
        const [labeledLogits, unlabeledLogits, generatedLogits] = d.batchStatistics
          ? inputs.map((x) => d.apply(x, ctx).logits)
          : (tf.split(d.apply(tf.concat(inputs), ctx).logits, 3) as tf.Tensor2D[]);
        const step = { labeledLogits, labels, unlabeledLogits, generatedLogits, weights: this.discriminatorWeights };
        values[TRAIN_ERROR] = tf.keep(classificationError(labeledLogits, labels));
        return this.weightedSum(this.o.discriminatorObjectives, step, values);
      }, this.discriminatorWeights);
      this.o.discriminatorOptimizer.apply(this.discriminatorWeights.map((w) => grads[w.name]), learningRate);
      return values;
    });
    this.accumulate(terms);
  }

  /** One generator update: its terms see D's view of a generated and a fresh unlabeled batch. */
  generatorStep(batch: BatchIndices, learningRate: number): void {
    const { discriminator: d, generator: g, data } = this.o;
    const ctx = this.trainingContext;
    const terms = tf.tidy(() => {
      const n = batch.unlabeledForGenerator.length;
      const realFeatures = d.features(this.discriminatorInput(data.unlabeledImages.batch(batch.unlabeledForGenerator)), ctx);
      const values: Record<string, tf.Scalar> = {};
      const { grads } = tf.variableGrads(() => {
        const { logits, features } = d.apply(this.discriminatorInput(g.apply(g.sampleLatent(n, this.o.random), ctx)), ctx);
        const step = { generatedLogits: logits, generatedFeatures: features, realFeatures, weights: this.generatorWeights };
        return this.weightedSum(this.o.generatorObjectives, step, values);
      }, this.generatorWeights);
      this.o.generatorOptimizer.apply(this.generatorWeights.map((w) => grads[w.name]), learningRate);
      return values;
    });
    this.accumulate(terms);
  }

  dispose(): void {
    this.resetSums();
  }

  /** `x` after every hook's input transform (instance noise), in hook order. */
  private discriminatorInput(x: tf.Tensor4D): tf.Tensor4D {
    let y = x;
    for (const hook of this.inputTransforms) y = hook.transformDiscriminatorInput!(y, this.current, this.o.random);
    return y;
  }

  private weightedSum<T>(
    objectives: readonly { name: string; weight: number; loss(step: T): tf.Scalar }[],
    step: T,
    values: Record<string, tf.Scalar>,
  ): tf.Scalar {
    const weighted = objectives.map((objective) => {
      const value = objective.loss(step);
      values[objective.name] = tf.keep(value);
      return objective.weight === 1 ? value : tf.mul(value, objective.weight);
    });
    return (weighted.length === 1 ? weighted[0] : tf.addN(weighted)) as tf.Scalar;
  }

  private accumulate(values: Record<string, tf.Scalar>): void {
    for (const [name, value] of Object.entries(values)) {
      const previous = this.sums.get(name);
      this.sums.set(name, previous ? tf.tidy(() => tf.add(previous, value)) : tf.clone(value));
      previous?.dispose();
      value.dispose();
    }
    if (values[TRAIN_ERROR]) this.summedIterations += 1;
  }

  private async readMeans(): Promise<Record<string, number>> {
    const means: Record<string, number> = {};
    for (const [name, sum] of this.sums) means[name] = (await sum.data())[0] / Math.max(1, this.summedIterations);
    return means;
  }

  private resetSums(): void {
    tf.dispose([...this.sums.values()]);
    this.sums.clear();
    this.summedIterations = 0;
    this.epochLosses = {};
  }

  private state(epoch: number, iteration: number, learningRate = this.o.learningRate(epoch)): TrainingState {
    return {
      seed: this.o.seed,
      epoch,
      iteration,
      iterationsPerEpoch: this.o.batches.iterationsPerEpoch,
      totalIterations: this.totalIterations,
      discriminator: this.o.discriminator,
      generator: this.o.generator,
      epochLosses: this.epochLosses,
      learningRate,
    };
  }
}
