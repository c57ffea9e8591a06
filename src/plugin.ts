/**
 * `ssgan/plugin`: what a plugin author imports, typed. A plugin's entry file exports
 * `definePlugin({ datasets, models, layers, objectives, hooks, techniques, presets })`; presets
 * start from `recipe(...)`; loaders read their options with `OptionReader`, build their data with
 * `assembleDataset` and throw `DatasetFormatError` for bad files; a technique's layers extend
 * `BaseLayer` and fill a model slot through a `FeatureLayerFactory` or `GeneratorNormFactory`. docs/own-dataset.md walks
 * through a whole plugin. The interfaces live in src/core/contracts.ts; this module re-exports
 * them and adds `definePlugin`.
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
  PluginDefinition,
  Preset,
  PresetVariant,
  PublishedError,
  Technique,
  TrainingHook,
  TrainingState,
} from './core/contracts';
export { ConfigError, DatasetFormatError } from './core/errors';
export { TOKENS } from './core/tokens';
export { type AssembleInput, type PixelSet, type ScalingName, assembleDataset, indexLabels, stratifiedSplit } from './data/assemble';
export { DownloadError, downloadFile } from './data/download-file';
export { concatImageSets, hostImageSet } from './data/image-set';
export { type ImageShape, OptionReader } from './data/options';
export type { Rng } from './engine/random';
/** What ssgan's layers share (named weights), and its activations by name, for a technique's own layers. */
export { BaseLayer, activate } from './nn/layer';
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
