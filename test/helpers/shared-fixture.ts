/**
 * A fixture folder built once per `ava` invocation: test files run in sibling processes, so the
 * first to ask takes a lock (an exclusive mkdir) and builds, and the others wait for its marker.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ssgan } from './cli';

/** The folder `name` (unique to this invocation), built by `build(dir)` in the first caller. */
export async function sharedFixture(name: string, build: (dir: string) => void, waitMs: number): Promise<string> {
  // The ava main process is every test process's parent: one fixture per invocation.
  const dir = path.join(os.tmpdir(), `${name}-${process.ppid}`);
  const ready = path.join(dir, 'ready');
  const failed = path.join(dir, 'failed');
  try {
    fs.mkdirSync(dir);
  } catch {
    const start = Date.now();
    while (!fs.existsSync(ready)) {
      if (fs.existsSync(failed)) throw new Error(`building ${name} failed:\n${fs.readFileSync(failed, 'utf8')}`);
      if (Date.now() - start > waitMs) throw new Error(`timed out waiting for ${ready}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    return dir;
  }
  try {
    build(dir);
    fs.writeFileSync(ready, '');
  } catch (err) {
    fs.writeFileSync(failed, String((err as Error).message));
    throw err;
  }
  return dir;
}

/** Runs each `ssgan` command in turn; the first to fail throws with its stderr. */
export function runSteps(steps: readonly string[][]): void {
  for (const args of steps) {
    const r = ssgan(args);
    if (r.status !== 0) throw new Error(`ssgan ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
}
