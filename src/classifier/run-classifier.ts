/**
 * A run's classifier: the discriminators its seeds' checkpoints hold, with the averaged or the
 * raw weights, one seed or the ensemble of all (the mean of their class probabilities).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Discriminator } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { modelSpec } from '../nn/model-layers';
import { RandomStreams } from '../engine/random';
import { loadNetwork, loadTensors } from '../store/checkpoint';
import type { RunFolder } from '../store/run-folder';
import { readSavedRun, savedData } from '../store/saved-run';
import { checkpointDir } from '../store/seed-checkpoint';
import type { Classifier, ClassifierOutput } from './classifier';
import { type Preprocessing, fitOf } from './preprocessing';

export const WEIGHT_CHOICES = ['averaged', 'raw'] as const;
export type WeightChoice = (typeof WEIGHT_CHOICES)[number];

export interface ClassifierChoice {
  /** One seed; default: the ensemble when `ssgan ensemble` documented one, else the first seed. */
  readonly seed?: number;
  /** All seeds with a checkpoint, their class probabilities averaged. */
  readonly ensemble?: boolean;
  /** Default 'averaged': the weights the run's test error is reported for. */
  readonly weights?: WeightChoice;
}

/** The weight-average hook's state in a checkpoint (see gan/weight-average.ts). */
const AVERAGE_PREFIX = 'hook/weight-average/average/';

/** A discriminator and the facts of the run it came from. */
export interface RunDiscriminators {
  readonly members: { readonly seed: number; readonly discriminator: Discriminator }[];
  readonly classNames: readonly string[];
  readonly preprocessing: Preprocessing;
  readonly weights: WeightChoice;
  readonly emaRate: number;
  dispose(): void;
}

/** Seeds of the run whose checkpoint holds a discriminator, in order. */
export function seedsWithDiscriminator(folder: RunFolder, seeds: readonly number[]): number[] {
  return seeds.filter((s) => fs.existsSync(discriminatorDir(folder, s, 'model.json')));
}

/** Rebuilds the chosen discriminators of a run from its config and checkpoints. */
export function loadRunDiscriminators(registry: Registry, folder: RunFolder, choice: ClassifierChoice): RunDiscriminators {
  const saved = readSavedRun(folder);
  const data = savedData(folder, saved);
  const config = saved.config;
  const allSeeds = Array.from({ length: config.seeds }, (_, i) => config.seed + i);
  const available = seedsWithDiscriminator(folder, allSeeds);
  if (available.length === 0) {
    throw new ConfigError(`${discriminatorDir(folder, config.seed, 'model.json')}: missing; run '${folder.runId}' has no classifier (no seed saved a checkpoint)`);
  }
  if (choice.seed !== undefined && choice.ensemble) throw new ConfigError('--seed and --ensemble exclude each other');
  let seeds: number[];
  if (choice.seed !== undefined) {
    if (!allSeeds.includes(choice.seed)) throw new ConfigError(`run '${folder.runId}' has no seed ${choice.seed}; its seeds: ${allSeeds.join(', ')}`);
    if (!available.includes(choice.seed)) throw new ConfigError(`${discriminatorDir(folder, choice.seed, 'model.json')}: missing; seed ${choice.seed} saved no checkpoint`);
    seeds = [choice.seed];
  } else {
    seeds = choice.ensemble || hasDocumentedEnsemble(folder) ? available : [available[0]];
  }
  const weights = choice.weights ?? 'averaged';
  const numClasses = data.classNames.length;
  const members: RunDiscriminators['members'][number][] = [];
  const dispose = () => members.forEach((m) => tf.dispose(m.discriminator.namedWeights.map((w) => w.variable)));
  try {
    for (const seed of seeds) {
      const spec = modelSpec(registry.modelLayers(), data.imageShape, numClasses, { ...config.modelOptions, initSeed: seed });
      const discriminator = registry.model(config.model).createDiscriminator(spec);
      members.push({ seed, discriminator });
      loadNetwork(discriminatorDir(folder, seed), discriminator);
      if (weights === 'averaged') useAveragedWeights(path.join(checkpointDir(folder.seedDir(seed)), 'training'), discriminator, config.emaRate);
    }
  } catch (err) {
    dispose();
    throw err;
  }
  return {
    members,
    classNames: data.classNames,
    preprocessing: { imageShape: data.imageShape, scaling: data.scaling, fit: fitOf(config.datasetOptions) },
    weights,
    emaRate: config.emaRate,
    dispose,
  };
}

/** The run's classifier: softmax over the K logits and the generated probability, averaged over the members. */
export function runClassifier(loaded: RunDiscriminators): Classifier {
  const random = RandomStreams.fromSeed(0);
  const k = loaded.classNames.length;
  const seeds = loaded.members.map((m) => m.seed);
  return {
    classNames: loaded.classNames,
    preprocessing: loaded.preprocessing,
    description: `${seeds.length === 1 ? `seed ${seeds[0]}` : `ensemble of seeds ${seeds.join(', ')}`}, ${loaded.weights} weights`,
    async classify(images: tf.Tensor4D): Promise<ClassifierOutput> {
      const n = images.shape[0];
      const probabilities = new Float32Array(n * k);
      const generated = new Float32Array(n);
      for (const { discriminator } of loaded.members) {
        const [p, g] = tf.tidy(() => {
          const logits = discriminator.apply(images, { training: false, random }).logits;
          // D(x) = Z / (Z + 1) with Z = sum exp(l): generated = 1 - D(x) = sigmoid(-logsumexp(l)).
          return [tf.softmax(logits), tf.sigmoid(tf.neg(tf.logSumExp(logits, 1)))];
        });
        const [pValues, gValues] = await Promise.all([p.data(), g.data()]);
        tf.dispose([p, g]);
        for (let i = 0; i < probabilities.length; i++) probabilities[i] += pValues[i] / loaded.members.length;
        for (let i = 0; i < n; i++) generated[i] += gValues[i] / loaded.members.length;
      }
      return { probabilities, generated };
    },
    dispose: loaded.dispose,
  };
}

/** True when `ssgan ensemble` wrote the run's ensemble error into summary.json. */
function hasDocumentedEnsemble(folder: RunFolder): boolean {
  try {
    return folder.readJson<{ ensemble?: unknown }>('summary.json').ensemble !== undefined;
  } catch {
    return false;
  }
}

function discriminatorDir(folder: RunFolder, seed: number, file = ''): string {
  return path.join(checkpointDir(folder.seedDir(seed)), 'discriminator', file);
}

/** Replaces `d`'s weights by the bias-corrected moving average the checkpoint's weight-average state holds. */
function useAveragedWeights(trainingDir: string, d: Discriminator, rate: number): void {
  const tensors = loadTensors(trainingDir);
  try {
    const count = tensors[`${AVERAGE_PREFIX}count`]?.dataSync()[0] ?? 0;
    if (count === 0) return;
    const correction = 1 / (1 - (1 - rate) ** count);
    tf.tidy(() => {
      for (const w of d.namedWeights) {
        const average = tensors[`${AVERAGE_PREFIX}${w.name}`];
        if (!average) throw new ConfigError(`${trainingDir}: the checkpoint has no averaged weight '${w.name}'`);
        w.variable.assign(tf.mul(average, correction));
      }
    });
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
