/**
 * The machine-readable results record (docs/results/<name>.json): one row per labeled-set size,
 * built from run folders, finished or not. A row says plainly how many of its seeds finished and
 * how far each got; its mean ± std covers the finished seeds only, beside the paper's figure.
 */
import { type Confusion, ConfusionMatrix } from '../classifier/confusion';
import type { Preset, PublishedError } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { D_WINS_EARLY_CRITERION, type DWinsEarlyVerdict, dWinsEarly } from '../gan/stuck-phase';
import type { RunEnsemble } from '../eval/run-ensemble';
import { meanStd } from '../store/stats';
import { coversPlan } from '../seed/seed-run';
import { type Projection, projectTestError } from './projection';
import type { RunSource, SeedSource } from './run-source';

/** Mean and sample std over seeds; null where no seed has finished. */
export interface Spread {
  readonly mean: number | null;
  readonly std: number | null;
  readonly n: number;
}

/** A seed's per-epoch curves, column by column (null: not evaluated that epoch). */
export interface SeedCurves {
  readonly epoch: readonly number[];
  readonly testErrorAveraged: readonly (number | null)[];
  readonly testErrorRaw: readonly (number | null)[];
  /** Each loss term's epoch mean (k-plus-one, feature-matching, supervised, ...). */
  readonly losses: Readonly<Record<string, readonly (number | null)[]>>;
}

export interface SeedRecord {
  readonly seed: number;
  readonly dataSeed: number;
  readonly runId: string;
  readonly finished: boolean;
  /** The epoch the errors below are from: the last evaluated one (the run's last, once finished); 0 before any. */
  readonly epochs: number;
  readonly testErrorAveraged: number | null;
  readonly testErrorRaw: number | null;
  /** The D-wins-early verdict over epochs 1-2; null before epoch 1 ends or without those loss terms. */
  readonly dWinsEarly: DWinsEarlyVerdict | null;
  /**
   * The finished seed's largest confusions on the test set (averaged weights), largest first: where
   * its errors concentrate. Null for an unfinished seed, or one whose run saved no test outputs.
   */
  readonly largestConfusions: readonly Confusion[] | null;
  /**
   * A finished seed's averaged-weights curve fitted and read at the paper's epoch count, when the
   * seed trained fewer: a forecast. Null for an unfinished seed, or one with too short a curve.
   */
  readonly projection: Projection | null;
  readonly curves: SeedCurves;
}

/** Where a row's numbers come from. */
export interface RunProvenance {
  readonly runId: string;
  /** status.json's state: running, complete, failed, interrupted. */
  readonly state: string | null;
  /** The command line that trained the run, as given. */
  readonly command: string | null;
  readonly codeVersion: string | null;
  readonly cpu: string | null;
  readonly backend: string | null;
  /** Each later `--resume`: when, the command line, the code version and CPU it ran on. */
  readonly resumes: readonly { readonly at: string; readonly command: string | null; readonly codeVersion: string | null; readonly cpu: string | null; readonly epochs: number }[];
}

export interface ResultsRow {
  readonly dataset: string;
  readonly preset: string;
  readonly labels: number;
  /** complete: every planned seed finished every planned epoch; partial otherwise. */
  readonly status: 'complete' | 'partial';
  readonly seedsPlanned: number;
  readonly seedsFinished: number;
  readonly epochsPlanned: number;
  /** Fewest and most epochs evaluated over the planned seeds (a seed not started counts 0). */
  readonly epochsReached: { readonly min: number; readonly max: number };
  readonly iterationsPerEpoch: number;
  /** Over the finished seeds. */
  readonly testErrorAveraged: Spread;
  readonly testErrorRaw: Spread;
  /** The paper's figure for this labeled-set size and the epochs it trained. */
  readonly published: (PublishedError & { readonly epochs: number }) | null;
  /** The ensemble of the row's seeds, when its run computed one; none for a partial row. */
  readonly ensemble: RunEnsemble | null;
  /** The finished seeds' projections to the paper's epoch count, over the seeds that have one. */
  readonly projection: { readonly epoch: number; readonly testErrorAveraged: Spread } | null;
  /** Seeds in the D-wins-early phase. */
  readonly dWinsEarlySeeds: readonly number[];
  readonly runs: readonly RunProvenance[];
  readonly seeds: readonly SeedRecord[];
}

