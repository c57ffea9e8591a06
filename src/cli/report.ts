/** `ssgan report`: rebuilds a run's self-contained HTML report (index.html) and report.json. */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { writeRunReport } from '../runner/report/write-report';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { type FlagSpec, parseFlags, stringFlag } from './args';

export const REPORT_USAGE = `ssgan report RUN_ID [--reports DIR]
  rebuilds reports/<run>/index.html (open it from disk) and report.json`;

const SPEC: FlagSpec = { reports: { type: 'string' } };

export async function reportCommand(argv: string[]): Promise<void> {
  const [runId, ...rest] = argv;
  if (runId === undefined || runId.startsWith('-')) throw new ConfigError(`a run id is required\n${REPORT_USAGE}`);
  const flags = parseFlags(rest, SPEC);
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  const file = writeRunReport(folder);
  process.stdout.write(`report: ${path.relative(process.cwd(), file) || file}\n`);
}
