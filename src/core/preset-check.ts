/**
 * A plugin's preset must hold a complete ExperimentConfig: one with a field missing would load,
 * then fail at run time on a flag the user never passed. The loader checks each preset with
 * `presetFault` and refuses the plugin, naming the preset and the field.
 */
import type { ExperimentConfig, Preset } from './contracts';

type FieldKind = 'name' | 'integer' | 'number' | 'object' | 'list' | 'number or null';

/** Every field of ExperimentConfig and what it holds (a new field fails to compile until listed). */
const FIELDS: Record<keyof ExperimentConfig, FieldKind> = {
  preset: 'name',
  dataset: 'name',
  datasetOptions: 'object',
  model: 'name',
  modelOptions: 'object',
  labels: 'integer',
  seed: 'integer',
  seeds: 'integer',
  dataSeed: 'integer',
  epochs: 'integer',
  iterationsPerEpoch: 'integer',
  batchSize: 'integer',
  learningRate: 'number',
  lrDecayStartEpoch: 'number or null',
  adamBeta1: 'number',
  emaRate: 'number',
  evaluateEveryEpochs: 'integer',
  initExamples: 'integer',
  discriminatorObjectives: 'list',
  generatorObjectives: 'list',
  hooks: 'list',
};

const HOLDS: Record<FieldKind, (value: unknown) => boolean> = {
  name: (v) => typeof v === 'string' && v !== '',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  list: (v) => Array.isArray(v),
  'number or null': (v) => v === null || (typeof v === 'number' && Number.isFinite(v)),
};

/** What is wrong with a preset's config, or undefined when it is complete. */
export function presetFault(preset: Preset): string | undefined {
  const config = preset.config as unknown;
  const where = `preset '${preset.name}'`;
  if (typeof config !== 'object' || config === null) return `${where} has no config; build one with recipe({ ... }) from ssgan/plugin`;
  const c = config as Record<string, unknown>;
  const fields = Object.entries(FIELDS) as [keyof ExperimentConfig, FieldKind][];
  const missing = fields.filter(([field]) => c[field] === undefined).map(([field]) => `'${field}'`);
  if (missing.length > 0) {
    return `${where}: config has no ${missing.join(', ')}; start it from recipe({ ... }) (ssgan/plugin), which fills the paper's values, and state only what differs`;
  }
  for (const [field, kind] of fields) {
    if (!HOLDS[kind](c[field])) return `${where}: config field '${field}' must be ${article(kind)}, got ${JSON.stringify(c[field])}`;
  }
  return undefined;
}

function article(kind: FieldKind): string {
  return kind === 'integer' || kind === 'object' ? `an ${kind}` : `a ${kind}`;
}
