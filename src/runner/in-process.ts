/** Trains a run's seeds one after another in this process. */
import type { Dataset } from '../core/contracts';
import { SsganError } from '../core/errors';
import type { Registry } from '../core/registry';
import { describeData } from '../data/dataset';
import type { SeedEvaluator } from '../seed/evaluator';
import { type SeedResult, seedOf, trainSeed } from '../seed/seed-run';
import type { SeedBatch, SeedExecutor, SeedOutcome } from './seed-executor';
import { loadDataset } from '../data/load-dataset';

export class InProcessExecutor implements SeedExecutor {
  constructor(
    private readonly registry: Registry,
    private readonly evaluator: SeedEvaluator,
  ) {}

  async train(batch: SeedBatch): Promise<void> {
    const { config, folder, progress } = batch;
    const dataset = await loadRunData(this.registry, batch);
    for (const index of batch.indices) {
      const train = () => trainSeed({ config, registry: this.registry, dataset, folder, index, progress, evaluator: this.evaluator });
      batch.onOutcome(await trainSeedOrFailure(train, seedOf(config, index).seed));
    }
  }
}

/** The run's dataset, its facts reported to the batch. */
export async function loadRunData(registry: Registry, batch: SeedBatch): Promise<Dataset> {
  const dataset = await loadDataset(registry, batch.config.dataset, batch.config.datasetOptions);
  batch.onData(describeData(dataset), dataset.skippedFiles ?? []);
  return dataset;
}

/** A user's mistake (SsganError) stops the run; anything else fails only its seed. */
async function trainSeedOrFailure(train: () => Promise<SeedResult>, seed: number): Promise<SeedOutcome> {
  try {
    return await train();
  } catch (err) {
    if (err instanceof SsganError) throw err;
    return { seed, error: (err as Error).stack ?? String(err) };
  }
}
