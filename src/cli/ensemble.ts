/** `ssgan ensemble`: the ensemble of a finished run's seeds, added to its summary and report. */
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { writeFileAtomic } from '../store/files';
import { writeRunReport } from '../runner/report/write-report';
import { computeRunEnsemble } from '../eval/run-ensemble';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { type RunSummary, summaryMarkdown } from '../runner/summary';
import { type FlagSpec, parseFlags, stringFlag } from './args';
import { count, meanPlusMinus, named } from '../util/number-text';

export const ENSEMBLE_USAGE = `ssgan ensemble RUN_ID [--reports DIR]
  averages the class probabilities of the run's finished seeds (averaged discriminators) on the
  test set; writes the ensemble's test error into summary.md, summary.json and index.html`;

const SPEC: FlagSpec = { reports: { type: 'string' } };

export async function ensembleCommand(argv: string[]): Promise<void> {
  const [runId, ...rest] = argv;
  if (runId === undefined || runId.startsWith('-')) throw new ConfigError(`a run id is required\n${ENSEMBLE_USAGE}`);
  const flags = parseFlags(rest, SPEC);
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  let summary: RunSummary;
  try {
    summary = folder.readJson<RunSummary>('summary.json');
  } catch {
    throw new ConfigError(`run '${folder.runId}' has no readable summary.json: no seed has finished`);
  }
  const config = folder.readJson<{ config: ExperimentConfig }>('config.json').config;
  const ensemble = computeRunEnsemble(folder, summary.seeds.map((s) => s.seed));
  const updated: RunSummary = { ...summary, ensemble };
  folder.writeJson('summary.json', updated);
  writeFileAtomic(folder.file('summary.md'), summaryMarkdown(updated));
  writeRunReport(folder);
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const missing = ensemble.missingSeeds.length > 0 ? ` (without ${named('seed', ensemble.missingSeeds)}: no saved test probabilities)` : '';
  const a = summary.testErrorAveraged;
  process.stdout.write(
    [
      `ensemble of ${ensemble.seeds.length} of ${count(config.seeds, 'seed')}: test error ${ensemble.testError.toFixed(2)}%${missing}`,
      `${a.n === 1 ? 'seed' : 'seeds'} (averaged weights): ${meanPlusMinus(a.mean, a.std, a.n).replace(/^[\d.]+/, '$&%')} (n=${a.n})`,
      ...(summary.published?.ensembleOf10 ? [`paper, ensemble of 10: ${summary.published.ensembleOf10.mean}% ± ${summary.published.ensembleOf10.std}`] : []),
      `summary: ${rel(folder.file('summary.md'))}`,
    ].join('\n') + '\n',
  );
}
