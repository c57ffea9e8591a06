/** The run's summary: mean +- std over seeds beside the published number, as JSON and Markdown. */
import type { ExperimentConfig, PublishedError } from '../core/contracts';
import type { BackendInfo } from '../engine/backend';
import { D_WINS_EARLY_CRITERION } from '../gan/stuck-phase';
import type { RunEnsemble } from '../eval/run-ensemble';
import type { SeedFailure, SeedResult } from '../seed/seed-run';
import { type MeanStd, meanStd } from '../store/stats';
import { count, meanPlusMinus, named } from '../util/number-text';

export interface RunSummary {
  readonly runId: string;
  readonly complete: boolean;
  readonly seedsDone: number;
  readonly seedsTotal: number;
  readonly preset: string;
  readonly dataset: string;
  readonly labels: number;
  readonly epochs: number;
  readonly backend: BackendInfo;
  readonly testErrorAveraged: MeanStd;
  readonly testErrorRaw: MeanStd;
  readonly published?: PublishedError & { readonly epochs: number };
  /** Unreadable images the loader skipped (only with --skip-bad-images). */
  readonly skippedFiles: readonly string[];
  /** Seeds that ended with an error; a resume retries them. */
  readonly failedSeeds: readonly SeedFailure[];
  readonly seeds: readonly SeedResult[];
  /** The ensemble of the seeds' averaged discriminators (`--ensemble`, `ssgan ensemble`). */
  readonly ensemble?: RunEnsemble;
}

export function summarize(
  runId: string,
  config: ExperimentConfig,
  backend: BackendInfo,
  results: readonly SeedResult[],
  published: PublishedError | undefined,
  presetEpochs: number,
  skippedFiles: readonly string[] = [],
  failedSeeds: readonly SeedFailure[] = [],
  ensemble?: RunEnsemble,
): RunSummary {
  return {
    runId,
    complete: results.length === config.seeds,
    seedsDone: results.length,
    seedsTotal: config.seeds,
    preset: config.preset,
    dataset: config.dataset,
    labels: config.labels,
    epochs: config.epochs,
    backend,
    testErrorAveraged: meanStd(results.map((r) => r.testErrorAveraged)),
    testErrorRaw: meanStd(results.map((r) => r.testErrorRaw)),
    published: published && { ...published, epochs: presetEpochs },
    skippedFiles,
    failedSeeds,
    seeds: results,
    ...(ensemble && { ensemble }),
  };
}

/** For a seed whose training a resume continued on another version of ssgan: which versions, and what that means. */
export function crossVersionNote(r: SeedResult): string | undefined {
  if (!r.codeVersions) return undefined;
  return `Seed ${r.seed} was resumed on another version of ssgan (trained by ${r.codeVersions.join(', then ')}): its results may differ from an uninterrupted run.`;
}

export function summaryMarkdown(s: RunSummary): string {
  const pm = (m: MeanStd) => (m.n === 0 ? '-' : `${meanPlusMinus(m.mean, m.std, m.n)} (n=${m.n})`);
  const lines = [
    `# ssgan run ${s.runId}`,
    '',
    s.complete
      ? `Complete: ${s.seedsDone} of ${count(s.seedsTotal, 'seed')}.`
      : `**INCOMPLETE: ${s.seedsDone} of ${count(s.seedsTotal, 'seed')} finished.** Resume with \`ssgan run --resume ${s.runId}\`.`,
    '',
    `Preset \`${s.preset}\`, dataset \`${s.dataset}\`, ${count(s.labels, 'label')}, ${count(s.epochs, 'epoch')}; backend ${s.backend.name} (${s.backend.detail}).`,
    '',
    ...s.failedSeeds.map((f) => `Seed ${f.seed} failed (missing from the results): ${f.error.split('\n')[0]} (full error in summary.json).`),
    ...(s.failedSeeds.length > 0 ? [''] : []),
    ...s.seeds.map(crossVersionNote).filter((note) => note !== undefined).flatMap((note) => [note, '']),
    ...(s.skippedFiles.length > 0 ? [`${count(s.skippedFiles.length, 'unreadable image')} skipped; listed in summary.json.`, ''] : []),
    '| | epochs | test error (%), mean ± std over seeds |',
    '|---|---|---|',
    `| ssgan, averaged weights | ${s.epochs} | ${pm(s.testErrorAveraged)} |`,
    `| ssgan, raw weights | ${s.epochs} | ${pm(s.testErrorRaw)} |`,
  ];
  if (s.ensemble) {
    const missing = s.ensemble.missingSeeds.length > 0 ? `; without ${named('seed', s.ensemble.missingSeeds)}` : '';
    lines.push(`| ssgan, ensemble of ${count(s.ensemble.seeds.length, 'seed')}${missing} | ${s.epochs} | ${s.ensemble.testError.toFixed(2)} |`);
  }
  if (s.published) {
    lines.push(`| ${s.published.source} | ${s.published.epochs} | ${s.published.mean} ± ${s.published.std} |`);
    const e = s.ensemble && s.published.ensembleOf10;
    if (e) lines.push(`| ${s.published.source}, ensemble of 10 | ${s.published.epochs} | ${e.mean} ± ${e.std} |`);
  }
  lines.push('', '| seed | data seed | averaged (%) | raw (%) | ms/iter | D wins early |', '|---|---|---|---|---|---|');
  for (const r of s.seeds) {
    const stuck = r.dWinsEarly ? (r.dWinsEarly.stuck ? `yes (epoch ${r.dWinsEarly.epoch})` : 'no') : '-';
    lines.push(`| ${r.seed} | ${r.dataSeed} | ${r.testErrorAveraged.toFixed(2)} | ${r.testErrorRaw.toFixed(2)} | ${r.msPerIteration.toFixed(1)} | ${stuck} |`);
  }
  if (s.seeds.some((r) => r.dWinsEarly)) lines.push('', `D wins early: ${D_WINS_EARLY_CRITERION}.`);
  lines.push('', 'Per-epoch metrics: `seed-<n>/metrics.csv`; sample grids: `seed-<n>/samples/`; checkpoints: `seed-<n>/checkpoint/`.', '');
  return lines.join('\n');
}
