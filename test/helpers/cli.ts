/** Runs the built `ssgan` binary (bin/ssgan.js over dist/) as a user would. */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'ssgan.js');

export function ssgan(args: string[], cwd = process.cwd()): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 600_000 });
}

/** Starts `ssgan` in the background; the caller stops it. */
export function ssganAsync(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `ssgan` in the background and SIGKILLs it as soon as `file` exists (or lets it end first). */
export async function ssganKilledWhen(file: string, args: string[]): Promise<void> {
  const child = ssganAsync(args);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (fs.existsSync(file) || child.exitCode !== null) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 10);
  });
  await exited;
}
