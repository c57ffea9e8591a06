/**
 * One tiny, scored MNIST run shared by the browser tests: built once per `ava` invocation
 * (shared-fixture.ts), then copied by each test so none sees another's writes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSteps, sharedFixture } from './shared-fixture';

export const RUN_ID = 'tiny';
export const EPOCHS = 2;
const WAIT_MS = 10 * 60_000;

/** A private copy of the fixture's reports folder; the run is `RUN_ID` inside it. */
export async function scoredRunCopy(): Promise<string> {
  const shared = await sharedFixture('ssgan-scored-run', build, WAIT_MS);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-run-copy-'));
  fs.cpSync(path.join(shared, 'reports'), copy, { recursive: true });
  return copy;
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
  runSteps(steps);
}
