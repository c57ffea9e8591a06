/**
 * A run's ensemble: each finished seed leaves its averaged discriminator's test-set class
 * probabilities and the test labels; the ensemble averages the probabilities over seeds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { ensembleErrorPercent } from '../eval/ensemble';
import { writeFileAtomic } from './files';
import type { RunFolder } from './run-folder';

export const TEST_PROBABILITIES_FILE = 'test-probabilities.f32';
export const TEST_LABELS_FILE = 'test-labels.i32';

export interface RunEnsemble {
  /** Seeds whose probabilities were averaged. */
  readonly seeds: readonly number[];
  /** Seeds of the run left out: not finished, failed, or trained before probabilities were saved. */
  readonly missingSeeds: readonly number[];
  /** Test error (%) of the mean of the seeds' class probabilities. */
  readonly testError: number;
}

/** Saves a seed's [N, K] test probabilities (float32) and the N test labels (int32), little-endian raw. */
export function writeSeedTestOutputs(seedDir: string, probabilities: Float32Array, labels: Int32Array): void {
  writeFileAtomic(path.join(seedDir, TEST_LABELS_FILE), new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  writeFileAtomic(path.join(seedDir, TEST_PROBABILITIES_FILE), new Uint8Array(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength));
}

/** The ensemble of those of `seeds` that saved their test probabilities. */
export function computeRunEnsemble(folder: RunFolder, seeds: readonly number[]): RunEnsemble {
  const tables: Float32Array[] = [];
  const used: number[] = [];
  let labels: Int32Array | undefined;
  for (const seed of seeds) {
    const probabilitiesFile = path.join(folder.seedDir(seed), TEST_PROBABILITIES_FILE);
    const labelsFile = path.join(folder.seedDir(seed), TEST_LABELS_FILE);
    if (!fs.existsSync(probabilitiesFile) || !fs.existsSync(labelsFile)) continue;
    const seedLabels = readTyped(labelsFile, Int32Array);
    const table = readTyped(probabilitiesFile, Float32Array);
    if (seedLabels.length === 0 || table.length % seedLabels.length !== 0) throw new ConfigError(`${probabilitiesFile}: not N x K values for the ${seedLabels.length} test labels`);
    if (labels && (labels.length !== seedLabels.length || labels.some((y, i) => y !== seedLabels[i]))) {
      throw new ConfigError(`${labelsFile}: seed ${seed} was tested on other data than seed ${used[0]}`);
    }
    if (tables.length > 0 && table.length !== tables[0].length) throw new ConfigError(`${probabilitiesFile}: another number of classes than seed ${used[0]}`);
    labels = seedLabels;
    tables.push(table);
    used.push(seed);
  }
  if (!labels) throw new ConfigError(`run '${folder.runId}' has no seed with ${TEST_PROBABILITIES_FILE}: no finished seed to ensemble`);
  return {
    seeds: used,
    missingSeeds: seeds.filter((s) => !used.includes(s)),
    testError: ensembleErrorPercent(tables, labels, tables[0].length / labels.length),
  };
}

function readTyped<T extends Float32Array | Int32Array>(file: string, Type: { new (b: ArrayBuffer): T }): T {
  const bytes = fs.readFileSync(file);
  if (bytes.byteLength % 4 !== 0) throw new ConfigError(`${file}: truncated (${bytes.byteLength} bytes)`);
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