export interface ResultsRecord {
  readonly name: string;
  readonly dataset: string;
  readonly generatedAt: string;
  readonly dWinsEarlyCriterion: string;
  readonly rows: readonly ResultsRow[];
  /** Labeled-set sizes planned (by a reproduction) that have no run folder yet. */
  readonly rowsNotStarted: readonly number[];
}

export interface RecordOptions {
  readonly name: string;
  /** The preset a run names, for its published numbers; undefined for one not loaded. */
  readonly presetOf: (name: string) => Preset | undefined;
  /** Labeled-set sizes a reproduction plans, so the record lists those not started. */
  readonly plannedLabels?: readonly number[];
}

/** The record of `runs`: runs with the same labeled-set size merge by seed when they are one row's seeds. */
export function buildRecord(runs: readonly RunSource[], o: RecordOptions): ResultsRecord {
  if (runs.length === 0) throw new ConfigError('no run to publish');
  const dataset = runs[0].config.dataset;
  const other = runs.find((r) => r.config.dataset !== dataset);
  if (other) throw new ConfigError(`${other.dir}: dataset '${other.config.dataset}', but ${runs[0].dir} is '${dataset}'; one record holds one dataset`);
  const byLabels = new Map<number, RunSource[]>();
  for (const run of runs) byLabels.set(run.config.labels, [...(byLabels.get(run.config.labels) ?? []), run]);
  const rows = [...byLabels.entries()].sort(([a], [b]) => a - b).map(([, group]) => buildRow(group, o.presetOf));
  return {
    name: o.name,
    dataset,
    generatedAt: new Date().toISOString(),
    dWinsEarlyCriterion: D_WINS_EARLY_CRITERION,
    rows,
    rowsNotStarted: (o.plannedLabels ?? []).filter((labels) => !byLabels.has(labels)),
  };
}

function buildRow(group: readonly RunSource[], presetOf: RecordOptions['presetOf']): ResultsRow {
  const first = group[0];
  for (const run of group.slice(1)) assertSameRow(first, run);
  const c = first.config;
  const preset = presetOf(c.preset);
  const published = preset?.published?.[c.labels];
  const paperEpochs = published && preset ? preset.config.epochs : null;
  const seeds = group.flatMap((run) => run.seeds.map((s) => seedRecord(run, s, paperEpochs))).sort((a, b) => a.seed - b.seed);
  for (let i = 1; i < seeds.length; i++) {
    if (seeds[i].seed === seeds[i - 1].seed) {
      throw new ConfigError(`runs '${seeds[i - 1].runId}' and '${seeds[i].runId}' both have seed ${seeds[i].seed} for ${first.config.labels} labels; publish one of them`);
    }
  }
  const seedsPlanned = group.reduce((n, run) => n + run.config.seeds, 0);
  const finished = seeds.filter((s) => s.finished);
  const reached = [...seeds.map((s) => s.epochs), ...Array<number>(seedsPlanned - seeds.length).fill(0)];
  const projected = finished.flatMap((s) => (s.projection ? [s.projection.testError] : []));
  const status = finished.length === seedsPlanned && group.every((run) => run.state === 'complete') ? 'complete' : 'partial';
  return {
    dataset: c.dataset,
    preset: c.preset,
    labels: c.labels,
    status,
    seedsPlanned,
    seedsFinished: finished.length,
    epochsPlanned: c.epochs,
    epochsReached: { min: Math.min(...reached), max: Math.max(...reached) },
    iterationsPerEpoch: c.iterationsPerEpoch,
    testErrorAveraged: spread(finished.map((s) => s.testErrorAveraged as number)),
    testErrorRaw: spread(finished.map((s) => s.testErrorRaw as number)),
    published: published && paperEpochs !== null ? { ...published, epochs: paperEpochs } : null,
    // A summary's ensemble is of the seeds as they ended; a run extended since still carries it.
    ensemble: group.length === 1 && status === 'complete' ? (first.ensemble ?? null) : null,
    projection: paperEpochs !== null && projected.length > 0 ? { epoch: paperEpochs, testErrorAveraged: spread(projected) } : null,
    dWinsEarlySeeds: seeds.filter((s) => s.dWinsEarly?.stuck).map((s) => s.seed),
    runs: group.map(provenance),
    seeds,
  };
}

