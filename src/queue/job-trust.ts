/**
 * What a queue worker lets a job touch. Anyone who can write to Redis can enqueue a job, so a
 * job's dataset paths must lie under the worker's data roots and its artifacts folder under the
 * worker's artifacts root, and every plugin it names must be one the worker loaded. Paths are
 * compared after resolving `..` and symlinks, so neither leads out of a root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetLoadOptions, DatasetLoader, ExperimentConfig } from '../core/contracts';
import { ConfigError, SsganError } from '../core/errors';
import type { Registry } from '../core/registry';
import type { SeedJobPayload } from './job-payload';

/** A job asks for something the worker does not allow; retrying cannot change that. */
export class UntrustedJobError extends SsganError {
  constructor(readonly jobId: string, fault: string) {
    super(`job ${jobId}: refused: ${fault}`);
  }
}

export interface WorkerRoots {
  /** Folders a job's datasets may be read from (and, for caches, written to). */
  readonly data: readonly string[];
  /** The folder a job's artifacts folder must lie in; none: jobs may not name one. */
  readonly artifacts?: string;
}

/**
 * The worker's roots, resolved: the given folders (which must exist), or by default the data
 * folders the loaded plugins read when no path is given, and no artifacts root.
 */
export function workerRoots(registry: Registry, dataRoots: readonly string[], artifactsRoot?: string): WorkerRoots {
  const existing = (dir: string, flag: string) => {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ConfigError(`${flag} ${dir}: no such folder`);
    return fs.realpathSync(dir);
  };
  const loaders = registry.list().datasets as readonly DatasetLoader[];
  const data = dataRoots.length > 0
    ? dataRoots.map((dir) => existing(dir, '--data-root'))
    : loaders.flatMap((l) => (l.defaultDataDir ? [realPathOf(l.defaultDataDir)] : []));
  return { data, artifacts: artifactsRoot === undefined ? undefined : existing(artifactsRoot, '--artifacts-root') };
}

/** Throws UntrustedJobError unless every plugin, data path and the artifacts folder of the job are allowed. */
export function checkJobTrusted(jobId: string, payload: SeedJobPayload, registry: Registry, roots: WorkerRoots): void {
  const refuse = (fault: string): never => {
    throw new UntrustedJobError(jobId, fault);
  };
  const { config } = payload;
  for (const [kind, name, look] of pluginNames(config, registry)) {
    try {
      look(name);
    } catch {
      refuse(`${kind} '${name}' is not a plugin this worker loaded`);
    }
  }
  let dataPaths: readonly string[] = [];
  try {
    dataPaths = dataPathsOf(registry.dataset(config.dataset), config.datasetOptions);
  } catch (err) {
    refuse(`dataset options: ${(err as Error).message}`);
  }
  for (const file of dataPaths) {
    const real = realPathOf(file);
    if (!roots.data.some((root) => isWithin(root, real))) {
      refuse(`dataset path ${file}${real !== path.resolve(file) ? ` (${real})` : ''} is outside this worker's data roots (${roots.data.join(', ') || 'none'}); start it with --data-root`);
    }
  }
  if (payload.artifactsDir !== undefined) {
    const real = realPathOf(payload.artifactsDir);
    if (roots.artifacts === undefined) refuse(`artifacts folder ${payload.artifactsDir}: this worker has no --artifacts-root`);
    if (!isWithin(roots.artifacts as string, real)) {
      refuse(`artifacts folder ${payload.artifactsDir}${real !== path.resolve(payload.artifactsDir) ? ` (${real})` : ''} is outside this worker's --artifacts-root ${roots.artifacts}`);
    }
  }
}

/** The files and folders a loader would touch for `options`: its own answer, or dataDir (default: its default folder). */
export function dataPathsOf(loader: DatasetLoader, options: DatasetLoadOptions): readonly string[] {
  if (loader.dataPaths) return loader.dataPaths(options).map((p) => path.resolve(p));
  const dir = typeof options.dataDir === 'string' ? options.dataDir : loader.defaultDataDir;
  return dir === undefined ? [] : [path.resolve(dir)];
}

type Lookup = readonly [kind: string, name: string, look: (name: string) => unknown];

function pluginNames(config: ExperimentConfig, registry: Registry): Lookup[] {
  return [
    ['dataset', config.dataset, (n) => registry.dataset(n)],
    ['model', config.model, (n) => registry.model(n)],
    ...[...config.discriminatorObjectives, ...config.generatorObjectives].map((o): Lookup => ['objective', o.name, (n) => registry.objective(n)]),
    ...config.hooks.map((h): Lookup => ['training hook', h.name, (n) => registry.hook(n)]),
  ];
}

/** `file` with `..` and every symlink resolved, also where the rest of the path does not exist yet. */
export function realPathOf(file: string, depth = 0): string {
  const absolute = path.resolve(file);
  try {
    return fs.realpathSync(absolute);
  } catch {
    // Missing, or a symlink to something missing: resolve what exists and follow the link by hand.
  }
  const parent = path.dirname(absolute);
  if (parent === absolute) return absolute;
  const realParent = realPathOf(parent, depth);
  const link = readLinkOrUndefined(absolute);
  if (link !== undefined && depth < 40) return realPathOf(path.resolve(realParent, link), depth + 1);
  return path.join(realParent, path.basename(absolute));
}

function readLinkOrUndefined(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

function isWithin(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
