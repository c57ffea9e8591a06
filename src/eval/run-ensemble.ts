/**
 * A run's ensemble: each finished seed leaves its averaged discriminator's test-set class
 * probabilities and the test labels; the ensemble averages the probabilities over seeds.
 */
import { ConfigError } from '../core/errors';
import type { RunFolder } from '../store/run-folder';
import { TEST_PROBABILITIES_FILE, readSeedTestOutputs } from '../store/test-outputs';
import { ensembleErrorPercent } from './ensemble';

export interface RunEnsemble {
  /** Seeds whose probabilities were averaged. */
  readonly seeds: readonly number[];
  /** Seeds of the run left out: not finished, failed, or trained before probabilities were saved. */
  readonly missingSeeds: readonly number[];
  /** Test error (%) of the mean of the seeds' class probabilities. */
  readonly testError: number;
}

/** The ensemble of those of `seeds` that saved their test probabilities. */
export function computeRunEnsemble(folder: RunFolder, seeds: readonly number[]): RunEnsemble {
  const tables: Float32Array[] = [];
  const used: number[] = [];
  let labels: Int32Array | undefined;
  for (const seed of seeds) {
    const outputs = readSeedTestOutputs(folder.seedDir(seed));
    if (!outputs) continue;
    const { probabilitiesFile, labelsFile, probabilities: table, labels: seedLabels } = outputs;
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
