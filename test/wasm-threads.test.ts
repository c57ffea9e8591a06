/**
 * Threaded wasm (tfjs-backend-wasm's threaded SIMD build, started from real files) trains to the
 * same losses as single-threaded wasm, with the native kernels working on its shared heap; and the
 * native kernels give the same losses, bit for bit, on any number of their own threads.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import test from 'ava';
import { loadNative } from '../src/engine/native';
import type { ThreadLosses } from './helpers/thread-losses';

const ITERATIONS = 5;
/** Relative difference allowed: threads and BLAS split sums differently, nothing else changes. */
const TOLERANCE = 1e-3;

function train(threads: number, wasmThreads = threads): ThreadLosses {
  const script = path.join(__dirname, 'helpers', 'thread-losses.ts');
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, String(threads), String(ITERATIONS), String(wasmThreads)], {
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

test('the native kernels give the same losses, bit for bit, on one and on two threads', (t) => {
  t.truthy(loadNative().addon, 'the native addon is loaded (Debian: libopenblas0-pthread)');
  // Products are cut into parts fixed by the shape and the machine, never by the thread count,
  // and element-wise sums stay in one thread each, so the thread count changes no rounding.
  const two = train(2, 1);
  const one = train(1, 1);
  t.regex(two.detail, /OpenBLAS.*\(2 threads\)/);
  t.regex(one.detail, /OpenBLAS.*\(1 thread\)/);
  t.is(one.losses.length, ITERATIONS);
  t.deepEqual(two.losses, one.losses);
});
