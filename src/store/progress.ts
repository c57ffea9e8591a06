/**
 * Progress output: on a terminal, one line rewritten in place; otherwise (CI logs) a plain line
 * at most every `plainIntervalMs`. Epoch results always get a line of their own.
 */
import type { ProgressReport } from '../gan/trainer';

const SHORT_NAMES: Record<string, string> = {
  supervised: 'sup',
  'k-plus-one': 'unl',
  'feature-matching': 'fm',
  train_error: 'err',
};

export class ProgressPrinter {
  private lastPlainMs = 0;
  private lineOpen = false;
  private startMs = Date.now();
  private startIteration = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainIntervalMs = 10_000,
  ) {}

  /** Restarts the rate measurement (at the start of a seed, or after resuming). */
  restart(iteration: number): void {
    this.startMs = Date.now();
    this.startIteration = iteration;
  }

  update(prefix: string, r: ProgressReport): void {
    const elapsedS = (Date.now() - this.startMs) / 1000;
    const rate = (r.iteration - this.startIteration) / Math.max(elapsedS, 1e-9);
    const losses = Object.entries(r.losses)
      .map(([name, value]) => `${SHORT_NAMES[name] ?? name} ${value.toPrecision(3)}`)
      .join(' ');
    const eta = rate > 0 ? formatDuration((r.totalIterations - r.iteration) / rate) : '?';
    this.status(`${prefix} | epoch ${r.epoch} | it ${r.iteration}/${r.totalIterations} | ${losses} | ${rate.toFixed(2)} it/s | ETA ${eta}`);
  }

  /** A line that the next one replaces (on a terminal), or that is printed at most every interval. */
  status(line: string): void {
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 200) - 1)}`);
      this.lineOpen = true;
    } else if (Date.now() - this.lastPlainMs >= this.plainIntervalMs) {
      this.lastPlainMs = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  /** A line that stays. */
  log(line: string): void {
    if (this.lineOpen) this.stream.write('\r\x1b[2K');
    this.lineOpen = false;
    this.stream.write(`${line}\n`);
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
}
