/**
 * What `--dataset VALUE` names besides a dataset with a preset of its own: a descriptor
 * (FILE.json), a file or folder in a layout a format reads as is (a .csv file, a folder of
 * train/<class>/ images), or a plugin's dataset that has no preset. Each becomes a descriptor, so
 * it trains with the recipe and the 'auto' model any descriptor gets (descriptorPreset).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetLoader } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { type DatasetDescriptor, isDescriptorPath, readDescriptor } from './descriptor';
import { closest } from './options';

/**
 * The descriptor `value` amounts to, or undefined for a registered dataset with a preset (which
 * the preset look-up resolves by name). `preset` (a `--preset`) names the recipe a path or a
 * preset-less dataset borrows; a descriptor file names its own.
 */
export function datasetArgument(value: string, registry: Registry, preset?: string): DatasetDescriptor | undefined {
  if (isDescriptorPath(value)) {
    if (preset !== undefined) throw new ConfigError(`--preset does not combine with a dataset descriptor; set "training": {"preset": ...} in ${value}`);
    return readDescriptor(value, registry);
  }
  const loaders = registry.list().datasets as DatasetLoader[];
  const loader = loaders.find((l) => l.name === value);
  if (loader && !looksLikePath(value)) {
    if (needsPath(loader)) {
      throw new ConfigError(`--dataset ${value}: '${value}' is a format, which reads a path: give the path itself (${pathKinds(loaders)}) or a descriptor`);
    }
    if (registry.allPresets().some((p) => p.config.dataset === value)) return undefined;
    return { name: value, format: loader.format?.name ?? value, loader: value, options: {}, training: { preset } };
  }
  const stat = fs.statSync(value, { throwIfNoEntry: false });
  if (!stat) {
    if (looksLikePath(value)) throw new ConfigError(`--dataset ${value}: no such file or folder; ${available(loaders)}`);
    const hint = closest(value, runnable(loaders));
    throw new ConfigError(`--dataset ${value}: no loaded plugin provides a dataset '${value}'${hint ? ` (did you mean '${hint}'?)` : ''}; ${available(loaders)}`);
  }
  return pathDescriptor(value, stat.isDirectory(), loaders, preset);
}

/** A file or folder handed as is to the one format that reads its kind. */
function pathDescriptor(value: string, isFolder: boolean, loaders: readonly DatasetLoader[], preset: string | undefined): DatasetDescriptor {
  const absolute = path.resolve(value);
  const extension = path.extname(absolute).toLowerCase();
  const readers = loaders.filter((l) => (isFolder ? l.format?.asIs?.folder : l.format?.asIs?.extensions?.includes(extension)));
  const kind = isFolder ? 'a folder' : extension ? `a ${extension} file` : 'a file without an extension';
  if (readers.length === 0) throw new ConfigError(`--dataset ${value}: no format reads ${kind} as is; ${available(loaders)}`);
  if (readers.length > 1) {
    throw new ConfigError(`--dataset ${value}: formats ${readers.map((l) => l.format!.name).join(' and ')} both read ${kind}; name one in a descriptor`);
  }
  const format = readers[0].format!;
  const field = format.paths.find((p) => p.required) ?? format.paths[0];
  const name = path.basename(absolute, extension).replace(/[^\w.-]+/g, '-') || 'data';
  return {
    file: absolute,
    name,
    format: format.name,
    loader: readers[0].name,
    options: { [field.option]: absolute, ...(format.takesName && { name }) },
    training: { preset },
  };
}

/** A value the user meant as a path rather than a name. */
function looksLikePath(value: string): boolean {
  return value.includes('/') || value.includes(path.sep) || value.startsWith('.') || value.startsWith('~');
}

/** A format's loader that cannot load without being given a path (csv, image-folder). */
function needsPath(loader: DatasetLoader): boolean {
  return loader.defaultDataDir === undefined && (loader.format?.paths.some((p) => p.required) ?? false);
}

/** The datasets `--dataset NAME` can run. */
function runnable(loaders: readonly DatasetLoader[]): string[] {
  return loaders.filter((l) => !needsPath(l)).map((l) => l.name).sort();
}

/** The paths formats read as is: "FILE.csv, a FOLDER of train/<class>/ images". */
function pathKinds(loaders: readonly DatasetLoader[]): string {
  const kinds = loaders.flatMap((l) => [
    ...(l.format?.asIs?.extensions ?? []).map((e) => `FILE${e} (${l.format!.name})`),
    ...(l.format?.asIs?.folder ? [`FOLDER (${l.format.name})`] : []),
  ]);
  return [...kinds, 'FILE.json (a descriptor)'].join(', ');
}

function available(loaders: readonly DatasetLoader[]): string {
  return `datasets: ${runnable(loaders).join(', ')}; or a path: ${pathKinds(loaders)}`;
}
