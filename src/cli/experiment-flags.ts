/** Flags every training command shares (run, ablate, reproduce): the schedule, the seeds, and how and where to train. */
import type { ConfigOverrides } from '../runner/config';
import { type FlagSpec, intFlag, numberFlag, stringFlag } from './args';

export const EXPERIMENT_FLAGS: FlagSpec = {
  'data-dir': { type: 'string' },
  labels: { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  'data-seed': { type: 'string' },
  epochs: { type: 'string' },
  'iterations-per-epoch': { type: 'string' },
  'batch-size': { type: 'string' },
  lr: { type: 'string' },
  'evaluate-every': { type: 'string' },
  jobs: { type: 'string' },
  threads: { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

/** The config values the shared flags set. */
export function experimentOverrides(flags: Record<string, unknown>): ConfigOverrides {
  return {
    dataDir: stringFlag(flags, 'data-dir'),
    labels: intFlag(flags, 'labels'),
    seeds: intFlag(flags, 'seeds'),
    seed: intFlag(flags, 'seed'),
    dataSeed: intFlag(flags, 'data-seed'),
    epochs: intFlag(flags, 'epochs'),
    iterationsPerEpoch: intFlag(flags, 'iterations-per-epoch'),
    batchSize: intFlag(flags, 'batch-size'),
    learningRate: numberFlag(flags, 'lr'),
    evaluateEveryEpochs: intFlag(flags, 'evaluate-every'),
  };
}
