/** `ssgan compare`: one table of several runs' errors and scores, printed and written. */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { comparisonMarkdown, compareRuns } from '../runner/compare';
import { writeFileAtomic, writeJsonAtomic } from '../store/files';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { type FlagSpec, parseFlags, stringFlag } from './args';

export const COMPARE_USAGE = `ssgan compare RUN_A RUN_B ... [--reports DIR] [--out FILE.md]
  table of the runs' test errors and sample scores (default out: reports/compare.md, plus .json)`;

const SPEC: FlagSpec = { reports: { type: 'string' }, out: { type: 'string' } };

export async function compareCommand(argv: string[]): Promise<void> {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'));
  const runIds = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
  const flags = parseFlags(firstFlag === -1 ? [] : argv.slice(firstFlag), SPEC);
  if (runIds.length === 0) throw new ConfigError(`give at least one run id\n${COMPARE_USAGE}`);
  const reportsDir = stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR;
  const rows = compareRuns(runIds.map((id) => RunFolder.open(reportsDir, id)));
  const markdown = comparisonMarkdown(rows);
  const out = path.resolve(stringFlag(flags, 'out') ?? path.join(reportsDir, 'compare.md'));
  writeFileAtomic(out, markdown);
  writeJsonAtomic(out.replace(/\.md$/, '') + '.json', rows);
  process.stdout.write(`${markdown}\nwritten: ${path.relative(process.cwd(), out) || out}\n`);
}
