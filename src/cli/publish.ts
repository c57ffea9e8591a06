/** `ssgan publish`: the results record and page of finished or running runs (docs/results/). */
import * as path from 'node:path';
import type { Preset } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { buildRecord } from '../results/record';
import { readRunSource } from '../results/run-source';
import { regenerateFromRecord, writeResults } from '../results/publish';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../runner/run-folder';
import { type FlagSpec, parseFlagsAndPositionals, stringFlag } from './args';
import { loadPlugins } from './setup';

export const PUBLISH_USAGE = `ssgan publish RUN... --out DIR [--name NAME] [--reports DIR]
       ssgan publish --record DIR/NAME.json
  writes the results record DIR/NAME.json (NAME: the dataset by default), the page DIR/NAME.md
  generated from it and one SVG of test-error curves per row (DIR/NAME-curves-l<labels>.svg):
  one row per labeled-set size, mean ± std over the finished seeds beside the paper's figure.
  RUN is a run id (under --reports) or folder, finished or still training; runs of one
  labeled-set size merge by seed when they differ in nothing else. --record regenerates the
  page and curves from a record alone.
  --plugins DIR               also load the plugins in DIR (for their presets' published numbers)`;

const SPEC: FlagSpec = {
  out: { type: 'string' },
  name: { type: 'string' },
  reports: { type: 'string' },
  record: { type: 'string' },
  plugins: { type: 'string', multiple: true },
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
  const runs = positionals.map((id) => readRunSource(RunFolder.open(reportsDir, id)));
  const record = buildRecord(runs, { name: recordName(flags, runs[0].config.dataset), presetOf: presetLookup(registry) });
  report(writeResults(path.resolve(out), record));
}

/** A preset by name, or undefined for one no loaded plugin has (a descriptor's). */
export function presetLookup(registry: Registry): (name: string) => Preset | undefined {
  const presets = registry.list().presets as readonly Preset[];
  return (name) => presets.find((p) => p.name === name);
}

function recordName(flags: Record<string, unknown>, dataset: string): string {
  const name = stringFlag(flags, 'name') ?? dataset;
  if (!/^[\w.-]+$/.test(name)) throw new ConfigError(`--name '${name}' may only contain letters, digits, '.', '_' and '-'`);
  return name;
}

function report(files: readonly string[]): void {
  process.stdout.write(`${files.map((f) => `written: ${path.relative(process.cwd(), f) || f}`).join('\n')}\n`);
}
