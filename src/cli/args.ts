/** Typed reading of command-line flags, with errors that name the flag. */
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export function parseFlags(argv: string[], spec: FlagSpec): Record<string, string | boolean | string[] | undefined> {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | string[] | undefined
    >;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** Flags, and the positional arguments given among them (run ids, folders). */
export function parseFlagsAndPositionals(argv: string[], spec: FlagSpec): { flags: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: true });
    return { flags: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

export function intFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new ConfigError(`--${name} must be an integer, got '${String(raw)}'`);
  return n;
}

export function numberFlag(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ConfigError(`--${name} must be a number, got '${String(raw)}'`);
  return n;
}

export function stringFlag(values: Record<string, unknown>, name: string): string | undefined {
  const raw = values[name];
  return raw === undefined ? undefined : String(raw);
}
