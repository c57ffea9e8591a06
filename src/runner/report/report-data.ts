/**
 * Everything a run's HTML report shows, gathered from its folder into one object (saved as
 * report.json), so the page and the numbers behind it cannot disagree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../core/errors';
import type { RunScores } from '../../eval/run-scores';
import type { TuringSummary } from '../../turing/record';
import { readJson } from '../../store/files';
import type { RunFolder, RunStatus } from '../../store/run-folder';
import { type SavedRun, readSavedRun } from '../../store/saved-run';
import type { SeedResult } from '../../seed/seed-run';
import type { RunSummary } from '../summary';

/** Most epoch grids a report embeds per seed (evenly spaced, first and last always in). */
export const MAX_GRIDS_PER_SEED = 12;

export interface SeedReport {
  readonly seed: number;
  readonly result?: SeedResult;
  /** metrics.csv rows; a missing value (an epoch without evaluation) is absent. */
  readonly metrics: readonly Record<string, number>[];
  /** Paths relative to the run folder. */
  readonly realGrid?: string;
  readonly epochGrids: readonly { readonly epoch: number; readonly file: string }[];
  readonly gridsAvailable: number;
}

export interface ReportData {
  readonly runId: string;
  readonly generatedAt: string;
  readonly status?: RunStatus;
  readonly saved: SavedRun;
  readonly summary?: RunSummary;
  readonly seeds: readonly SeedReport[];
  readonly scores?: RunScores;
  readonly turing?: TuringSummary;
}

export function gatherReport(folder: RunFolder): ReportData {
  const saved = readSavedRun(folder);
  const optional = <T>(relative: string): T | undefined => (fs.existsSync(folder.file(relative)) ? folder.readJson<T>(relative) : undefined);
  const seeds: SeedReport[] = [];
  for (let i = 0; i < saved.config.seeds; i++) {
    const seed = saved.config.seed + i;
    const dir = folder.seedDir(seed);
    if (!fs.existsSync(dir)) continue;
    const metricsFile = path.join(dir, 'metrics.csv');
    const grids = listEpochGrids(path.join(dir, 'samples'));
    seeds.push({
      seed,
      result: fs.existsSync(path.join(dir, 'result.json')) ? readJson<SeedResult>(path.join(dir, 'result.json')) : undefined,
      metrics: fs.existsSync(metricsFile) ? readMetricsCsv(metricsFile) : [],
      realGrid: fs.existsSync(path.join(dir, 'samples', 'real.png')) ? `seed-${seed}/samples/real.png` : undefined,
      epochGrids: spread(grids, MAX_GRIDS_PER_SEED).map((epoch) => ({ epoch, file: `seed-${seed}/samples/${gridName(epoch)}` })),
      gridsAvailable: grids.length,
    });
  }
  return {
    runId: folder.runId,
    generatedAt: new Date().toISOString(),
    status: optional<RunStatus>('status.json'),
    saved,
    summary: optional<RunSummary>('summary.json'),
    seeds,
    scores: optional<RunScores>('scores.json'),
    turing: optional<TuringSummary>(path.join('turing', 'summary.json')),
  };
}

/** metrics.csv as numeric rows; a malformed file is an error naming it. */
export function readMetricsCsv(file: string): Record<string, number>[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const columns = lines[0].split(',');
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== columns.length) throw new ConfigError(`${file}: line ${i + 2} has ${cells.length} fields, the header ${columns.length}`);
    const row: Record<string, number> = {};
    cells.forEach((cell, j) => {
      if (cell === '') return;
      const value = Number(cell);
      if (!Number.isFinite(value)) throw new ConfigError(`${file}: line ${i + 2}, column ${columns[j]}: '${cell}' is not a number`);
      row[columns[j]] = value;
    });
    return row;
  });
}

function gridName(epoch: number): string {
  return `epoch-${String(epoch).padStart(3, '0')}.png`;
}

function listEpochGrids(dir: string): number[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((f) => /^epoch-(\d+)\.png$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** At most `max` items, evenly spaced, keeping the first and the last. */
function spread(items: readonly number[], max: number): number[] {
  if (items.length <= max) return [...items];
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(items[Math.round((i * (items.length - 1)) / (max - 1))]);
  return [...picked];
}
