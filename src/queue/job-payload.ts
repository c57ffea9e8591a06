/**
 * What travels through the queue: a seed job's payload (plain config JSON, validated before
 * anything trains; never code) and its result (the seed's result, data facts and report files).
 */
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { SsganError } from '../core/errors';
import type { SeedResult } from '../seed/seed-run';

/** A job's data or result is not what ssgan writes. */
export class JobPayloadError extends SsganError {
  constructor(readonly jobId: string, fault: string) {
    super(`job ${jobId}: malformed payload: ${fault}`);
  }
}

export const PAYLOAD_VERSION = 1;

export interface SeedJobPayload {
  readonly version: typeof PAYLOAD_VERSION;
  /** The run folder's path under the reports folder (`<run-id>` or `<ablation-id>/<variant>`). */
  readonly runKey: string;
  /** 0-based position of the seed in the run. */
  readonly index: number;
  readonly config: ExperimentConfig;
  /** Shared folder for checkpoints (`--artifacts`), the same path on every worker. */
  readonly artifactsDir?: string;
}

export interface SeedJobResult {
  readonly outcome: SeedResult;
  /** Facts about the data the worker loaded, for config.json. */
  readonly data: Record<string, unknown>;
  /** The seed folder's report files (metrics, grids, probabilities), base64, by relative path. */
  readonly files: Readonly<Record<string, string>>;
}

/** Seed job ids are unique per run folder and seed, so enqueueing twice (a resume) adds nothing. */
export function seedJobId(runKey: string, seed: number): string {
  return `${runKey.replace(/\//g, '__')}__seed-${seed}`;
}

const RUN_KEY = /^[\w.-]+(\/[\w.-]+)*$/;

export function parseSeedJobPayload(jobId: string, data: unknown): SeedJobPayload {
  const fail = (fault: string): never => {
    throw new JobPayloadError(jobId, fault);
  };
  const o = objectOf(data) ?? fail('not a JSON object');
  if (o.version !== PAYLOAD_VERSION) fail(`version ${JSON.stringify(o.version)} is not ${PAYLOAD_VERSION}`);
  if (typeof o.runKey !== 'string' || !RUN_KEY.test(o.runKey) || o.runKey.split('/').some((p) => p === '..' || p === '.')) {
    fail('runKey must be a relative folder path of letters, digits, ".", "_" and "-"');
  }
  const config = parseConfig(o.config, fail);
  if (!Number.isInteger(o.index) || (o.index as number) < 0 || (o.index as number) >= config.seeds) fail(`index must be an integer in [0, ${config.seeds})`);
  if (o.artifactsDir !== undefined && (typeof o.artifactsDir !== 'string' || !path.isAbsolute(o.artifactsDir))) fail('artifactsDir must be an absolute path');
  const extra = Object.keys(o).filter((k) => !['version', 'runKey', 'index', 'config', 'artifactsDir'].includes(k));
  if (extra.length > 0) fail(`unknown field(s) ${extra.join(', ')}`);
  return o as unknown as SeedJobPayload;
}

/** Checks a worker's answer before any of it lands in the run folder. */
export function parseSeedJobResult(jobId: string, value: unknown): SeedJobResult {
  const fail = (fault: string): never => {
    throw new JobPayloadError(jobId, `result: ${fault}`);
  };
  const o = objectOf(value) ?? fail('not a JSON object');
  const outcome = objectOf(o.outcome) ?? fail('no outcome');
  for (const key of ['seed', 'dataSeed', 'epochs', 'iterations', 'testErrorAveraged', 'testErrorRaw', 'trainSeconds', 'msPerIteration']) {
    if (typeof outcome[key] !== 'number') fail(`outcome.${key} is not a number`);
  }
  objectOf(o.data) ?? fail('no data facts');
  const files = objectOf(o.files) ?? fail('no files');
  for (const [name, content] of Object.entries(files)) {
    const parts = name.split('/');
    if (path.isAbsolute(name) || parts.some((p) => p === '' || p === '.' || p === '..') || typeof content !== 'string') fail(`file '${name}' is not a relative path with base64 content`);
  }
  return o as unknown as SeedJobResult;
}

type Fail = (fault: string) => never;

/** Every field of ExperimentConfig with its JSON type; names are looked up in the registry later. */
function parseConfig(value: unknown, fail: Fail): ExperimentConfig {
  const c = objectOf(value) ?? fail('config is not an object');
  for (const key of ['preset', 'dataset', 'model']) if (typeof c[key] !== 'string') fail(`config.${key} is not a string`);
  for (const key of ['datasetOptions', 'modelOptions']) if (!objectOf(c[key])) fail(`config.${key} is not an object`);
  for (const key of ['labels', 'seed', 'seeds', 'dataSeed', 'epochs', 'iterationsPerEpoch', 'batchSize', 'evaluateEveryEpochs', 'initExamples']) {
    if (!Number.isInteger(c[key]) || (c[key] as number) < 0) fail(`config.${key} is not a non-negative integer`);
  }
  for (const key of ['seeds', 'epochs', 'batchSize', 'evaluateEveryEpochs']) if ((c[key] as number) < 1) fail(`config.${key} must be at least 1`);
  for (const key of ['learningRate', 'adamBeta1', 'emaRate']) if (typeof c[key] !== 'number' || !Number.isFinite(c[key])) fail(`config.${key} is not a number`);
  if (c.lrDecayStartEpoch !== null && !Number.isInteger(c.lrDecayStartEpoch)) fail('config.lrDecayStartEpoch is not an integer or null');
  for (const key of ['discriminatorObjectives', 'generatorObjectives']) {
    if (!Array.isArray(c[key])) fail(`config.${key} is not a list`);
    for (const term of c[key] as unknown[]) {
      const t = objectOf(term);
      if (!t || typeof t.name !== 'string' || typeof t.weight !== 'number' || !objectOf(t.options)) fail(`config.${key} holds a term that is not {name, weight, options}`);
    }
  }
  if (!Array.isArray(c.hooks)) fail('config.hooks is not a list');
  for (const hook of c.hooks as unknown[]) {
    const h = objectOf(hook);
    if (!h || typeof h.name !== 'string' || !objectOf(h.options)) fail('config.hooks holds a hook that is not {name, options}');
  }
  return c as unknown as ExperimentConfig;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
