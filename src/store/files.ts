/** File writes that never leave a half-written file looking complete. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes to a temporary file beside `file`, then renames it into place. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * Replaces the folder `target` with one `fill` writes: the new folder is filled under a temporary
 * name, and only swapped in once complete.
 */
export async function replaceFolderAtomic(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const staging = `${target}.partial`;
  const retired = `${target}.old`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  await fill(staging);
  fs.rmSync(retired, { recursive: true, force: true });
  if (fs.existsSync(target)) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
}
