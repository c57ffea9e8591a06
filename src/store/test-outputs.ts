/**
 * A finished seed's test-set outputs: its averaged discriminator's class probabilities and the
 * test labels, raw little-endian, so an ensemble needs no retraining and no checkpoint.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { writeFileAtomic } from './files';

export const TEST_PROBABILITIES_FILE = 'test-probabilities.f32';
export const TEST_LABELS_FILE = 'test-labels.i32';

export interface SeedTestOutputs {
  readonly probabilitiesFile: string;
  readonly labelsFile: string;
  /** [N, K] float32, row by row. */
  readonly probabilities: Float32Array;
  readonly labels: Int32Array;
}

/** Saves a seed's [N, K] test probabilities (float32) and the N test labels (int32), little-endian raw. */
export function writeSeedTestOutputs(seedDir: string, probabilities: Float32Array, labels: Int32Array): void {
  writeFileAtomic(path.join(seedDir, TEST_LABELS_FILE), new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  writeFileAtomic(path.join(seedDir, TEST_PROBABILITIES_FILE), new Uint8Array(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength));
}

/** The seed's saved outputs, or undefined when it has none (not finished, or trained before they were saved). */
export function readSeedTestOutputs(seedDir: string): SeedTestOutputs | undefined {
  const probabilitiesFile = path.join(seedDir, TEST_PROBABILITIES_FILE);
  const labelsFile = path.join(seedDir, TEST_LABELS_FILE);
  if (!fs.existsSync(probabilitiesFile) || !fs.existsSync(labelsFile)) return undefined;
  const labels = readTyped(labelsFile, Int32Array);
  const probabilities = readTyped(probabilitiesFile, Float32Array);
  return { probabilitiesFile, labelsFile, probabilities, labels };
}

function readTyped<T extends Float32Array | Int32Array>(file: string, Type: { new (b: ArrayBuffer): T }): T {
  const bytes = fs.readFileSync(file);
  if (bytes.byteLength % 4 !== 0) throw new ConfigError(`${file}: truncated (${bytes.byteLength} bytes)`);
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
