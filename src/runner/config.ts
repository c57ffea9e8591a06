/** Resolves a run's config: a preset, overridden by command-line values, then validated. */
import type { ExperimentConfig, Preset } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';

/** Values the command line may set; unset ones keep the preset's. */
export interface ConfigOverrides {
  readonly preset?: string;
  readonly dataset?: string;
  readonly dataDir?: string;
  readonly labels?: number;
  readonly seeds?: number;
  readonly seed?: number;
  readonly dataSeed?: number;
  readonly epochs?: number;
  readonly iterationsPerEpoch?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly evaluateEveryEpochs?: number;
  /** Skip unreadable images (image-folder datasets) instead of stopping. */
  readonly skipBadImages?: boolean;
}

const SKIP_BAD_IMAGES = 'skipBadImages';

/** `given` is a preset built outside the registry (from a dataset descriptor). */
export function resolveConfig(registry: Registry, o: ConfigOverrides, given?: Preset): { config: ExperimentConfig; preset: Preset } {
  const preset = given ?? registry.preset(o.preset ?? presetForDataset(registry, o.dataset));
  const base = preset.config;
  if (o.dataset !== undefined && o.dataset !== base.dataset) {
    throw new ConfigError(`preset '${preset.name}' is for dataset '${base.dataset}', not '${o.dataset}'`);
  }
  if (o.skipBadImages && !registry.dataset(base.dataset).options?.includes(SKIP_BAD_IMAGES)) {
    throw new ConfigError(`--skip-bad-images applies to datasets whose loader skips unreadable images (option ${SKIP_BAD_IMAGES}), not '${base.dataset}'`);
  }
  const seed = o.seed ?? base.seed;
  const config: ExperimentConfig = {
    ...base,
    preset: preset.name,
    datasetOptions: {
      ...base.datasetOptions,
      ...(o.dataDir !== undefined && { dataDir: o.dataDir }),
      ...(o.skipBadImages && { [SKIP_BAD_IMAGES]: true }),
    },
    labels: o.labels ?? base.labels,
    seeds: o.seeds ?? base.seeds,
    seed,
    // One seed flag moves both streams, unless the data seed is given too.
    dataSeed: o.dataSeed ?? (o.seed !== undefined ? seed : base.dataSeed),
    epochs: o.epochs ?? base.epochs,
    iterationsPerEpoch: o.iterationsPerEpoch ?? base.iterationsPerEpoch,
    batchSize: o.batchSize ?? base.batchSize,
    learningRate: o.learningRate ?? base.learningRate,
    evaluateEveryEpochs: o.evaluateEveryEpochs ?? base.evaluateEveryEpochs,
  };
  // A shortened run keeps the preset's decay over the same final fraction of training.
  const lrDecayStartEpoch =
    base.lrDecayStartEpoch === null || config.epochs === base.epochs
      ? base.lrDecayStartEpoch
      : Math.round((base.lrDecayStartEpoch / base.epochs) * config.epochs);
  validate({ ...config, lrDecayStartEpoch });
  return { config: { ...config, lrDecayStartEpoch }, preset };
}

function presetForDataset(registry: Registry, dataset: string | undefined): string {
  if (dataset === undefined) return registry.defaultPreset().name;
  const presets = registry.allPresets();
  const match = presets.find((p) => p.name === `${dataset}-fm`) ?? presets.find((p) => p.config.dataset === dataset);
  if (!match) throw new ConfigError(`no preset for dataset '${dataset}'; give one with --preset`);
  return match.name;
}

function validate(c: ExperimentConfig): void {
  const positiveInts: [string, number][] = [
    ['--labels', c.labels],
    ['--seeds', c.seeds],
    ['--epochs', c.epochs],
    ['--batch-size', c.batchSize],
    ['--evaluate-every', c.evaluateEveryEpochs],
  ];
  for (const [flag, value] of positiveInts) {
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${flag} must be a positive integer, got ${value}`);
  }
  for (const [flag, value] of [['--seed', c.seed], ['--data-seed', c.dataSeed], ['--iterations-per-epoch', c.iterationsPerEpoch]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${flag} must be a non-negative integer, got ${value}`);
  }
  if (!(c.learningRate > 0)) throw new ConfigError(`--lr must be positive, got ${c.learningRate}`);
}
