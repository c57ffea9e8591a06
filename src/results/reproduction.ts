/**
 * A reproduction of a paper's table (`ssgan reproduce`): one run folder per labeled-set size,
 * `labels-<n>/`, under a reproduction folder that keeps the rows' configs in reproduction.json,
 * and the results record in `results/`. Rows train one after another; each is an ordinary run,
 * resumed seed by seed from its last epoch.
 */
import * as fs from 'node:fs';
import type { ExperimentConfig, Preset } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { type ConfigOverrides, resolveConfig } from '../runner/config';
import { RunFolder } from '../store/run-folder';
import { writeResults } from './publish';
import { buildRecord } from './record';
import { readRunSource } from './run-source';

/** The file that marks a reproduction folder and holds what it trains. */
export const REPRODUCTION_FILE = 'reproduction.json';
/** Where in the reproduction folder its record and page are written. */
export const REPRODUCTION_RESULTS_DIR = 'results';
/** The paper's table has ten labeled subsets per row. */
export const DEFAULT_REPRODUCTION_SEEDS = 10;

export interface ReproductionSettings {
  readonly dataset: string;
  readonly preset: string;
  /** Each row's complete config, in training order. */
  readonly rows: readonly ExperimentConfig[];
  /** The command line that started the reproduction (credentials redacted). */
  readonly command?: readonly string[];
}

/** The run folder name of a row. */
export function rowFolderName(labels: number): string {
  return `labels-${labels}`;
}

/**
 * The rows of `dataset`'s table: its feature-matching preset (or `preset`) at every labeled-set
 * size it has published numbers for (or `labels`), each with `overrides` (seeds, epochs, ...).
 */
export function planReproduction(
  registry: Registry,
  o: { dataset: string; preset?: string; labels?: readonly number[]; overrides: ConfigOverrides },
): ReproductionSettings {
  const presets = registry.allPresets();
  const preset = o.preset !== undefined ? registry.preset(o.preset) : presets.find((p) => p.name === `${o.dataset}-fm`) ?? presets.find((p) => p.config.dataset === o.dataset && p.published);
  if (!preset) throw new ConfigError(`no preset with published numbers for dataset '${o.dataset}'; give one with --preset`);
  if (preset.config.dataset !== o.dataset) throw new ConfigError(`preset '${preset.name}' is for dataset '${preset.config.dataset}', not '${o.dataset}'`);
  const published = Object.keys(preset.published ?? {}).map(Number).sort((a, b) => a - b);
  const labels = o.labels ?? published;
  if (labels.length === 0) throw new ConfigError(`preset '${preset.name}' has no published numbers: say which labeled-set sizes with --labels`);
  if (new Set(labels).size !== labels.length) throw new ConfigError(`--labels names a size twice: ${labels.join(',')}`);
  const rows = labels.map((n) => resolveConfig(registry, { ...o.overrides, seeds: o.overrides.seeds ?? DEFAULT_REPRODUCTION_SEEDS, preset: preset.name, labels: n }).config);
  return { dataset: o.dataset, preset: preset.name, rows };
}

/** The row folders of a reproduction that exist so far, in its rows' order. */
export function reproductionRunFolders(reproduction: RunFolder, settings: ReproductionSettings): RunFolder[] {
  return settings.rows
    .map((row) => rowFolderName(row.labels))
    .filter((name) => fs.existsSync(reproduction.file(name, 'config.json')))
    .map((name) => RunFolder.open(reproduction.dir, name));
}

/** The settings of a reproduction folder, or undefined for a folder without reproduction.json. */
export function readReproductionSettings(folder: RunFolder): ReproductionSettings | undefined {
  if (!fs.existsSync(folder.file(REPRODUCTION_FILE))) return undefined;
  const settings = folder.readJson<ReproductionSettings>(REPRODUCTION_FILE);
  if (!Array.isArray(settings.rows) || settings.rows.some((r) => typeof r?.labels !== 'number')) {
    throw new ConfigError(`${folder.file(REPRODUCTION_FILE)}: no rows with labels in it`);
  }
  return settings;
}

/**
 * Writes the record and page of the rows trained so far into the reproduction's results/ folder
 * and into each of `alsoInto`; returns the files written.
 */
export function publishReproduction(
  reproduction: RunFolder,
  settings: ReproductionSettings,
  presetOf: (name: string) => Preset | undefined,
  alsoInto: readonly string[] = [],
): string[] {
  const runs = reproductionRunFolders(reproduction, settings).map(readRunSource);
  if (runs.length === 0) return [];
  const record = buildRecord(runs, { name: settings.dataset, presetOf, plannedLabels: settings.rows.map((r) => r.labels) });
  return [reproduction.file(REPRODUCTION_RESULTS_DIR), ...alsoInto].flatMap((dir) => writeResults(dir, record));
}
