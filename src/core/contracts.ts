/**
 * Every interface a plugin implements or receives. Plugins import from here (and tokens.ts),
 * never the other way round.
 */
import type * as tf from '@tensorflow/tfjs';
import type { RandomStreams, Rng } from '../engine/random';

// ---------------------------------------------------------------------------------------- data

/** How stored pixels p in [0, 255] became model inputs x: x = (p - offset) / scale. */
export interface PixelScaling {
  readonly offset: number;
  readonly scale: number;
}

/**
 * Images held on the host (uint8 as loaded: one byte per pixel value), handed to the device a
 * batch at a time. Loaders build them with `hostImageSet` (src/data/image-set.ts).
 */
export interface ImageSet {
  readonly count: number;
  /** [height, width, channels] of every image. */
  readonly shape: readonly [number, number, number];
  /** A new float32 tensor [indices.length, H, W, C] of those images, scaled by the dataset's `PixelScaling`; the caller disposes it. */
  batch(indices: ArrayLike<number>): tf.Tensor4D;
  /** Writes image `index`, scaled as `batch` scales it (HWC order), into `out` from `offset`. */
  writeScaled(index: number, out: Float32Array, offset: number): void;
}

/** A labeled image collection, loaded and validated, held on the host: no tensor exists until a batch is asked for. */
export interface Dataset {
  readonly name: string;
  readonly trainImages: ImageSet;
  /** Class index of each training image. */
  readonly trainLabels: Int32Array;
  readonly testImages: ImageSet;
  readonly testLabels: Int32Array;
  /** Extra images without labels (for example an image folder's unlabeled/, SVHN's extra). */
  readonly unlabeledImages?: ImageSet;
  readonly classNames: readonly string[];
  /** How the image sets scale pixels into model inputs. */
  readonly scaling: PixelScaling;
  /** Files (or package) the data came from, for the report. */
  readonly sources: readonly string[];
  /** Unreadable files a loader skipped because the user allowed it, for the report. */
  readonly skippedFiles?: readonly string[];
}

export interface DatasetLoadOptions {
  /** Folder holding the official files; each loader documents its default. */
  readonly dataDir?: string;
  readonly [option: string]: unknown;
}

/** Reads one dataset format; throws `DatasetFormatError` naming the file and the fault. */
export interface DatasetLoader {
  readonly name: string;
  readonly description: string;
  load(options: DatasetLoadOptions): Promise<Dataset>;
  /**
   * The files and folders `load(options)` would read or write, absolute or relative to the working
   * folder; a queue worker loads a job's data only when they all lie under its data roots.
   * Default: `options.dataDir`, or `defaultDataDir` without it.
   */
  dataPaths?(options: DatasetLoadOptions): readonly string[];
  /** The folder `load` reads when given no path, if any: a queue worker's default data root. */
  readonly defaultDataDir?: string;
  /** Fetches the official files into `options.dataDir` (for `ssgan download`); loaders never download on their own. */
  download?(options: DownloadRequest): Promise<string[]>;
  /** The options `load` accepts, where it checks them: a flag that sets one (`--skip-bad-images`) is offered only then. */
  readonly options?: readonly string[];
  /** The dataset-descriptor format that names this loader's data (docs/own-dataset.md), when it has its own. */
  readonly format?: DescriptorFormat;
}

/** How a dataset descriptor names a loader's data: the `format` value and the path fields it takes. */
export interface DescriptorFormat {
  readonly name: string;
  /** Path fields, resolved against the descriptor's folder and passed to `load` as options. */
  readonly paths: readonly DescriptorPath[];
  /** `load` takes the descriptor's name as its option `name`. */
  readonly takesName?: boolean;
  /**
   * The paths this format reads as they are, with no descriptor (`--dataset ./digits.csv`): files
   * with one of `extensions` (lower case, with the dot), or any folder. The path fills the
   * format's first required path field.
   */
  readonly asIs?: { readonly extensions?: readonly string[]; readonly folder?: boolean };
}

