/**
 * One tiny, scored MNIST run shared by the browser tests: built once per `ava` invocation (test
 * files run in sibling processes; the first takes a lock and builds, the others wait), then copied
 * by each test so none sees another's writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ssgan } from './cli';

export const RUN_ID = 'tiny';
export const EPOCHS = 2;
const WAIT_MS = 10 * 60_000;

/** A private copy of the fixture's reports folder; the run is `RUN_ID` inside it. */
export async function scoredRunCopy(): Promise<string> {
  const shared = await sharedFixture();
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-run-copy-'));
  fs.cpSync(path.join(shared, 'reports'), copy, { recursive: true });
  return copy;
}

async function sharedFixture(): Promise<string> {
  // The ava main process is every test process's parent: one fixture per invocation.
  const dir = path.join(os.tmpdir(), `ssgan-scored-run-${process.ppid}`);
  const ready = path.join(dir, 'ready');
  const failed = path.join(dir, 'failed');
  try {
    fs.mkdirSync(dir);
  } catch {
    const start = Date.now();
    while (!fs.existsSync(ready)) {
      if (fs.existsSync(failed)) throw new Error(`building the shared run failed:\n${fs.readFileSync(failed, 'utf8')}`);
      if (Date.now() - start > WAIT_MS) throw new Error(`timed out waiting for ${ready}`);
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

function build(dir: string): void {
  const reports = path.join(dir, 'reports');
  const cache = path.join(dir, 'cache');
  const steps = [
    ['run', '--epochs', String(EPOCHS), '--iterations-per-epoch', '20', '--seeds', '1', '--run-id', RUN_ID, '--reports', reports, '--backend', 'wasm'],
    // A scorer from 3000 images and one epoch: enough to exercise the path, quick on CPU.
    ['scorer', 'train', '--dataset', 'mnist', '--epochs', '1', '--train-examples', '3000', '--cache', cache, '--backend', 'wasm'],
    ['score', '--run', RUN_ID, '--reports', reports, '--n', '500', '--cache', cache, '--backend', 'wasm'],
  ];
  for (const args of steps) {
    const r = ssgan(args);
    if (r.status !== 0) throw new Error(`ssgan ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
}
