/**
 * Tiny trained runs for the classifier tests (predict, export, page, API), built once per `ava`
 * invocation by the first test file that asks (the others wait: shared-fixture.ts), through the
 * CLI only, so a test that must not import ssgan code can use them:
 * - 'mlp': the MNIST MLP, 2 seeds, 5 iterations;
 * - 'conv': the CIFAR-10 conv model on 16x16 colour CSV images (the smallest size its generator
 *   takes), 1 iteration at batch 10;
 * - 'mbd': MNIST with minibatch discrimination, 1 iteration.
 * Tests read these runs; a test that changes one copies it first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSteps, sharedFixture } from './shared-fixture';

export const CONV_SHAPE = [16, 16, 3] as const;
const WAIT_MS = 15 * 60_000;

/** The reports folder holding the runs 'mlp', 'conv' and 'mbd'. */
export async function classifierRuns(): Promise<string> {
  return path.join(await sharedFixture('ssgan-classifier-runs', build, WAIT_MS), 'reports');
}

/** `count` 16x16 colour images of two classes (reddish, bluish; seeded), as CSV rows: label, then HWC pixels. */
export function colourCsvRows(count: number, withLabel = true): string {
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648), state / 2147483648);
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const cells: number[] = [];
    for (let p = 0; p < CONV_SHAPE[0] * CONV_SHAPE[1]; p++) {
      const base = label === 0 ? [200, 60, 40] : [40, 70, 200];
      for (const b of base) cells.push(Math.max(0, Math.min(255, Math.round(b + 80 * (next() - 0.5)))));
    }
    rows.push([...(withLabel ? [label] : []), ...cells].join(','));
  }
  return `${rows.join('\n')}\n`;
}

function build(dir: string): void {
  const reports = path.join(dir, 'reports');
  fs.writeFileSync(path.join(dir, 'colour.csv'), colourCsvRows(60));
  fs.writeFileSync(path.join(dir, 'colour.json'), JSON.stringify({ format: 'csv', train: 'colour.csv', options: { progress: false } }));
  const common = ['--epochs', '1', '--reports', reports, '--backend', 'wasm', '--jobs', '1'];
  const steps = [
    ['run', '--preset', 'mnist-fm', '--seeds', '2', '--iterations-per-epoch', '5', '--run-id', 'mlp', ...common],
    ['run', '--dataset', path.join(dir, 'colour.json'), '--labels', '10', '--seeds', '1', '--iterations-per-epoch', '1', '--batch-size', '10', '--run-id', 'conv', ...common],
    ['run', '--preset', 'mnist-mbd', '--seeds', '1', '--iterations-per-epoch', '1', '--batch-size', '20', '--run-id', 'mbd', ...common],
  ];
  runSteps(steps);
}
