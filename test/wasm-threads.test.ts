/**
 * Threaded wasm (tfjs-backend-wasm's threaded SIMD build, started from real files) trains to the
 * same losses as single-threaded wasm, with the native kernels working on its shared heap.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import test from 'ava';
import type { ThreadLosses } from './helpers/thread-losses';

const ITERATIONS = 5;
/** Relative difference allowed: threads and BLAS split sums differently, nothing else changes. */
const TOLERANCE = 1e-3;

function train(threads: number): ThreadLosses {
  const script = path.join(__dirname, 'helpers', 'thread-losses.ts');
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, String(threads), String(ITERATIONS)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status !== 0) throw new Error(`thread-losses ${threads} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ThreadLosses;
}

test('threaded wasm gives the losses of single-threaded wasm for 5 iterations', (t) => {
  const threaded = train(2);
  const single = train(1);
  t.log(`threaded: ${threaded.detail}`);
  t.true(threaded.wasmThreads > 1, `the threaded run uses ${threaded.wasmThreads} wasm threads`);
  t.regex(threaded.detail, new RegExp(`${threaded.wasmThreads} threads`));
  t.is(single.wasmThreads, 1);
  t.regex(single.detail, /1 thread\b/);
  t.is(threaded.losses.length, ITERATIONS);
  t.is(single.losses.length, ITERATIONS);
  threaded.losses.forEach((losses, i) => {
    for (const [name, value] of Object.entries(single.losses[i])) {
      const got = losses[name];
      t.true(Math.abs(got - value) <= TOLERANCE * Math.max(1, Math.abs(value)), `iteration ${i + 1} ${name}: ${got} threaded, ${value} single`);
    }
  });
});
