/** A finished (or stopped) run read back from its folder: its config, data facts and saved generators. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig, Generator, PixelScaling } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { modelSpec } from '../nn/model-layers';
import { RandomStreams } from '../engine/random';
import { loadNetwork } from './checkpoint';
import type { RunFolder } from './run-folder';
import { checkpointDir } from './seed-checkpoint';

export interface SavedData {
  readonly imageShape: [number, number, number];
  readonly classNames: string[];
  readonly scaling: PixelScaling;
}

/** config.json as the runner writes it. */
export interface SavedRun {
  readonly config: ExperimentConfig;
  readonly backend?: { name: string; detail: string; tfjsVersion: string; threads?: number };
  readonly data?: SavedData;
}

export function readSavedRun(folder: RunFolder): SavedRun {
  return folder.readJson<SavedRun>('config.json');
}

/** The data facts, or a clear error for a run that stopped before loading its dataset. */
export function savedData(folder: RunFolder, saved: SavedRun): SavedData {
  if (!saved.data) throw new ConfigError(`run '${folder.runId}' stopped before its dataset was loaded: it has no generator`);
  return saved.data;
}

/** Seeds of the run that have a saved generator, in order. */
export function seedsWithGenerator(folder: RunFolder, saved: SavedRun): number[] {
  const seeds = Array.from({ length: saved.config.seeds }, (_, i) => saved.config.seed + i);
  return seeds.filter((s) => fs.existsSync(path.join(checkpointDir(folder.seedDir(s)), 'generator', 'model.json')));
}

/** A generator rebuilt from the run's config and its seed's checkpoint; dispose it when done. */
export interface LoadedGenerator {
  readonly generator: Generator;
  dispose(): void;
}

export function loadGenerator(registry: Registry, folder: RunFolder, saved: SavedRun, seed: number): LoadedGenerator {
  const data = savedData(folder, saved);
  const weightsDir = path.join(checkpointDir(folder.seedDir(seed)), 'generator');
  const spec = modelSpec(registry.modelLayers(), data.imageShape, data.classNames.length, { ...saved.config.modelOptions, initSeed: seed });
  const generator = registry.model(saved.config.model).createGenerator(spec);
  const dispose = () => tf.dispose(generator.namedWeights.map((w) => w.variable));
  try {
    loadNetwork(weightsDir, generator);
  } catch (err) {
    dispose();
    throw err;
  }
  return { generator, dispose };
}

/** `n` images [n, H, W, C] in model scale from latent seed `latentSeed`, drawn in batches to bound memory. */
export function generateImages(generator: Generator, n: number, latentSeed: number, batchSize = 500): tf.Tensor4D {
  const random = RandomStreams.fromSeed(latentSeed);
  const parts: tf.Tensor4D[] = [];
  for (let begin = 0; begin < n; begin += batchSize) {
    const size = Math.min(batchSize, n - begin);
    parts.push(tf.tidy(() => generator.apply(generator.sampleLatent(size, random), { training: false, random })));
  }
  if (parts.length === 1) return parts[0];
  const all = tf.concat(parts) as tf.Tensor4D;
  tf.dispose(parts);
  return all;
}
