/**
 * What a plugin that exports a function receives: ssgan's own copies of inversify, TensorFlow.js,
 * the tokens, the errors, the dataset helpers (the download helper included) and the layer helpers. A plugin outside
 * ssgan's folder (given with `--plugins DIR`) cannot import these by name, and a second copy of
 * inversify or tfjs would not share ssgan's container or tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { ContainerModule } from 'inversify';
import { assembleDataset, indexLabels, stratifiedSplit, toImageTensor } from '../data/assemble';
import { DownloadError, downloadFile } from '../data/download-file';
import { concatImageSets, hostImageSet } from '../data/image-set';
import { OptionReader } from '../data/options';
import { BaseLayer, activate } from '../nn/layer';
import { ConfigError, DatasetFormatError } from './errors';
import { TOKENS } from './tokens';

export const pluginApi = {
  ContainerModule,
  TOKENS,
  tf,
  DatasetFormatError,
  ConfigError,
  /** Builds a Dataset from host pixel arrays (see src/data/assemble.ts). */
  assembleDataset,
  /** An image set of host pixels, and several sets read as one (see src/data/image-set.ts). */
  hostImageSet,
  concatImageSets,
  indexLabels,
  stratifiedSplit,
  toImageTensor,
  /** Typed option readers with clear messages (see src/data/options.ts). */
  OptionReader,
  /** Fetches an official dataset file with an MD5 check, for `DatasetLoader.download` (see src/data/download-file.ts). */
  downloadFile,
  DownloadError,
  /** A layer's named-weight bookkeeping and the activations by name, for a technique's own layers (see src/nn/layer.ts). */
  BaseLayer,
  activate,
} as const;

export type PluginApi = typeof pluginApi;
