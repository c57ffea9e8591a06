/** Trains a run's seeds on queue workers: one job per seed, followed until each lands. */
import type { SeedBatch, SeedExecutor } from '../runner/seed-executor';
import { type QueueTarget, runKeyOf, runSeedsOnQueue } from './coordinator';

export class QueueExecutor implements SeedExecutor {
  constructor(
    private readonly target: QueueTarget,
    /** The reports folder, against which a run's jobs are named. */
    private readonly reportsDir: string,
    private readonly pollMs: number,
  ) {}

  async train(batch: SeedBatch): Promise<void> {
    // Workers load the data; the coordinator's machine may not have it.
    await runSeedsOnQueue({
      target: this.target, folder: batch.folder, runKey: runKeyOf(this.reportsDir, batch.folder), configOf: () => batch.config,
      indices: batch.indices, progress: batch.progress, pollMs: this.pollMs,
      onOutcome: (outcome) => batch.onOutcome(outcome), onData: (data) => batch.onData(data),
    });
  }
}