export interface DescriptorPath {
  /** The descriptor's field. */
  readonly field: string;
  /** The loader option the resolved path is passed as. */
  readonly option: string;
  readonly kind: 'file' | 'folder';
  readonly required: boolean;
  /** What the path holds, for messages. */
  readonly what: string;
}

export interface DownloadRequest {
  readonly dataDir?: string;
  readonly onProgress?: (progress: { readonly name: string; readonly receivedBytes: number; readonly totalBytes?: number }) => void;
}

// -------------------------------------------------------------------------------------- models

/** Grayscale images have one channel, colour images three. */
export type ImageKind = 'grayscale' | 'colour';

/** What a forward pass may depend on besides its input. */
export interface ForwardContext {
  /** Noise layers and dropout act only when training. */
  readonly training: boolean;
  readonly random: RandomStreams;
}

/** One weight of a network, named stably (`layer/weight`) for checkpoints. */
export interface NamedWeight {
  readonly name: string;
  readonly variable: tf.Variable;
  readonly trainable: boolean;
}

/** A trainable network whose weights can be saved, loaded and swapped (for weight averaging). */
export interface Network {
  readonly name: string;
  /** Weights the optimiser updates. */
  readonly trainableWeights: readonly tf.Variable[];
  /** Every weight, trainable or not (data-dependent-init scales included), in a stable order. */
  readonly namedWeights: readonly NamedWeight[];
  /** Serialisable description of the layers, for the checkpoint's model.json. */
  getConfig(): Record<string, unknown>;
}

export interface DiscriminatorOutput {
  /** [B, K] logits of the K real classes; the "generated" logit is fixed at 0. */
  readonly logits: tf.Tensor2D;
  /** Activations of the layer used for feature matching, [B, F]. */
  readonly features: tf.Tensor2D;
}

