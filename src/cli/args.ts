/** Typed reading of command-line flags, with one-line errors that name the flag. */
import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors';
import { closest } from '../data/options';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

type FlagValues = Record<string, string | boolean | string[] | undefined>;

export function parseFlags(argv: string[], spec: FlagSpec): FlagValues {
  return parseFlagsAndPositionals(argv, spec, false).flags;
}

/** Flags, and the positional arguments given among them (run ids, folders). */
export function parseFlagsAndPositionals(argv: string[], spec: FlagSpec, allowPositionals = true): { flags: FlagValues; positionals: string[] } {
  const args = joinNegativeValues(argv, spec);
  try {
    const { values, positionals } = parseArgs({ args, options: spec, strict: true, allowPositionals });
    return { flags: values as FlagValues, positionals };
  } catch (err) {
    throw new ConfigError(flagFault(err as Error & { code?: string }, args, spec));
  }
}

/**
 * `--epochs -1` as `--epochs=-1`: parseArgs takes a value starting with a dash for a flag, so a
 * negative number would otherwise fail as "ambiguous" rather than get the flag's own range check.
 */
function joinNegativeValues(argv: readonly string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (token.startsWith('--') && spec[token.slice(2)]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** parseArgs' several-line messages as one line, with the closest known flag for an unknown one. */
function flagFault(err: Error & { code?: string }, args: readonly string[], spec: FlagSpec): string {
  const flag = /Option '(-[^' ]+)/.exec(err.message)?.[1] ?? /Unknown option '([^']+)'/.exec(err.message)?.[1];
  if (!flag) return err.message.split('\n')[0];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const hint = closest(flag.replace(/^-+/, ''), Object.keys(spec));
    return `unknown flag ${flag}${hint ? `; did you mean --${hint}?` : ''} (ssgan --help lists every flag)`;
  }
  if (/does not take an argument/.test(err.message)) return `${flag} takes no value`;
  const next = args[args.indexOf(flag) + 1];
  return next === undefined || !/ambiguous/.test(err.message) ? `${flag} needs a value` : `${flag} needs a value, got the flag ${next}`;
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
