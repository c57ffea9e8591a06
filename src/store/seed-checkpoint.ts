/**
 * Everything one seed needs to resume bit-exactly after its last finished epoch: both networks,
 * both optimisers, hook state (the weight average among it), the random streams and the metrics.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Discriminator, Generator, TrainingHook } from '../core/contracts';
import type { RandomStreams } from '../engine/random';
import type { Adam } from '../gan/adam';
import { loadNetwork, loadTensors, saveNetwork, saveTensors } from './checkpoint';
import { readJson, replaceFolderAtomic, writeJsonAtomic } from './files';
import type { MetricsRow } from './metrics';

export interface SeedState {
  readonly discriminator: Discriminator;
  readonly generator: Generator;
  readonly optimizers: { readonly discriminator: Adam; readonly generator: Adam };
  readonly hooks: readonly TrainingHook[];
  readonly random: RandomStreams;
}

export interface SeedCheckpointInfo {
  epoch: number;
  random: ReturnType<RandomStreams['getState']>;
  optimizerSteps: { discriminator: number; generator: number };
  metrics: MetricsRow[];
  /** Versions of ssgan (code-version.ts) that trained the seed so far, oldest first; the last wrote this checkpoint. */
  codeVersions?: string[];
}

/** What a checkpoint from before ssgan recorded its version counts as. */
export const UNRECORDED_VERSION = 'unrecorded';

export function checkpointDir(seedDir: string): string {
  return path.join(seedDir, 'checkpoint');
}

export async function saveSeedCheckpoint(seedDir: string, epoch: number, s: SeedState, metrics: MetricsRow[], codeVersions: string[]): Promise<void> {
  await replaceFolderAtomic(checkpointDir(seedDir), async (dir) => {
    await saveNetwork(path.join(dir, 'discriminator'), s.discriminator);
    await saveNetwork(path.join(dir, 'generator'), s.generator);
    const tensors: Record<string, tf.Tensor> = {};
    for (const [player, adam] of Object.entries(s.optimizers)) {
      adam.getState().tensors.forEach((t, i) => (tensors[`adam/${player}/${i}`] = t));
    }
    const owned: tf.Tensor[] = [];
    for (const hook of s.hooks) {
      for (const [name, t] of Object.entries(hook.saveState?.() ?? {})) {
        tensors[`hook/${hook.name}/${name}`] = t;
        owned.push(t);
      }
    }
    await saveTensors(path.join(dir, 'training'), tensors, { contents: 'optimiser moments and hook state' });
    tf.dispose(owned);
    const json: SeedCheckpointInfo = {
      epoch,
      random: s.random.getState(),
      optimizerSteps: { discriminator: s.optimizers.discriminator.steps, generator: s.optimizers.generator.steps },
      metrics,
      codeVersions,
    };
    writeJsonAtomic(path.join(dir, 'checkpoint.json'), json);
  });
}

/** The saved epoch, random state and metrics, or undefined if the seed has no checkpoint. */
export function readSeedCheckpointInfo(seedDir: string): SeedCheckpointInfo | undefined {
  const file = path.join(checkpointDir(seedDir), 'checkpoint.json');
  return fs.existsSync(file) ? readJson<SeedCheckpointInfo>(file) : undefined;
}

/** The versions that trained a seed once this code continues from `info` (none: a fresh start). */
export function codeVersionsAfter(info: SeedCheckpointInfo | undefined, current: string): string[] {
  const before = info ? (info.codeVersions ?? [UNRECORDED_VERSION]) : [];
  return before.at(-1) === current ? before : [...before, current];
}

/** Restores the checkpoint's tensors into `s` (its random streams are rebuilt from the info instead). */
export function restoreSeedCheckpoint(seedDir: string, s: SeedState, info: SeedCheckpointInfo): void {
  const dir = checkpointDir(seedDir);
  loadNetwork(path.join(dir, 'discriminator'), s.discriminator);
  loadNetwork(path.join(dir, 'generator'), s.generator);
  const tensors = loadTensors(path.join(dir, 'training'));
  try {
    for (const [player, adam] of Object.entries(s.optimizers)) {
      const count = adam.getState().tensors.length;
      const saved = Array.from({ length: count }, (_, i) => tensors[`adam/${player}/${i}`]);
      adam.setState(info.optimizerSteps[player as keyof SeedCheckpointInfo['optimizerSteps']], saved);
    }
    for (const hook of s.hooks) {
      const prefix = `hook/${hook.name}/`;
      const own = Object.entries(tensors).filter(([name]) => name.startsWith(prefix));
      if (own.length > 0) hook.loadState?.(Object.fromEntries(own.map(([name, t]) => [name.slice(prefix.length), t])));
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
