/**
 * Dataset descriptors: a JSON file naming a format, its paths and options, for
 * `ssgan run --dataset ./my-data.json`. Every missing or wrong field gets a message naming the
 * file and the field; paths are relative to the descriptor's folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset, DatasetLoadOptions, DatasetLoader, DescriptorPath, Preset } from '../core/contracts';
import { ConfigError, SsganError } from '../core/errors';
import type { Registry } from '../core/registry';
import { closest, show } from './options';
import { loadDataset } from './load-dataset';

/** A format as descriptors use it: the loader that reads it and the fields it takes. */
interface Format {
  readonly loader: string;
  readonly paths: readonly DescriptorPath[];
  readonly takesName: boolean;
}

/** A loader without a format of its own is named by its own name and takes an optional `dir`, passed as dataDir. */
const PLUGIN_FORMAT_PATHS: readonly DescriptorPath[] = [{ field: 'dir', option: 'dataDir', kind: 'folder', required: false, what: 'the data folder' }];

/** The formats the loaded plugins' dataset loaders read: their own formats first, then the loaders named as formats. */
export function descriptorFormats(registry: Registry): Map<string, Format> {
  const loaders = registry.list().datasets as DatasetLoader[];
  const own = loaders.filter((l) => l.format).map((l): [string, Format] => [l.format!.name, { loader: l.name, paths: l.format!.paths, takesName: l.format!.takesName ?? false }]);
  const named = loaders.filter((l) => !l.format).map((l): [string, Format] => [l.name, { loader: l.name, paths: PLUGIN_FORMAT_PATHS, takesName: false }]);
  return new Map([...own, ...named]);
}

const TRAINING_FIELDS = ['preset', 'model', 'labels', 'epochs'] as const;
const COMMON_FIELDS = ['name', 'format', 'options', 'training', 'description'];

export interface DatasetDescriptor {
  /** The descriptor file, or the data file or folder a format reads as is; none for a plugin's dataset named alone. */
  readonly file?: string;
  readonly name: string;
  readonly format: string;
  /** Registry name of the loader that reads the format. */
  readonly loader: string;
  /** The loader's options: the descriptor's `options`, its resolved paths and its name. */
  readonly options: DatasetLoadOptions;
  /** Optional recipe: a preset to borrow, a model, the labeled-set size and the epochs. */
  readonly training: { readonly preset?: string; readonly model?: string; readonly labels?: number; readonly epochs?: number };
}

/** A `--dataset` value that names a descriptor rather than a registered dataset. */
export function isDescriptorPath(value: string): boolean {
  return value.toLowerCase().endsWith('.json');
}

