/**
 * Requires a plugin's entry file. TypeScript is compiled on load with esbuild (a dependency ssgan
 * ships), so a TypeScript plugin runs wherever ssgan is installed; a loader already active (tsx
 * in the tests) is used as it is. A plugin's `ssgan/plugin` is the SDK of the ssgan that loads
 * it, so its errors and tensors are that ssgan's. A failure becomes one line: the file, the line
 * and the reason.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

/** The package name plugins import the SDK by. */
export const SDK_REQUEST = 'ssgan/plugin';

type Resolve = (request: string, ...rest: unknown[]) => string;

let sdkFile: string | undefined;

/**
 * Makes `require('ssgan/plugin')` resolve to `file` (this ssgan's SDK module) from any plugin,
 * also one outside any project that installs ssgan, and never to a second copy whose error
 * classes the command line would not recognise.
 */
export function provideSdk(file: string): void {
  const installed = sdkFile !== undefined;
  sdkFile = file;
  if (installed) return;
  const internals = Module as unknown as { _resolveFilename: Resolve };
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === SDK_REQUEST && sdkFile !== undefined ? sdkFile : resolve.call(this, request, ...rest);
  };
}

/** The module `entry` exports; throws an Error whose message is `file:line: reason` where the line is known. */
export function requireEntry(entry: string): unknown {
  if (entry.endsWith('.ts')) enableTypeScript();
  // Loaders' and resolvers' frames must not push the plugin's own line off the stack.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    return require(entry);
  } catch (err) {
    throw new Error(describeLoadError(err, path.dirname(entry), entry));
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
}

/**
 * `file:line: reason` for an error raised while loading the plugin in `directory`: a syntax error
 * (esbuild's, tsx's or Node's) at its place, anything thrown at the innermost line of the plugin's
 * own files on its stack, else at `fallbackFile`.
 */
export function describeLoadError(err: unknown, directory: string, fallbackFile: string): string {
  const reason = firstLine(err);
  const located = esbuildLocation(err) ?? tsxLocation(err) ?? nodeSyntaxLocation(err);
  if (located) return located;
  const frame = pluginFrame(err, directory);
  return frame ? `${frame}: ${reason}` : `${fallbackFile}: ${reason}`;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** esbuild's own transform error: structured messages with a location. */
function esbuildLocation(err: unknown): string | undefined {
  const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] } | null)?.errors?.[0];
  return first?.location ? `${first.location.file}:${first.location.line}: ${first.text}` : undefined;
}

/** tsx reports esbuild's error as text: "Transform failed ...\n<file>:<line>:<column>: ERROR: <reason>". */
function tsxLocation(err: unknown): string | undefined {
  const match = /^(.+?):(\d+):\d+: ERROR: (.+)$/m.exec(err instanceof Error ? err.message : '');
  return match ? `${match[1]}:${match[2]}: ${match[3]}` : undefined;
}

/** Node's SyntaxError in a JavaScript file puts "<file>:<line>" first in the stack. */
function nodeSyntaxLocation(err: unknown): string | undefined {
  if (!(err instanceof SyntaxError)) return undefined;
  const match = /^(\/.+|[A-Za-z]:\\.+):(\d+)$/m.exec(err.stack ?? '');
  return match ? `${match[1]}:${match[2]}: ${err.message}` : undefined;
}

/** The innermost stack frame in the plugin's folder (outside its node_modules), as `file:line`. */
function pluginFrame(err: unknown, directory: string): string | undefined {
  const inside = directory.endsWith(path.sep) ? directory : directory + path.sep;
  for (const match of ((err as Error | null)?.stack ?? '').matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?$/gm)) {
    const file = match[1];
    if (file.startsWith(inside) && !file.includes(`${path.sep}node_modules${path.sep}`)) return `${file}:${match[2]}`;
  }
  return undefined;
}

/** Compiles `.ts` files with esbuild on require, unless a TypeScript loader is already active. */
function enableTypeScript(): void {
  if (require.extensions['.ts']) return;
  const esbuild = require('esbuild') as typeof import('esbuild');
  // Stack traces of the compiled plugin then point at its TypeScript lines.
  process.setSourceMapsEnabled(true);
  require.extensions['.ts'] = (module, filename) => {
    const { code } = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
    });
    (module as NodeJS.Module & { _compile(code: string, filename: string): void })._compile(code, filename);
  };
}
