/**
 * Reads the imports of ssgan's source files and judges each against the floors of
 * src/core/floors.ts: no import up a floor or sideways to another room of the same floor, no
 * framework import of a plugin, no plugin import of another plugin or above `PLUGIN_CEILING`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXCEPTIONS, FLOORS, PLUGIN_CEILING, PLUGINS_FOLDER } from '../../src/core/floors';

export const REPO = path.resolve(__dirname, '..', '..');
const CHECKED_FOLDERS = ['src', 'plugins', 'bin'];
const SOURCE_FILE = /\.(ts|js|cjs|mjs)$/;
/** Static imports and re-exports, side-effect imports, dynamic imports and require calls. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

export interface Import {
  /** Repository paths without extension, with forward slashes. */
  readonly from: string;
  readonly to: string;
}

/** Every source file under `folders` (src/, plugins/ and bin/), as repository paths. */
export function sourceFiles(repo = REPO, folders = CHECKED_FOLDERS): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(repo, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(relative);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(relative);
    }
  };
  folders.filter((dir) => fs.existsSync(path.join(repo, dir))).forEach(walk);
  return files.sort();
}

/** Every module a file's text imports, as written. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => m[1]);
}

/** The relative imports of one file's text, resolved to repository paths. */
export function importsOf(file: string, text: string): Import[] {
  const from = withoutExtension(file);
  return specifiersOf(text)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ from, to: withoutExtension(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))) }));
}

export function repositoryImports(repo = REPO): Import[] {
  return sourceFiles(repo).flatMap((file) => importsOf(file, fs.readFileSync(path.join(repo, file), 'utf8')));
}

interface Room {
  readonly room: string;
  /** Index into FLOORS; plugins sit at the ceiling's index. */
  readonly floor: number;
  readonly plugin: boolean;
}

/** The room of a repository path: its plugin folder, or the longest room of FLOORS it lies in. */
export function roomOf(file: string): Room | undefined {
  if (file.startsWith(PLUGINS_FOLDER)) {
    const name = file.slice(PLUGINS_FOLDER.length).split('/')[0];
    return { room: `${PLUGINS_FOLDER}${name}/`, floor: floorIndex(PLUGIN_CEILING), plugin: true };
  }
  let best: Room | undefined;
  FLOORS.forEach((floor, index) => {
    for (const room of floor.rooms) {
      const inside = room.endsWith('/') ? file.startsWith(room) : file === withoutExtension(room);
      if (inside && (!best || room.length > best.room.length)) best = { room, floor: index, plugin: false };
    }
  });
  return best;
}

/** Why `imp` breaks the rules, or undefined when it keeps them. */
export function fault(imp: Import): string | undefined {
  const from = roomOf(imp.from);
  if (!from) return `${imp.from} is on no floor of src/core/floors.ts`;
  const to = roomOf(imp.to);
  if (!to) return imp.to.startsWith('src/') ? `${imp.to} is on no floor of src/core/floors.ts` : undefined;
  if (to.room === from.room) return undefined;
  if (to.plugin) return from.plugin ? 'a plugin imports another plugin' : 'the framework imports a plugin';
  if (to.floor > from.floor && from.plugin) return `a plugin imports from ${FLOORS[to.floor].name}, above ${PLUGIN_CEILING}`;
  if (to.floor > from.floor) return `${FLOORS[from.floor].name} imports from the higher floor ${FLOORS[to.floor].name}`;
  if (to.floor === from.floor && !from.plugin && folderOf(to.room) !== folderOf(from.room)) return `${from.room} and ${to.room} share the floor ${FLOORS[to.floor].name} and import neither`;
  return undefined;
}

export interface LayeringCheck {
  readonly files: number;
  readonly imports: number;
  readonly violations: readonly string[];
  /** Exceptions of floors.ts that an import still needs. */
  readonly excused: readonly string[];
  /** Exceptions of floors.ts that no import needs any more: remove them. */
  readonly stale: readonly string[];
}

export function checkLayering(imports: readonly Import[], files: number): LayeringCheck {
  const isException = (imp: Import) => EXCEPTIONS.some((e) => e.from === imp.from && e.to === imp.to);
  const broken = imports.filter((imp) => fault(imp) !== undefined);
  const line = (imp: Import) => `${imp.from} -> ${imp.to}: ${fault(imp)}`;
  return {
    files,
    imports: imports.length,
    violations: broken.filter((imp) => !isException(imp)).map(line),
    excused: broken.filter(isException).map(line),
    stale: EXCEPTIONS.filter((e) => !broken.some((imp) => imp.from === e.from && imp.to === e.to)).map((e) => `${e.from} -> ${e.to}`),
  };
}

function floorIndex(name: string): number {
  const index = FLOORS.findIndex((f) => f.name === name);
  if (index < 0) throw new Error(`src/core/floors.ts: no floor named '${name}'`);
  return index;
}

/** A folder room itself; the folder of a file room (files of one folder on one floor are one room). */
function folderOf(room: string): string {
  return room.endsWith('/') ? room : `${path.posix.dirname(room)}/`;
}

function withoutExtension(file: string): string {
  return file.replace(/\.(ts|js|cjs|mjs)$/, '');
}