/** Reads and validates a descriptor; `registry` says which loaders (and so which formats) exist. */
export function readDescriptor(file: string, registry: Registry): DatasetDescriptor {
  const absolute = path.resolve(file);
  const fail = (fault: string) => new ConfigError(`${file}: ${fault}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(absolute, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(code ? `cannot read the dataset descriptor (${code})` : `not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail(`must be a JSON object, got ${show(json)}`);
  const d = json as Record<string, unknown>;

  const formats = descriptorFormats(registry);
  const known = [...formats.keys()];
  if (d.format === undefined) throw fail(`field 'format' is missing; one of ${known.join(', ')}`);
  const format = typeof d.format === 'string' ? formats.get(d.format) : undefined;
  if (!format) {
    const hint = typeof d.format === 'string' ? closest(d.format, known) : undefined;
    throw fail(`field 'format' is ${show(d.format)}, not a known format${hint ? ` (did you mean '${hint}'?)` : ''}; formats: ${known.join(', ')}`);
  }
  const formatName = d.format as string;
  const pathFields = format.paths;
  const allowed = [...COMMON_FIELDS, ...pathFields.map((p) => p.field)];
  for (const key of Object.keys(d)) {
    if (allowed.includes(key)) continue;
    const anyPath = [...formats.values()].some((f) => f.paths.some((p) => p.field === key));
    const hint = closest(key, allowed);
    throw fail(
      anyPath
        ? `field '${key}' does not apply to format ${formatName} (its paths: ${pathFields.map((p) => p.field).join(', ')})`
        : `field '${key}' is not a descriptor field${hint ? ` (did you mean '${hint}'?)` : ''}; fields: ${allowed.join(', ')}`,
    );
  }

  const baseDir = path.dirname(absolute);
  const options: Record<string, unknown> = { ...objectField(d, 'options', fail) };
  for (const p of pathFields) {
    const value = d[p.field];
    if (value === undefined) {
      if (p.required) throw fail(`field '${p.field}' is missing: format ${formatName} needs ${p.what}`);
      continue;
    }
    if (typeof value !== 'string' || value === '') throw fail(`field '${p.field}' must be a path (a string), got ${show(value)}`);
    const resolved = path.resolve(baseDir, value);
    const stat = fs.statSync(resolved, { throwIfNoEntry: false });
    if (!stat) throw fail(`field '${p.field}': ${resolved} does not exist (${p.what})`);
    if (p.kind === 'folder' ? !stat.isDirectory() : !stat.isFile()) throw fail(`field '${p.field}': ${resolved} is not a ${p.kind}`);
    if (options[p.option] !== undefined) throw fail(`options.${p.option} repeats the field '${p.field}'; give it once`);
    options[p.option] = resolved;
  }
  if (d.name !== undefined && (typeof d.name !== 'string' || !/^[\w.-]+$/.test(d.name))) {
    throw fail(`field 'name' must be letters, digits, '.', '_' or '-', got ${show(d.name)}`);
  }
  const name = (d.name as string | undefined) ?? path.basename(absolute, path.extname(absolute));
  if (format.takesName) options.name = name;
  return { file: absolute, name, format: formatName, loader: format.loader, options, training: readTraining(d, fail) };
}

/** Loads the dataset a descriptor names; a loader's option error names the descriptor file. */
export async function loadDescriptorDataset(file: string, registry: Registry): Promise<Dataset> {
  const descriptor = readDescriptor(file, registry);
  try {
    return await loadDataset(registry, descriptor.loader, descriptor.options);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${file}: ${err.message}`);
    throw err;
  }
}

/**
 * A preset for a descriptor: the recipe of `training.preset` (default: the default preset) with this
 * dataset, its options, `training.model` (default 'auto') and the given labels and epochs.
 */
export function descriptorPreset(descriptor: DatasetDescriptor, registry: Registry): Preset {
  const base = (descriptor.training.preset ? registry.preset(descriptor.training.preset) : registry.defaultPreset()).config;
  const t = descriptor.training;
  return {
    name: descriptor.name,
    description: `${descriptor.file ? `${descriptor.format} dataset from ${descriptor.file}` : `dataset ${descriptor.name}`} (recipe of ${base.preset})`,
    config: {
      ...base,
      preset: descriptor.name,
      dataset: descriptor.loader,
      datasetOptions: descriptor.options,
      model: t.model ?? 'auto',
      modelOptions: t.model === undefined || t.model === base.model ? base.modelOptions : {},
      labels: t.labels ?? base.labels,
      epochs: t.epochs ?? base.epochs,
    },
  };
}

function objectField(d: Record<string, unknown>, key: string, fail: (fault: string) => SsganError): Record<string, unknown> {
  const value = d[key];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`field '${key}' must be an object, got ${show(value)}`);
  return value as Record<string, unknown>;
}

function readTraining(d: Record<string, unknown>, fail: (fault: string) => SsganError): DatasetDescriptor['training'] {
  const t = objectField(d, 'training', fail);
  for (const key of Object.keys(t)) {
    if (!(TRAINING_FIELDS as readonly string[]).includes(key)) throw fail(`field 'training.${key}' is not known; training takes ${TRAINING_FIELDS.join(', ')}`);
  }
  for (const key of ['preset', 'model'] as const) {
    if (t[key] !== undefined && (typeof t[key] !== 'string' || t[key] === '')) throw fail(`field 'training.${key}' must be a name, got ${show(t[key])}`);
  }
  for (const key of ['labels', 'epochs'] as const) {
    if (t[key] !== undefined && !(Number.isInteger(t[key]) && (t[key] as number) > 0)) {
      throw fail(`field 'training.${key}' must be a positive integer, got ${show(t[key])}`);
    }
  }
  return t as DatasetDescriptor['training'];
}
