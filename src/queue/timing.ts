/**
 * How fast a dead worker's job is noticed: BullMQ's lock duration and stalled-job check interval.
 * The defaults suit training jobs; tests shorten them through the environment.
 */
import { ConfigError } from '../core/errors';

export interface QueueTiming {
  /** A worker's lock on its job; renewed at half this while the job runs. */
  readonly lockDurationMs: number;
  /** How often workers look for jobs whose lock expired (their worker died). */
  readonly stalledIntervalMs: number;
  /** How often the coordinator reads its jobs' states and progress. */
  readonly pollMs: number;
}

export const DEFAULT_QUEUE_TIMING: QueueTiming = { lockDurationMs: 60_000, stalledIntervalMs: 30_000, pollMs: 1000 };

/** The defaults, overridden by SSGAN_QUEUE_LOCK_MS, SSGAN_QUEUE_STALLED_MS and SSGAN_QUEUE_POLL_MS. */
export function queueTimingFromEnv(env: NodeJS.ProcessEnv = process.env): QueueTiming {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 100) throw new ConfigError(`${name} must be an integer of at least 100 (ms), got '${raw}'`);
    return n;
  };
  return {
    lockDurationMs: read('SSGAN_QUEUE_LOCK_MS', DEFAULT_QUEUE_TIMING.lockDurationMs),
    stalledIntervalMs: read('SSGAN_QUEUE_STALLED_MS', DEFAULT_QUEUE_TIMING.stalledIntervalMs),
    pollMs: read('SSGAN_QUEUE_POLL_MS', DEFAULT_QUEUE_TIMING.pollMs),
  };
}
