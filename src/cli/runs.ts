/** `ssgan runs`: the run folders under a reports folder, one line each. */
import { DEFAULT_REPORTS_DIR } from '../store/run-folder';
import { type RunListing, listRuns } from '../store/run-list';
import { type FlagSpec, parseFlags, stringFlag } from './args';

export const RUNS_USAGE = `ssgan runs [--reports DIR]
  lists the run folders (default reports/): state, dataset, labels, seeds done, epochs, error`;

const SPEC: FlagSpec = { reports: { type: 'string' } };

export async function runsCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const reportsDir = stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR;
  const runs = listRuns(reportsDir);
  if (runs.length === 0) {
    process.stdout.write(`no runs in ${reportsDir}\n`);
    return;
  }
  process.stdout.write(`${runsTable(runs)}\n`);
}

/** Aligned columns; the error, the last column, is cut to its first line. */
export function runsTable(runs: readonly RunListing[]): string {
  const show = (v: string | number | undefined) => (v === undefined ? '-' : String(v));
  const rows = [
    ['run', 'state', 'dataset', 'labels', 'seeds', 'epochs', 'error'],
    ...runs.map((r) => [
      r.runId, r.state, show(r.dataset), show(r.labels), `${show(r.seedsDone)}/${show(r.seedsTotal)}`, show(r.epochs),
      r.error?.split('\n')[0] ?? '',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}
