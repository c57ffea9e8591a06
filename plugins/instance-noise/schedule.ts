/** The annealing schedules of instance noise: sigma from its start value to 0 at the horizon, then 0. */
import { ConfigError } from '../../src/core/errors';

export const SCHEDULES = ['linear', 'cosine'] as const;
export type Schedule = (typeof SCHEDULES)[number];

export interface InstanceNoiseOptions {
  /** Sigma at iteration 0, in model-input units. */
  readonly std: number;
  readonly schedule: Schedule;
  /** Iterations after which sigma is 0; when absent, `annealFraction` of the run's iterations. */
  readonly annealIterations?: number;
  readonly annealFraction: number;
}

export const INSTANCE_NOISE_DEFAULTS: InstanceNoiseOptions = { std: 0.2, schedule: 'linear', annealFraction: 0.5 };

/** Sigma at (1-based) `iteration` of a run of `totalIterations`. */
export function instanceNoiseStd(o: InstanceNoiseOptions, iteration: number, totalIterations: number): number {
  const horizon = o.annealIterations ?? Math.max(1, Math.round(o.annealFraction * totalIterations));
  const progress = Math.min(1, Math.max(0, (iteration - 1) / horizon));
  const remaining = o.schedule === 'linear' ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
  return o.std * remaining;
}

export function readInstanceNoiseOptions(options: Readonly<Record<string, unknown>>): InstanceNoiseOptions {
  const o = { ...INSTANCE_NOISE_DEFAULTS, ...options } as InstanceNoiseOptions;
  if (typeof o.std !== 'number' || !(o.std >= 0)) throw new ConfigError(`instance-noise: std must be a non-negative number, got ${String(o.std)}`);
  if (!SCHEDULES.includes(o.schedule)) throw new ConfigError(`instance-noise: schedule must be one of ${SCHEDULES.join(', ')}, got '${String(o.schedule)}'`);
  if (o.annealIterations !== undefined && !(Number.isInteger(o.annealIterations) && o.annealIterations > 0)) {
    throw new ConfigError(`instance-noise: annealIterations must be a positive integer, got ${String(o.annealIterations)}`);
  }
  if (typeof o.annealFraction !== 'number' || !(o.annealFraction > 0 && o.annealFraction <= 1)) {
    throw new ConfigError(`instance-noise: annealFraction must be in (0, 1], got ${String(o.annealFraction)}`);
  }
  return o;
}
