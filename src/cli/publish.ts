/** `ssgan publish`: the results record and page of finished or running runs (docs/results/). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Preset } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { buildRecord } from '../results/record';
import { readRunSource } from '../results/run-source';
import { regenerateFromRecord, writeResults } from '../results/publish';
import { REPRODUCTION_FILE, readReproductionSettings, reproductionRunFolders } from '../results/reproduction';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { type FlagSpec, parseFlagsAndPositionals, stringFlag } from './args';
import { loadPlugins } from './setup';

export const PUBLISH_USAGE = `ssgan publish RUN... --out DIR [--name NAME] [--reports DIR]
       ssgan publish --record DIR/NAME.json
  writes the results record DIR/NAME.json (NAME: the dataset by default), the page DIR/NAME.md
  generated from it and one SVG of test-error curves per row (DIR/NAME-curves-l<labels>.svg):
  one row per labeled-set size, mean ± std over the finished seeds beside the paper's figure.
  RUN is a run id (under --reports) or folder, finished or still training, or a reproduction
  (\`ssgan reproduce\`) for all its rows; runs of one labeled-set size merge by seed when they
  differ in nothing else. --record regenerates the
  page and curves from a record alone.
  --plugins DIR               also load the plugins in DIR (for their presets' published numbers)
  --cpu TEXT                  the CPU of runs whose config.json names none (made before ssgan
                              recorded it), e.g. "AMD EPYC, 2 cores"`;

const SPEC: FlagSpec = {
  out: { type: 'string' },
  name: { type: 'string' },
  reports: { type: 'string' },
  record: { type: 'string' },
  plugins: { type: 'string', multiple: true },
  cpu: { type: 'string' },
};

export async function publishCommand(argv: string[]): Promise<void> {
  const { flags, positionals } = parseFlagsAndPositionals(argv, SPEC);
  const recordFile = stringFlag(flags, 'record');
  if (recordFile !== undefined) {
    if (positionals.length > 0) throw new ConfigError('--record regenerates a record\'s page on its own: give no runs with it');
    report(regenerateFromRecord(path.resolve(recordFile)));
    return;
  }
  const out = stringFlag(flags, 'out');
  if (positionals.length === 0 || out === undefined) throw new ConfigError(`give one or more runs and --out DIR\n${PUBLISH_USAGE}`);
  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  const reportsDir = stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR;
  // A reproduction folder stands for its rows' run folders, and the rows it has yet to start.
  const plannedLabels: number[] = [];
  const runs = positionals.flatMap((id) => {
    const folder = openRunOrReproduction(reportsDir, id);
    const settings = readReproductionSettings(folder);
    if (!settings) return [readRunSource(folder)];
    plannedLabels.push(...settings.rows.map((r) => r.labels));
    return reproductionRunFolders(folder, settings).map(readRunSource);
  });
  if (runs.length === 0) throw new ConfigError(`no run folder in ${positionals.join(', ')} yet: nothing to publish`);
  const cpu = stringFlag(flags, 'cpu');
  const sources = cpu === undefined ? runs : runs.map((run) => ({ ...run, cpu: run.cpu ?? cpu }));
  const record = buildRecord(sources, { name: recordName(flags, runs[0].config.dataset), presetOf: presetLookup(registry), plannedLabels });
  report(writeResults(path.resolve(out), record));
}

/** A preset by name, or undefined for one no loaded plugin has (a descriptor's). */
export function presetLookup(registry: Registry): (name: string) => Preset | undefined {
  const presets = registry.allPresets();
  return (name) => presets.find((p) => p.name === name);
}

/** A run folder, or a reproduction folder (which has REPRODUCTION_FILE), by id under `reportsDir` or by path. */
function openRunOrReproduction(reportsDir: string, id: string): RunFolder {
  const dir = fs.existsSync(id) ? id : path.join(reportsDir, id);
  return fs.existsSync(path.join(dir, REPRODUCTION_FILE)) ? RunFolder.open(reportsDir, id, 'reproduction', REPRODUCTION_FILE) : RunFolder.open(reportsDir, id);
}

function recordName(flags: Record<string, unknown>, dataset: string): string {
  const name = stringFlag(flags, 'name') ?? dataset;
  if (!/^[\w.-]+$/.test(name)) throw new ConfigError(`--name '${name}' may only contain letters, digits, '.', '_' and '-'`);
  return name;
}

function report(files: readonly string[]): void {
  process.stdout.write(`${files.map((f) => `written: ${path.relative(process.cwd(), f) || f}`).join('\n')}\n`);
}
