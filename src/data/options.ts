/**
 * Typed readers for loader options, which arrive untyped from JSON descriptors, presets and flags.
 * Every wrong value becomes a ConfigError naming the owner (loader or descriptor) and the key.
 */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';

export type ImageShape = readonly [number, number, number];

/**
 * Reads a loader's options with clear errors. Create one at the top of `load(options)`, name the
 * options it takes with `allowOnly`, then read each with its type and a default:
 *
 * ```ts
 * const o = new OptionReader('stripes', options);
 * o.allowOnly(['perClass', 'seed']);
 * const perClass = o.number('perClass', 200, { min: 1, integer: true });
 * const dir = o.path('dataDir', process.cwd());   // a descriptor's `dir`, or --data-dir
 * ```
 *
 * A wrong value throws a `ConfigError` like `stripes: option 'perClass' must be an integer in
 * 1..inf, got "ten"`; ssgan prints it as one line. `dataDir` is always allowed: the framework
 * passes a descriptor's `dir` and `--data-dir` as that option.
 */
export class OptionReader {
  /** Options the framework passes to every loader, allowed whatever `allowOnly` lists. */
  static readonly FRAMEWORK_OPTIONS: readonly string[] = ['dataDir'];

  /** `owner` prefixes every message: the loader's name, or a descriptor's file. */
  constructor(readonly owner: string, readonly options: Readonly<Record<string, unknown>>) {}

  /** Rejects keys outside `known` (and `dataDir`), with a "did you mean", so a typo is not silently ignored. */
  allowOnly(known: readonly string[]): void {
    const allowed = [...known, ...OptionReader.FRAMEWORK_OPTIONS.filter((k) => !known.includes(k))];
    for (const key of Object.keys(this.options)) {
      if (this.options[key] === undefined || allowed.includes(key)) continue;
      const hint = closest(key, known);
      throw this.error(key, `is not an option${hint ? ` (did you mean '${hint}'?)` : ''}; options: ${known.join(', ')}`);
    }
  }

  /** Whether the option is given. */
  has(key: string): boolean {
    return this.options[key] !== undefined;
  }

  /** A non-empty string, or undefined when not given. */
  string(key: string): string | undefined {
    const value = this.options[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw this.error(key, `must be a non-empty string, got ${show(value)}`);
    return value;
  }

  /** A non-empty string that must be given. */
  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw this.error(key, 'is required');
    return value;
  }

  /** A path, resolved against `baseDir` when relative. */
  path(key: string, baseDir: string): string | undefined {
    const value = this.string(key);
    return value === undefined ? undefined : path.resolve(baseDir, value);
  }

  /** true or false, `fallback` when not given. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.options[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw this.error(key, `must be true or false, got ${show(value)}`);
    return value;
  }

  /** A finite number within `check` (inclusive bounds, optionally an integer), `fallback` when not given. */
  number(key: string, fallback: number, check: { min?: number; max?: number; integer?: boolean } = {}): number {
    const value = this.options[key];
    if (value === undefined) return fallback;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!check.integer || Number.isInteger(value)) &&
      (check.min === undefined || value >= check.min) &&
      (check.max === undefined || value <= check.max);
    if (!ok) {
      const range = `${check.min ?? '-inf'}..${check.max ?? 'inf'}`;
      throw this.error(key, `must be ${check.integer ? 'an integer' : 'a number'} in ${range}, got ${show(value)}`);
    }
    return value as number;
  }

  /** One of `choices`, `fallback` when not given. */
  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.options[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      throw this.error(key, `must be one of ${choices.join(', ')}, got ${show(value)}`);
    }
    return value as T;
  }

  /** A list of non-empty strings, or undefined when not given. */
  stringList(key: string): string[] | undefined {
    const value = this.options[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
      throw this.error(key, `must be a list of non-empty strings, got ${show(value)}`);
    }
    return value as string[];
  }

  /** An image shape written "28x28x1", "32x32" (one channel) or [28, 28, 1]. */
  shape(key: string): ImageShape | undefined {
    const value = this.options[key];
    if (value === undefined) return undefined;
    const parts =
      typeof value === 'string' ? value.trim().split(/\s*x\s*/i).map(Number) : Array.isArray(value) ? value.map(Number) : [];
    if (parts.length === 2) parts.push(1);
    const ok = parts.length === 3 && parts.every((d) => Number.isInteger(d) && d > 0) && [1, 3].includes(parts[2]);
    if (!ok) throw this.error(key, `must be HxWxC with C 1 or 3, like "28x28x1" or [32, 32, 3]; got ${show(value)}`);
    return [parts[0], parts[1], parts[2]];
  }

  /** The error for a fault of option `key`, for checks of your own: `throw o.error('size', 'must be even')`. */
  error(key: string, fault: string): ConfigError {
    return new ConfigError(`${this.owner}: option '${key}' ${fault}`);
  }
}

/** Short, readable form of a JSON value for messages. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The candidate at edit distance <= 2 from `word`, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length];
}