/** Runs merge into one row only when they differ in nothing but their seeds. */
function assertSameRow(a: RunSource, b: RunSource): void {
  const settings = (r: RunSource) => JSON.stringify({ ...r.config, seed: 0, seeds: 0, dataSeed: 0 });
  if (settings(a) === settings(b)) return;
  const differing = Object.keys(a.config).filter(
    (k) => !['seed', 'seeds', 'dataSeed'].includes(k) && JSON.stringify(a.config[k as keyof typeof a.config]) !== JSON.stringify(b.config[k as keyof typeof b.config]),
  );
  throw new ConfigError(
    `runs '${a.runId}' and '${b.runId}' both give ${a.config.labels} labels but differ in ${differing.join(', ')}; ` +
      'only seeds of one setting merge into a row: publish them separately',
  );
}

const NOT_LOSSES = new Set(['epoch', 'iteration', 'learning_rate', 'seconds', 'ms_per_iteration', 'test_error_averaged', 'test_error_raw', 'train_error']);

function seedRecord(run: RunSource, s: SeedSource, paperEpochs: number | null): SeedRecord {
  const evaluated = s.metrics.filter((row) => row.test_error_averaged !== undefined);
  // A run extended beyond its plan keeps its earlier result.json until the seed finishes again.
  const result = s.result && coversPlan(s.result, run.config) ? s.result : undefined;
  const last = evaluated.at(-1);
  const lossNames = [...new Set(s.metrics.flatMap((row) => Object.keys(row)))].filter((k) => !NOT_LOSSES.has(k));
  const column = (name: string) => s.metrics.map((row) => row[name] ?? null);
  const epochs = s.metrics.map((row) => row.epoch);
  const averaged = column('test_error_averaged');
  return {
    seed: s.seed,
    dataSeed: s.dataSeed,
    runId: run.runId,
    finished: result !== undefined,
    epochs: result?.epochs ?? last?.epoch ?? 0,
    testErrorAveraged: result?.testErrorAveraged ?? last?.test_error_averaged ?? null,
    testErrorRaw: result?.testErrorRaw ?? last?.test_error_raw ?? null,
    dWinsEarly: dWinsEarly(s.metrics) ?? null,
    largestConfusions: result && s.testOutputs && run.classNames ? largestConfusions(run, s) : null,
    projection: result !== undefined && paperEpochs !== null ? projectTestError(epochs, averaged, paperEpochs) : null,
    curves: {
      epoch: epochs,
      testErrorAveraged: averaged,
      testErrorRaw: column('test_error_raw'),
      losses: Object.fromEntries(lossNames.map((name) => [name, column(name)])),
    },
  };
}

/** How many confusions a seed lists: enough to show whether its errors are spread or concentrated. */
const CONFUSIONS_LISTED = 3;

function largestConfusions(run: RunSource, s: SeedSource): readonly Confusion[] {
  const { probabilities, labels, probabilitiesFile } = s.testOutputs!;
  const classNames = run.classNames!;
  if (probabilities.length !== labels.length * classNames.length) {
    throw new ConfigError(`${probabilitiesFile}: ${probabilities.length} probabilities, but ${labels.length} test labels of ${classNames.length} classes need ${labels.length * classNames.length}`);
  }
  return ConfusionMatrix.fromProbabilities(classNames, probabilities, labels).largestConfusions(CONFUSIONS_LISTED);
}

function provenance(run: RunSource): RunProvenance {
  return {
    runId: run.runId,
    state: run.state ?? null,
    command: run.command ? commandLine(run.command) : null,
    codeVersion: run.codeVersion ?? null,
    cpu: run.cpu ?? null,
    backend: run.backend ? `${run.backend.name} (${run.backend.detail})` : null,
    resumes: run.resumes.map((r) => ({
      at: r.at, command: r.command ? commandLine(r.command) : null, codeVersion: r.codeVersion ?? null, cpu: r.cpu ?? null, epochs: r.epochs,
    })),
  };
}

function spread(values: readonly number[]): Spread {
  const m = meanStd(values);
  return m.n === 0 ? { mean: null, std: null, n: 0 } : { mean: m.mean, std: m.std, n: m.n };
}

function commandLine(args: readonly string[]): string {
  return ['ssgan', ...args].map(shellWord).join(' ');
}

/** A command-line word as a shell would need it typed. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
