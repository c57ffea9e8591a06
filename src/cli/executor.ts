/** The seed executor a training command's flags ask for: queue workers, child processes or this process. */
import * as path from 'node:path';
import type { Registry } from '../core/registry';
import type { BackendName } from '../engine/backend';
import { testSetEvaluator } from '../eval/seed-evaluator';
import type { QueueTarget } from '../queue/coordinator';
import { QueueExecutor } from '../queue/queue-executor';
import { queueTimingFromEnv } from '../queue/timing';
import { InProcessExecutor } from '../runner/in-process';
import type { SeedExecutor } from '../runner/seed-executor';
import { ProcessExecutor } from '../runner/seed-processes';

export interface ExecutorChoice {
  readonly registry: Registry;
  /** `--queue`: the seeds go to workers. */
  readonly queue?: QueueTarget;
  readonly reportsDir: string;
  /** `--jobs`: more than 1 trains seeds in that many child processes at once. */
  readonly jobs: number;
  readonly threadsPerJob: number;
  readonly backend: BackendName;
  readonly pluginDirs: readonly string[];
}

export function chooseExecutor(c: ExecutorChoice): SeedExecutor {
  if (c.queue) return new QueueExecutor(c.queue, c.reportsDir, queueTimingFromEnv().pollMs);
  if (c.jobs > 1) {
    return new ProcessExecutor({
      registry: c.registry, jobs: c.jobs, backend: c.backend, threads: c.threadsPerJob,
      workerEntry: require.resolve('./seed-worker'), pluginDirs: c.pluginDirs.map((d) => path.resolve(d)),
    });
  }
  return new InProcessExecutor(c.registry, testSetEvaluator);
}
