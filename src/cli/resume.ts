/**
 * `--resume`, as `ssgan run` and `ssgan ablate` share it: a resume continues the saved config, so
 * it takes only the flags that say how and where to train, never what.
 */
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { RunFolder } from '../store/run-folder';
import type { FlagSpec } from './args';
import { QUEUE_FLAGS } from './queue-flags';

/** Flags a resume accepts: the engine, the parallelism, the folders and the queue. */
const HOW_AND_WHERE = ['resume', 'backend', 'jobs', 'threads', 'reports', 'plugins', ...Object.keys(QUEUE_FLAGS)];

/**
 * Throws if any flag of `spec` that would change the saved config was given; `alsoAllowed` names
 * a command's own flags of the how-and-where kind. `what` is the thing resumed ('run', 'ablation').
 */
export function refuseConfigFlags(flags: Record<string, unknown>, spec: FlagSpec, what: string, alsoAllowed: readonly string[] = []): void {
  const conflicting = Object.keys(spec).filter((f) => !HOW_AND_WHERE.includes(f) && !alsoAllowed.includes(f) && flags[f] !== undefined);
  if (conflicting.length > 0) {
    throw new ConfigError(`--resume takes the ${what}'s saved config; drop --${conflicting.join(', --')}`);
  }
}

/** A run to continue (by id under `reportsDir`, or by path) and the config it was started with. */
export function openSavedRun(reportsDir: string, runId: string): { folder: RunFolder; config: ExperimentConfig } {
  const folder = RunFolder.open(reportsDir, runId);
  folder.assertNotRunning();
  return { folder, config: folder.readJson<{ config: ExperimentConfig }>('config.json').config };
}
