/**
 * One run's folder under reports/: config.json, status.json, seed-<n>/ (metrics.csv, samples/,
 * checkpoint/, result.json), summary.json and summary.md. Every JSON file is written atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { readJson, writeJsonAtomic } from './files';

export type RunState = 'running' | 'complete' | 'failed' | 'interrupted';

export interface RunStatus {
  readonly state: RunState;
  readonly updatedAt: string;
  readonly pid: number;
  readonly seedsDone: number;
  readonly seedsTotal: number;
  readonly error?: string;
}

export const DEFAULT_REPORTS_DIR = 'reports';

export class RunFolder {
  private constructor(readonly dir: string, readonly runId: string) {}

  /**
   * A new, empty run folder named `runId`, or by default `<time stamp>-<preset>`, with `-2`, `-3`...
   * added when runs started in the same second took the name. The folder is made with mkdir's
   * exclusive semantics, so two processes never get the same one.
   */
  static create(reportsDir: string, preset: string, runId?: string, now = new Date()): RunFolder {
    const base = runId ?? `${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${preset}`;
    if (!/^[\w.-]+$/.test(base)) throw new ConfigError(`run id '${base}' may only contain letters, digits, '.', '_' and '-'`);
    fs.mkdirSync(path.resolve(reportsDir), { recursive: true });
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const dir = path.resolve(reportsDir, id);
      try {
        fs.mkdirSync(dir);
        return new RunFolder(dir, id);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (runId !== undefined) throw new ConfigError(`${dir} already exists; resume it with --resume ${id} or choose another --run-id`);
      }
    }
  }

  /** An existing run, by id or path; or another `kind` of folder (an ablation), which its file `marker` marks. */
  static open(reportsDir: string, runId: string, kind = 'run', marker = 'config.json'): RunFolder {
    const dir = fs.existsSync(runId) ? path.resolve(runId) : path.resolve(reportsDir, runId);
    if (!fs.existsSync(path.join(dir, marker))) {
      throw new ConfigError(`no ${kind} '${runId}': ${path.join(dir, marker)} does not exist`);
    }
    return new RunFolder(dir, path.basename(dir));
  }

  file(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  seedDir(seed: number): string {
    return this.file(`seed-${seed}`);
  }

  writeJson(relative: string, value: unknown): void {
    writeJsonAtomic(this.file(relative), value);
  }

  readJson<T>(relative: string): T {
    return readJson<T>(this.file(relative));
  }

  /**
   * Throws if another live process is training this run: two processes resuming one run would
   * overwrite each other's checkpoints and status.
   */
  assertNotRunning(): void {
    const file = this.file('status.json');
    if (!fs.existsSync(file)) return;
    const status = readJson<RunStatus>(file);
    if (status.state !== 'running' || status.pid === process.pid || !processAlive(status.pid)) return;
    throw new ConfigError(
      `run '${this.runId}' is still being trained by process ${status.pid} (${file}); stop it first, ` +
        'or delete that file if the process is not ssgan',
    );
  }

  /**
   * Whether any seed has trained: saved a checkpoint, metrics or a result. A run none has can
   * start over with another config, since nothing of its old one survives in the folder.
   */
  hasTrained(): boolean {
    const seeds = fs.readdirSync(this.dir, { withFileTypes: true }).filter((e) => e.isDirectory() && /^seed-\d+$/.test(e.name));
    return seeds.some((e) => ['checkpoint', 'metrics.csv', 'result.json'].some((f) => fs.existsSync(this.file(e.name, f))));
  }

  writeStatus(state: RunState, seedsDone: number, seedsTotal: number, error?: string): void {
    const status: RunStatus = { state, updatedAt: new Date().toISOString(), pid: process.pid, seedsDone, seedsTotal, error };
    this.writeJson('status.json', status);
  }
}

/** Whether process `pid` still exists on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
