/**
 * How and where a training command's experiments run (run, ablate, reproduce), read once from its
 * flags into one typed request: the plugins, the reports folder, the backend, the parallelism,
 * the queue and the ensemble.
 */
import * as os from 'node:os';
import { ConfigError } from '../core/errors';
import type { BackendChoice } from '../engine/backend';
import type { QueueTarget } from '../queue/coordinator';
import { DEFAULT_REPORTS_DIR } from '../store/run-folder';
import { intFlag, stringFlag } from './args';
import { queueTarget } from './queue-flags';

export interface ExperimentRequest {
  /** `--plugins`, as given. */
  readonly pluginDirs: readonly string[];
  readonly reportsDir: string;
  readonly backend: BackendChoice;
  /** `--jobs` and `--threads`; unset, they follow the cores and the seeds (`parallelismFor`). */
  readonly jobs?: number;
  readonly threads?: number;
  /** `--queue` (checked reachable) with `--artifacts`: the seeds go to workers. */
  readonly queue?: QueueTarget;
  /** `--ensemble`: also report the ensemble of the seeds. */
  readonly ensemble: boolean;
}

export async function parseExperimentRequest(flags: Record<string, unknown>): Promise<ExperimentRequest> {
  const jobs = intFlag(flags, 'jobs');
  const threads = intFlag(flags, 'threads');
  if ((jobs !== undefined && jobs < 1) || (threads !== undefined && threads < 1)) throw new ConfigError('--jobs and --threads must be positive');
  return {
    pluginDirs: (flags.plugins as string[] | undefined) ?? [],
    reportsDir: stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR,
    backend: (stringFlag(flags, 'backend') ?? 'auto') as BackendChoice,
    jobs,
    threads,
    queue: await queueTarget(flags),
    ensemble: flags.ensemble === true,
  };
}

/** Seeds trained at once (default: as many as cores and seeds allow) and compute threads per job. */
export function parallelismFor(request: ExperimentRequest, seeds: number): { jobs: number; threadsPerJob: number } {
  const cores = os.availableParallelism();
  const jobs = request.jobs ?? Math.min(seeds, cores);
  return { jobs, threadsPerJob: request.threads ?? Math.max(1, Math.floor(cores / jobs)) };
}
