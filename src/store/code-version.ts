/**
 * The version of the code that trains: the package version plus a hash of the code files that
 * run. A checkpoint records it, so a resume can say when it continues another version's training,
 * whose numbers may not continue the same way.
 *
 * A hash rather than the git commit: it also changes with uncommitted edits and a stale build, and
 * it exists in a copy installed without git. It covers the TypeScript or compiled JavaScript that
 * runs (src/ and plugins/) and the native addon's C sources.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder holding src/ and plugins/ as they run: dist/ when compiled, the package under tsx. */
const CODE_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_ROOT = fs.existsSync(path.join(CODE_ROOT, 'package.json')) ? CODE_ROOT : path.dirname(CODE_ROOT);

/** Hex digits of the hash in the version string: enough to tell versions apart, short enough to read. */
const HASH_DIGITS = 12;

let cached: string | undefined;

/** This code's version, as `<package version>+<code hash>` (for example `0.1.0+3f2a9c1b0e12`). */
export function codeVersion(): string {
  if (cached === undefined) {
    const { version } = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    const hash = codeHash([path.join(CODE_ROOT, 'src'), path.join(CODE_ROOT, 'plugins'), path.join(PACKAGE_ROOT, 'native', 'src')]);
    cached = `${version}+${hash.slice(0, HASH_DIGITS)}`;
  }
  return cached;
}

/** SHA-256 over the code files under `dirs` (paths and contents, in path order); a missing folder adds nothing. */
export function codeHash(dirs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const dir of dirs) {
    for (const file of codeFiles(dir)) {
      hash.update(`${path.basename(dir)}/${path.relative(dir, file)}\0`);
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex');
}

const CODE_FILE = /\.(js|cjs|ts|c|h)$/;

function codeFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => CODE_FILE.test(name) && !name.endsWith('.d.ts') && !name.split(path.sep).includes('node_modules'))
    .sort()
    .map((name) => path.join(dir, name));
}
