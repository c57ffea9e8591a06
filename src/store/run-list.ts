/**
 * What the run folders under a reports folder hold, one entry per run (an ablation's variants
 * each count as a run): for `ssgan runs`. Reads only; a folder it cannot make sense of is listed
 * with what is missing rather than skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { readJson } from './files';
import { type RunState, type RunStatus, processAlive } from './run-folder';

/** `stopped`: status.json says running, but its process is gone (killed, or the machine restarted). */
export type ListedState = RunState | 'stopped' | 'unknown';

export interface RunListing {
  /** The folder's path under the reports folder (`<run-id>` or `<ablation-id>/<variant>`). */
  readonly runId: string;
  readonly state: ListedState;
  readonly updatedAt?: string;
  readonly dataset?: string;
  readonly labels?: number;
  readonly seedsDone?: number;
  readonly seedsTotal?: number;
  readonly epochs?: number;
  readonly error?: string;
}

/** Every run folder under `reportsDir`, oldest first (by id, which starts with its time stamp). */
export function listRuns(reportsDir: string): RunListing[] {
  if (!fs.existsSync(reportsDir)) return [];
  const listings: RunListing[] = [];
  const visit = (dir: string, id: string, depth: number): void => {
    const has = (file: string) => fs.existsSync(path.join(dir, file));
    if (has('status.json') || has('config.json')) listings.push(describeRun(dir, id));
    else if (depth === 0) {
      // An ablation folder holds one run folder per variant.
      for (const sub of subfolders(dir)) visit(path.join(dir, sub), `${id}/${sub}`, depth + 1);
    }
  };
  for (const name of subfolders(reportsDir)) visit(path.join(reportsDir, name), name, 0);
  return listings;
}

function describeRun(dir: string, runId: string): RunListing {
  const status = readOptional<RunStatus>(path.join(dir, 'status.json'));
  const config = readOptional<{ config?: ExperimentConfig }>(path.join(dir, 'config.json'))?.config;
  const state: ListedState = !status ? 'unknown' : status.state === 'running' && !processAlive(status.pid) ? 'stopped' : status.state;
  return {
    runId, state, updatedAt: status?.updatedAt, dataset: config?.dataset, labels: config?.labels,
    seedsDone: status?.seedsDone, seedsTotal: status?.seedsTotal ?? config?.seeds, epochs: config?.epochs,
    error: status?.error,
  };
}

function subfolders(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** A JSON file, or undefined when it is missing or unreadable (a listing shows what it can). */
function readOptional<T>(file: string): T | undefined {
  try {
    return readJson<T>(file);
  } catch {
    return undefined;
  }
}