/** The K+1-class discriminator, which is also the classifier. */
export interface Discriminator extends Network {
  readonly numClasses: number;
  /**
   * True when one example's output depends on its batch companions (minibatch discrimination):
   * the trainer then runs the labeled, unlabeled and generated batches as separate passes, so
   * real and generated examples never share statistics. Absent or false: one concatenated pass.
   */
  readonly batchStatistics?: boolean;
  apply(x: tf.Tensor, ctx: ForwardContext): DiscriminatorOutput;
  /** Runs only up to the feature layer. */
  features(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D;
  /** Data-dependent initialisation on a batch of training images (a no-op for models without it). */
  initialize(x: tf.Tensor, ctx: ForwardContext): void;
}

/** The distribution of a generator's latent vectors. */
export type LatentPrior = 'uniform' | 'normal';

export interface Generator extends Network {
  readonly latentDim: number;
  /** The prior `sampleLatent` draws from. */
  readonly prior: LatentPrior;
  /** Draws a latent batch [n, latentDim] from the generator's prior. */
  sampleLatent(n: number, random: RandomStreams): tf.Tensor2D;
  apply(z: tf.Tensor2D, ctx: ForwardContext): tf.Tensor4D;
}

export interface ModelSpec {
  readonly imageShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly options: Readonly<Record<string, unknown>>;
  /** The techniques' layers for the model's slots, filled from `options` (src/nn/model-layers.ts). */
  readonly layers: ModelLayers;
}

/** Builds the discriminator and generator for one data shape. */
export interface ModelFactory {
  readonly name: string;
  readonly description: string;
  /** The images the 'auto' model hands to this one, which sizes itself from any shape of that kind. */
  readonly autoFor?: ImageKind;
  createDiscriminator(spec: ModelSpec): Discriminator;
  createGenerator(spec: ModelSpec): Generator;
}

// ---------------------------------------------------------------------------------- layers

export type Activation = 'linear' | 'relu' | 'leakyRelu' | 'softplus' | 'sigmoid' | 'tanh';

/**
 * A layer of a network: `build` creates weights for an input shape, `apply` computes, `getConfig`
 * describes the layer for a checkpoint's model.json. src/nn/ holds the framework's; a technique
 * plugin may contribute its own (`ModelLayerFactory`).
 */
export interface Layer {
  readonly name: string;
  /** Creates the weights for an input of shape `inputShape` (no batch axis); returns the output shape. */
  build(inputShape: readonly number[], rng: Rng): number[];
  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
  /** Data-dependent initialisation: sets weights from a batch, then returns the layer's output. */
  initialize?(x: tf.Tensor, ctx: ForwardContext): tf.Tensor;
  readonly weights: readonly NamedWeight[];
  getConfig(): Record<string, unknown>;
  /**
   * True when an example's output depends on the other examples of its batch (minibatch
   * discrimination): a discriminator holding one has `batchStatistics`, and an export refuses it,
   * since it has no single-image form.
   */
  readonly batchDependent?: boolean;
}

/**
 * What a model asks of the techniques, by slot, through its `ModelSpec`: it names none of them.
 * The framework fills each slot from the registered `ModelLayerFactory`s the model options switch on.
 */
export interface ModelLayers {
  /** Layers to put right after D's feature layer, in order; none when no technique adds one. */
  discriminatorFeatures(): Layer[];
  /** A normalisation layer of G with `activation` after it: batch norm, or the one model option `generatorNorm` names. */
  generatorNorm(name: string, activation: Activation): Layer;
  /** G as that normalisation needs it, around `plain` (G's network); `seed` is the model's weight seed. */
  generator(plain: Generator, seed: number): Generator;
}

/** Layers a technique adds after D's feature layer (slot `discriminator-features`), switched by its model option. */
export interface FeatureLayerFactory {
  readonly slot: 'discriminator-features';
  readonly name: string;
  readonly description: string;
  /**
   * The layer the model options ask for, or undefined when they leave it off; a bad option is a
   * ConfigError. The factory names the layer, once per discriminator: its weights are saved under it.
   */
  create(options: ModelOptions): Layer | undefined;
}

/** A normalisation of G in place of batch norm (slot `generator-norm`), chosen by model option `generatorNorm` = its name. */
export interface GeneratorNormFactory {
  readonly slot: 'generator-norm';
  readonly name: string;
  readonly description: string;
  /** One normalisation layer named `name`, `activation` after it. */
  layer(options: ModelOptions, name: string, activation: Activation): Layer;
  /** The generator around `plain` (the network of those layers); `seed` is the model's weight seed. */
  generator(options: ModelOptions, plain: Generator, seed: number): Generator;
}

/** A technique's layers, by the slot they fill (TOKENS.ModelLayer). */
export type ModelLayerFactory = FeatureLayerFactory | GeneratorNormFactory;

// ---------------------------------------------------------------------------------- objectives

/** Tensors of one discriminator step, all computed inside the gradient scope. */
export interface DiscriminatorStepTensors {
  readonly labeledLogits: tf.Tensor2D;
  readonly labels: tf.Tensor1D;
  readonly unlabeledLogits: tf.Tensor2D;
  readonly generatedLogits: tf.Tensor2D;
  readonly weights: readonly tf.Variable[];
}

/** Tensors of one generator step, all computed inside the gradient scope. */
export interface GeneratorStepTensors {
  readonly generatedLogits: tf.Tensor2D;
  readonly generatedFeatures: tf.Tensor2D;
  /** Features of a fresh unlabeled batch; constant with respect to the generator. */
  readonly realFeatures: tf.Tensor2D;
  readonly weights: readonly tf.Variable[];
}

export type Player = 'discriminator' | 'generator';

/** One named loss term; the trainer adds `weight * loss` of every term of a player. */
export interface Objective<T> {
  readonly name: string;
  readonly weight: number;
  loss(step: T): tf.Scalar;
  /** State a term keeps across steps (historical averaging's mean), for the checkpoint. */
  saveState?(): Record<string, tf.Tensor>;
  loadState?(tensors: Record<string, tf.Tensor>): void;
  /** Frees that state when the seed ends. */
  dispose?(): void;
}

export type DiscriminatorObjective = Objective<DiscriminatorStepTensors>;
export type GeneratorObjective = Objective<GeneratorStepTensors>;

export interface ObjectiveFactory {
  readonly name: string;
  readonly player: Player;
  readonly description: string;
  create(weight: number, options: Readonly<Record<string, unknown>>):
    DiscriminatorObjective | GeneratorObjective;
}

// ------------------------------------------------------------------------------------- hooks

/** What a hook sees of the training loop. */
export interface TrainingState {
  readonly seed: number;
  /** 1-based count of finished iterations (one D step and one G step each). */
  readonly iteration: number;
  /** 1-based epoch the iteration belongs to. */
  readonly epoch: number;
  readonly iterationsPerEpoch: number;
  readonly totalIterations: number;
  readonly discriminator: Discriminator;
  readonly generator: Generator;
  /** Mean of every loss term and metric over the epoch so far (refreshed at progress points). */
  readonly epochLosses: Readonly<Record<string, number>>;
  /** Learning rate of the current epoch. */
  readonly learningRate: number;
}

/** Work that runs at named points of the loop: averaging, schedules, checkpoints, samples. */
export interface TrainingHook {
  readonly name: string;
  onStart?(state: TrainingState): void | Promise<void>;
  afterDiscriminatorStep?(state: TrainingState): void;
  afterGeneratorStep?(state: TrainingState): void;
  /**
   * Transforms every input batch of the discriminator (real and generated, in both steps) before
   * D sees it: instance noise. Called inside the step's gradient scope; returns a new tensor.
   */
  transformDiscriminatorInput?(x: tf.Tensor4D, state: TrainingState, random: RandomStreams): tf.Tensor4D;
  onEpochEnd?(state: TrainingState): void | Promise<void>;
  onEnd?(state: TrainingState): void | Promise<void>;
  /** Hook state to keep in a checkpoint, as named tensors (copies the hook may dispose). */
  saveState?(): Record<string, tf.Tensor>;
  loadState?(tensors: Record<string, tf.Tensor>): void;
}

export interface HookFactory {
  readonly name: string;
  readonly description: string;
  create(options: Readonly<Record<string, unknown>>): TrainingHook;
  /**
   * True when, with these options, the hook's schedule is laid over the run's planned length: a
   * longer plan would change epochs already trained, so such a run cannot be extended.
   */
  spansRun?(options: Readonly<Record<string, unknown>>): boolean;
}

// ----------------------------------------------------------------------------------- presets

export interface TermConfig {
  readonly name: string;
  readonly weight: number;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface HookConfig {
  readonly name: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The model options techniques switch, typed: every model built from src/nn/ honours those that
 * apply to it (src/core/config-edit.ts edits them). A technique that adds layers reads its own
 * options in its `ModelLayerFactory`, and types them in its plugin.
 */
export interface TechniqueModelOptions {
  /** The generator's normalisation: 'batch' (the default) or the name of a `GeneratorNormFactory`. */
  readonly generatorNorm?: string;
  /** Gaussian-noise standard deviations of D's input and hidden layers (0: off). */
  readonly inputNoiseStd?: number;
  readonly hiddenNoiseStd?: number;
  /** Dropout rates of D's input and hidden layers (0: off). */
  readonly inputDropout?: number;
  readonly hiddenDropout?: number;
  /** Weight normalisation of D's layers. */
  readonly weightNorm?: boolean;
}

/** A model's options: the techniques' (typed) and the model's own, such as its widths and `initSeed`. */
export type ModelOptions = TechniqueModelOptions & { readonly [option: string]: unknown };

/** A complete, resolved experiment: everything a run needs, saved as config.json. */
export interface ExperimentConfig {
  readonly preset: string;
  readonly dataset: string;
  readonly datasetOptions: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly modelOptions: ModelOptions;
  /** Total labeled examples, balanced over the classes. */
  readonly labels: number;
  /** First training seed; seed i of the run is `seed + i`. */
  readonly seed: number;
  /** Number of seeds (labeled subsets) to train. */
  readonly seeds: number;
  /** First labeled-subset seed; seed i of the run draws its subset with `dataSeed + i`. */
  readonly dataSeed: number;
  readonly epochs: number;
  /** 0 means one pass over the training set: floor(N / batchSize). */
  readonly iterationsPerEpoch: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Linear decay of the learning rate to 0 from this epoch on; null keeps it constant. */
  readonly lrDecayStartEpoch: number | null;
  readonly adamBeta1: number;
  /** Rate of the bias-corrected moving average of D's weights used for test error. */
  readonly emaRate: number;
  /** Test error, sample grid and metrics row every this many epochs (and after the last). */
  readonly evaluateEveryEpochs: number;
  /** Examples used for data-dependent initialisation. */
  readonly initExamples: number;
  readonly discriminatorObjectives: readonly TermConfig[];
  readonly generatorObjectives: readonly TermConfig[];
  readonly hooks: readonly HookConfig[];
}

/**
 * A switchable training technique (minibatch discrimination, label smoothing, ...): how to switch
 * it on in a config and how to take it out, for presets, the command line and ablations. Its
 * parameters live where they act (model options, objective terms, hooks), so a saved config
 * holds them.
 */
export interface Technique {
  readonly name: string;
  /** Other names accepted on the command line (`mbd` for `minibatch-discrimination`). */
  readonly aliases?: readonly string[];
  readonly description: string;
  enabledIn(config: ExperimentConfig): boolean;
  /** `config` with the technique on, with its default parameters where it had none. */
  enable(config: ExperimentConfig): ExperimentConfig;
  disable(config: ExperimentConfig): ExperimentConfig;
  /** The technique's parameters in `config` (empty when off), for the saved config and the report. */
  parameters(config: ExperimentConfig): Record<string, unknown>;
}

/** Published test error (%) for one labeled-set size. */
export interface PublishedError {
  readonly mean: number;
  readonly std: number;
  readonly source: string;
  /** The paper's "ensemble of 10" row, where it has one. */
  readonly ensembleOf10?: { readonly mean: number; readonly std: number };
}

/** A named, complete experiment setting that command-line flags may override. */
export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly config: ExperimentConfig;
  /** Published numbers for this setting, keyed by the labeled-set size. */
  readonly published?: Readonly<Record<number, PublishedError>>;
  /** The preset `ssgan run` takes when given neither --preset nor --dataset, and descriptors borrow by default. */
  readonly isDefault?: boolean;
}

/**
 * A preset named as another preset with techniques switched on, in order; the registry resolves
 * it into a `Preset`. So a plugin combines other plugins' presets and techniques by name alone.
 */
export interface PresetVariant {
  readonly name: string;
  readonly description: string;
  /** Registry name of the preset it starts from. */
  readonly base: string;
  /** Registry names of the techniques it switches on. */
  readonly techniques: readonly string[];
}

// ----------------------------------------------------------------------------------- plugins

/**
 * A plugin stated as its contributions by kind, as `definePlugin` (ssgan/plugin) writes it; the
 * plugin loader binds each to its token, so such a plugin needs no inversify of its own.
 */
export interface PluginDefinition {
  readonly datasets?: readonly DatasetLoader[];
  readonly models?: readonly ModelFactory[];
  /** Techniques' layers for the models' slots. */
  readonly layers?: readonly ModelLayerFactory[];
  readonly objectives?: readonly ObjectiveFactory[];
  readonly hooks?: readonly HookFactory[];
  readonly techniques?: readonly Technique[];
  /** Complete presets (start each config from `recipe`) and variants of loaded presets. */
  readonly presets?: readonly (Preset | PresetVariant)[];
}
