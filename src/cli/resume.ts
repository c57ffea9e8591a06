/**
 * `--resume`, as `ssgan run` and `ssgan ablate` share it: a resume continues the saved config, so
 * it takes only the flags that say how and where to train, never what; `ssgan run` may also
 * extend a run to more epochs, and give a run no seed has trained yet (it failed on a bad value or
 * on its data) corrected values.
 */
import * as fs from 'node:fs';
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { RunFolder } from '../store/run-folder';
import type { FlagSpec } from './args';
import type { ExperimentRequest } from './experiment-request';
import { QUEUE_FLAGS } from './queue-flags';
import { count } from '../util/number-text';

/** Flags a resume accepts: the engine, the parallelism, the folders and the queue. */
const HOW_AND_WHERE = ['resume', 'backend', 'jobs', 'threads', 'reports', 'plugins', ...Object.keys(QUEUE_FLAGS)];

/** The flags of `spec` given that would change the saved config; `alsoAllowed` names a command's own how-and-where flags. */
export function configFlagsGiven(flags: Record<string, unknown>, spec: FlagSpec, alsoAllowed: readonly string[] = []): string[] {
  return Object.keys(spec).filter((f) => !HOW_AND_WHERE.includes(f) && !alsoAllowed.includes(f) && flags[f] !== undefined);
}

/**
 * Throws if any flag of `spec` that would change the saved config was given; `alsoAllowed` names
 * a command's own flags of the how-and-where kind. `what` is the thing resumed ('run', 'ablation');
 * `note` ends the message.
 */
export function refuseConfigFlags(flags: Record<string, unknown>, spec: FlagSpec, what: string, alsoAllowed: readonly string[] = [], note = ''): void {
  const conflicting = configFlagsGiven(flags, spec, alsoAllowed);
  if (conflicting.length > 0) {
    throw new ConfigError(`--resume takes the ${what}'s saved config; drop --${conflicting.join(', --')}${note}`);
  }
}

/**
 * Whether the run may start over with corrected values: it started (it has a status) but none of
 * its seeds has trained, so nothing of its old config survives in the folder.
 */
export function mayStartOver(folder: RunFolder): boolean {
  return fs.existsSync(folder.file('status.json')) && !folder.hasTrained();
}

/** Throws if a correction names another run rather than correcting this one (`fixed`: a preset, a dataset, an id). */
export function refuseOtherRun(folder: RunFolder, changed: readonly string[], fixed: readonly string[]): void {
  const other = changed.filter((f) => fixed.includes(f));
  if (other.length > 0) throw new ConfigError(`--resume continues run '${folder.runId}' with its own preset, dataset and id; for another --${other.join(', --')}, start a new run`);
}

/** A run to continue (by id under `reportsDir`, or by path) and the config it was started with. */
export function openSavedRun(reportsDir: string, runId: string): { folder: RunFolder; config: ExperimentConfig } {
  const folder = RunFolder.open(reportsDir, runId);
  folder.assertNotRunning();
  const { config } = folder.readJson<{ config?: ExperimentConfig }>('config.json');
  if (!config || typeof config.epochs !== 'number') throw new ConfigError(`${folder.file('config.json')}: no run config in it`);
  return { folder, config };
}

/**
 * `config` with `epochs` planned instead: a run, finished or not, trains on from its last epoch.
 * Allowed only when the plan's length shapes nothing already trained (a learning rate that decays
 * to the end, a noise schedule laid over the run), so the result equals a run planned that long.
 */
export function extendRun(config: ExperimentConfig, epochs: number, registry: Registry): ExperimentConfig {
  if (epochs === config.epochs) return config;
  if (!Number.isInteger(epochs) || epochs < config.epochs) {
    throw new ConfigError(`--epochs ${epochs}: a resumed run can only be extended beyond its ${count(config.epochs, 'epoch')}`);
  }
  if (config.lrDecayStartEpoch !== null) {
    throw new ConfigError(
      `--epochs ${epochs}: this run's learning rate decays to 0 over its planned ${count(config.epochs, 'epoch')}, so a longer plan would change epochs it has trained; start a new run instead`,
    );
  }
  const spanning = config.hooks.filter((h) => registry.hook(h.name).spansRun?.(h.options));
  if (spanning.length > 0) {
    throw new ConfigError(
      `--epochs ${epochs}: ${spanning.map((h) => h.name).join(', ')} follows a schedule over the run's planned length, so a longer plan would change epochs it has trained; start a new run instead`,
    );
  }
  return { ...config, epochs };
}

/**
 * `request` with the --jobs and --threads last given in `commands` (the recorded command lines that
 * started and resumed a run, oldest first) where this resume gives none: a resume trains as the run
 * did, so a run started on one thread beside another job does not take both cores when it
 * resumes. Results do not depend on either.
 */
export function keepParallelism(request: ExperimentRequest, commands: readonly unknown[]): ExperimentRequest {
  const lines = commands.filter((c): c is string[] => Array.isArray(c));
  const lastGiven = (name: string) => lines.map((c) => flagValue(c, name)).filter((v) => v !== undefined).at(-1);
  return { ...request, jobs: request.jobs ?? lastGiven('jobs'), threads: request.threads ?? lastGiven('threads') };
}

/** The command lines config.json records for a run: the one that started it, then each resume's. */
export function recordedCommands(folder: RunFolder): unknown[] {
  if (!fs.existsSync(folder.file('config.json'))) return [];
  const record = folder.readJson<{ command?: unknown; resumes?: { command?: unknown }[] }>('config.json');
  return [record.command, ...(record.resumes ?? []).map((r) => r.command)];
}

/** The positive integer after --name (or in --name=N) in a recorded command line. */
function flagValue(command: readonly string[], name: string): number | undefined {
  const at = command.lastIndexOf(`--${name}`);
  const inline = command.filter((arg) => arg.startsWith(`--${name}=`)).at(-1);
  const value = Number(at >= 0 ? command[at + 1] : inline?.slice(name.length + 3));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
