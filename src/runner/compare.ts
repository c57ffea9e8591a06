/** A table of several runs' errors and scores, as Markdown for people and JSON for tools. */
import * as fs from 'node:fs';
import type { RunScores } from '../eval/run-scores';
import type { TuringSummary } from '../turing/record';
import type { RunFolder } from '../store/run-folder';
import { readSavedRun } from '../store/saved-run';
import type { MeanStd } from '../store/stats';
import type { RunSummary } from './summary';
import { meanPlusMinus } from '../util/number-text';

export interface ComparisonRow {
  readonly runId: string;
  readonly preset: string;
  readonly dataset: string;
  readonly labels: number;
  readonly epochs: number;
  readonly seedsDone: number;
  readonly testErrorAveraged?: MeanStd;
  readonly testErrorRaw?: MeanStd;
  readonly published?: { readonly mean: number; readonly std: number; readonly epochs: number };
  readonly scorer?: string;
  readonly inceptionScore?: MeanStd;
  readonly realInceptionScore?: number;
  readonly fid?: MeanStd;
  readonly realFid?: number;
  readonly humanErrorRatePercent?: number;
}

export function compareRuns(folders: readonly RunFolder[]): ComparisonRow[] {
  return folders.map((folder) => {
    const { config } = readSavedRun(folder);
    const optional = <T>(file: string): T | undefined => (fs.existsSync(folder.file(file)) ? folder.readJson<T>(file) : undefined);
    const summary = optional<RunSummary>('summary.json');
    const scores = optional<RunScores>('scores.json');
    const turing = optional<TuringSummary>('turing/summary.json');
    return {
      runId: folder.runId,
      preset: config.preset,
      dataset: config.dataset,
      labels: config.labels,
      epochs: config.epochs,
      seedsDone: summary?.seedsDone ?? 0,
      testErrorAveraged: summary?.testErrorAveraged,
      testErrorRaw: summary?.testErrorRaw,
      published: summary?.published && { mean: summary.published.mean, std: summary.published.std, epochs: summary.published.epochs },
      scorer: scores?.scorer.name,
      inceptionScore: scores?.inceptionScoreOverSeeds,
      realInceptionScore: scores?.real.inceptionScore.mean,
      fid: scores?.fidOverSeeds,
      realFid: scores?.real.fid,
      humanErrorRatePercent: turing?.humanErrorRatePercent,
    };
  });
}

export function comparisonMarkdown(rows: readonly ComparisonRow[]): string {
  const pm = (m: MeanStd | undefined, digits: number) => (m && m.n > 0 ? meanPlusMinus(m.mean, m.std, m.n, digits) : '–');
  const n = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
  const lines = [
    '| run | preset | labels | epochs | seeds | test error % (averaged) | raw | paper | Inception score (real) | FID (real) | scorer | human error % |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        r.runId, r.preset, r.labels, r.epochs, r.seedsDone, pm(r.testErrorAveraged, 2), pm(r.testErrorRaw, 2),
        r.published ? `${r.published.mean} ± ${r.published.std} (${r.published.epochs} ep.)` : '–',
        r.inceptionScore ? `${pm(r.inceptionScore, 3)} (${n(r.realInceptionScore, 3)})` : '–',
        r.fid ? `${pm(r.fid, 3)} (${n(r.realFid, 3)})` : '–',
        r.scorer ?? '–', n(r.humanErrorRatePercent, 1),
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ];
  const scorers = new Set(rows.map((r) => r.scorer).filter((s) => s !== undefined));
  if (scorers.size > 1) lines.push('', `Scores come from different scorers (${[...scorers].join(', ')}): compare them only within one scorer.`);
  lines.push('', 'Scores: mean ± std over seeds; in brackets the real data scored the same way (the ceiling).', '');
  return lines.join('\n');
}
