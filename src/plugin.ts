/**
 * `ssgan/plugin`: what a plugin author imports, typed. A plugin's entry file exports
 * `definePlugin({ datasets, models, layers, objectives, hooks, techniques, presets })`; presets
 * start from `recipe(...)`; loaders read their options with `OptionReader`, build their data with
 * `assembleDataset` and throw `DatasetFormatError` for bad files; a model stacks ssgan's layers
 * (`WeightNormDense`, `GaussianNoise`, ...) in a `Sequential` and wraps it as a
 * `SequentialDiscriminator` or `SequentialGenerator`; a technique's layers extend `BaseLayer` and
 * fill a model slot through a `FeatureLayerFactory` or `GeneratorNormFactory`, and its
 * `enable`/`disable` edit the config with `withModelOptions`, `withTerm`, `withHook` and their
 * kin. docs/own-dataset.md walks through whole plugins. The interfaces live in
 * src/core/contracts.ts; this module re-exports them and adds `definePlugin`.
 *
 * @packageDocumentation
 */
import type { PluginDefinition } from './core/contracts';

export type {
  Activation,
  Dataset,
  DatasetLoadOptions,
  DatasetLoader,
  DescriptorFormat,
  DescriptorPath,
  Discriminator,
  DiscriminatorObjective,
  DownloadRequest,
  ExperimentConfig,
  FeatureLayerFactory,
  ForwardContext,
  Generator,
  GeneratorNormFactory,
  GeneratorObjective,
  HookConfig,
  HookFactory,
  ImageSet,
  LatentPrior,
  Layer,
  ModelFactory,
  ModelLayerFactory,
  ModelLayers,
  ModelOptions,
  ModelSpec,
  NamedWeight,
  ObjectiveFactory,
  PixelScaling,
  Player,
  PluginDefinition,
  Preset,
  PresetVariant,
  PublishedError,
  Technique,
  TechniqueModelOptions,
  TermConfig,
  TrainingHook,
  TrainingState,
} from './core/contracts';
/** A technique's `enable`/`disable`: the config with model options, loss terms or hooks set or removed by name. */
export { findHook, findTerm, withHook, withModelOptions, withTerm, withTerms, withoutHook, withoutModelOptions, withoutTerm } from './core/config-edit';
export { ConfigError, DatasetFormatError } from './core/errors';
export { TOKENS } from './core/tokens';
export { type AssembleInput, type PixelSet, type ScalingName, assembleDataset, indexLabels, stratifiedSplit } from './data/assemble';
export { DownloadError, downloadFile } from './data/download-file';
export { concatImageSets, hostImageSet } from './data/image-set';
export { type ImageShape, OptionReader } from './data/options';
export type { Rng } from './engine/random';
/** What ssgan's layers share (named weights), its activations by name, and seeded initial values, for your own layers. */
export { BaseLayer, activate, glorotUniformInit, normalInit } from './nn/layer';
/** Batch norm over the current batch; in a generator prefer `spec.layers.generatorNorm`, which a technique may swap. */
export { BatchNorm, type BatchNormOptions } from './nn/batch-norm';
/** Weight-normalised 2-D convolution (3x3, or 1x1 as network-in-network) and global mean pooling, of the paper's conv discriminators. */
export { GlobalMeanPool, type Padding, WeightNormConv2D, type WeightNormConv2DOptions } from './nn/conv';
/** Transposed convolutions that multiply height and width by the stride, plain and weight-normalised, of the paper's conv generators. */
export { Conv2DTranspose, type Conv2DTransposeOptions, WeightNormConv2DTranspose, type WeightNormConv2DTransposeOptions } from './nn/conv-transpose';
/** Fully connected layers: plain (the paper's generators) and weight-normalised with data-dependent init (its discriminators). */
export { Dense, type DenseOptions, WeightNormDense, type WeightNormDenseOptions } from './nn/dense';
/** Regularisers active only while training: additive Gaussian noise (the paper's MLP) and dropout (its conv nets). */
export { Dropout, GaussianNoise } from './nn/noise';
/** Reshapes each example (no batch axis); `[-1]` flattens an image for an MLP. */
export { Reshape } from './nn/reshape';
/** A stack of uniquely named layers built for an input shape from a seed: the body of a network. */
export { Sequential } from './nn/sequential';
/** A `Sequential` as the K+1-class discriminator, naming the layer feature matching compares. */
export { SequentialDiscriminator } from './nn/discriminator';
/** A `Sequential` from the latent vector to images [H, W, C] as the generator, with its prior ('uniform' or 'normal'). */
export { SequentialGenerator } from './nn/generator';
/** The paper's training recipe with your overrides: a preset states only what differs. */
export { paperRecipe as recipe, type RecipeSettings } from './gan/recipe';
/** ssgan's own TensorFlow.js, for models and loss terms (a second copy would not share its tensors). */
export * as tf from '@tensorflow/tfjs';

/**
 * States a plugin: its dataset loaders, models, techniques' layers, loss terms, hooks, techniques
 * and presets. It
 * returns its argument unchanged; its use is the type, which checks every contribution and
 * completes their fields in an editor. Export the result as the entry file's default:
 *
 * ```ts
 * export default definePlugin({ datasets: [myLoader], presets: [myPreset] });
 * ```
 */
export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  return plugin;
}
