/**
 * Ablations in the shape of the paper's Table 3: the full preset, then one variant per technique
 * taken out (`without`) or added (`with`), each trained as its own run over the same seeds, and
 * one table of test error (mean ± std over seeds) and, when a scorer is at hand, sample scores.
 */
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { writeFileAtomic, writeJsonAtomic } from '../store/files';
import type { MeanStd } from '../store/stats';
import { type TechniqueSwitches, techniqueSwitches, techniquesLine } from './techniques';
import { count, meanPlusMinus } from '../util/number-text';

export interface AblationVariant {
  /** `full`, `-<technique>` or `+<technique>`; also the variant's run-folder name. */
  readonly name: string;
  readonly description: string;
  readonly config: ExperimentConfig;
  readonly techniques: TechniqueSwitches;
}

/** File in the ablation folder that holds what the ablation was started with, so a resume continues it. */
export const ABLATION_SETTINGS_FILE = 'ablation-config.json';

/** What defines an ablation: the full config, the techniques taken out and added, and how samples are scored. */
export interface AblationSettings {
  readonly base: ExperimentConfig;
  readonly without: readonly string[];
  readonly with: readonly string[];
  /** Generated images scored per seed; 0: no score column. */
  readonly scoreSamples: number;
  /** The scorer network's model.json (absolute); none: the dataset's default scorer. */
  readonly scorerFile?: string;
}

/** Sample scores of one variant, over its seeds. */
export interface VariantScores {
  readonly scorer: string;
  readonly inceptionScore: MeanStd;
  readonly fid: MeanStd;
}

export interface AblationRow {
  readonly variant: string;
  readonly description: string;
  readonly runId: string;
  readonly testErrorAveraged: MeanStd;
  readonly testErrorRaw: MeanStd;
  readonly scores?: VariantScores;
  readonly techniques: TechniqueSwitches;
}

export interface AblationTable {
  readonly ablationId: string;
  readonly preset: string;
  readonly dataset: string;
  readonly labels: number;
  readonly seeds: number;
  readonly epochs: number;
  readonly iterationsPerEpoch: number;
  /** Why there is no score column, when there is none. */
  readonly scoresNote?: string;
  readonly rows: readonly AblationRow[];
}

/** The full config, then one variant per technique in `without` (switched off) and in `with` (on). */
export function ablationVariants(registry: Registry, base: ExperimentConfig, without: readonly string[], add: readonly string[]): AblationVariant[] {
  const variant = (name: string, description: string, config: ExperimentConfig): AblationVariant => ({
    name, description, config, techniques: techniqueSwitches(registry, config),
  });
  const variants = [variant('full', `preset ${base.preset} as it is`, base)];
  const seen = new Set<string>();
  for (const [sign, names] of [['-', without], ['+', add]] as const) {
    for (const requested of names) {
      const technique = registry.technique(requested);
      if (seen.has(technique.name)) throw new ConfigError(`technique '${technique.name}' is named twice`);
      seen.add(technique.name);
      const on = technique.enabledIn(base);
      if (sign === '-' && !on) throw new ConfigError(`--without ${requested}: preset '${base.preset}' does not use ${technique.name}`);
      if (sign === '+' && on) throw new ConfigError(`--with ${requested}: preset '${base.preset}' already uses ${technique.name}`);
      const config = sign === '-' ? technique.disable(base) : technique.enable(base);
      variants.push(variant(`${sign}${technique.name}`, `${sign === '-' ? 'without' : 'with'} ${technique.description}`, config));
    }
  }
  return variants;
}

/** Writes ablation.json and ablation.md into `dir`; returns the Markdown. */
export function writeAblationTable(dir: string, table: AblationTable): string {
  const markdown = ablationMarkdown(table);
  writeJsonAtomic(path.join(dir, 'ablation.json'), table);
  writeFileAtomic(path.join(dir, 'ablation.md'), markdown);
  return markdown;
}

export function ablationMarkdown(t: AblationTable): string {
  const pm = (m: MeanStd | undefined, digits = 2) => (!m || m.n === 0 ? '-' : meanPlusMinus(m.mean, m.std, m.n, digits));
  const scored = t.rows.some((r) => r.scores);
  const header = ['variant', 'test error (%), averaged weights', 'raw weights', ...(scored ? ['sample score', 'FID'] : []), 'run'];
  const lines = [
    `# Ablation ${t.ablationId}`,
    '',
    `Preset \`${t.preset}\`, dataset \`${t.dataset}\`, ${count(t.labels, 'label')}, ${count(t.seeds, 'seed')} per variant, ` +
      `${count(t.epochs, 'epoch')} of ${t.iterationsPerEpoch || 'a full pass of'} iterations. Mean ± std over seeds.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...t.rows.map((r) =>
      `| ${[r.variant, pm(r.testErrorAveraged), pm(r.testErrorRaw), ...(scored ? [pm(r.scores?.inceptionScore, 3), pm(r.scores?.fid, 3)] : []), r.runId].join(' | ')} |`,
    ),
    '',
  ];
  const scorers = [...new Set(t.rows.flatMap((r) => (r.scores ? [r.scores.scorer] : [])))];
  if (scorers.length > 0) lines.push(`Sample score: the Inception-score formula over ${scorers.join(', ')}; FID to the test set.`, '');
  if (t.scoresNote) lines.push(`No sample scores: ${t.scoresNote}.`, '');
  lines.push('## Variants', '');
  for (const r of t.rows) lines.push(`- **${r.variant}**: ${r.description}. Techniques on: ${techniquesLine(r.techniques)}.`);
  lines.push('');
  return lines.join('\n');
}
