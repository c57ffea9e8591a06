/**
 * Preload for long runs: prints the process's tfjs tensor count and bytes every
 * TENSOR_MONITOR_SECONDS (default 60) to stderr, so a leak shows as a growing count.
 *
 *   NODE_OPTIONS="--require ./bench/tensor-monitor.cjs" node bin/ssgan.js run ...
 */
'use strict';
const tf = require('@tensorflow/tfjs-core');

const everyMs = Number(process.env.TENSOR_MONITOR_SECONDS ?? 60) * 1000;
setInterval(() => {
  const m = tf.memory();
  process.stderr.write(`[tensors ${new Date().toISOString()} pid ${process.pid}] ${m.numTensors} tensors, ${(m.numBytes / 2 ** 20).toFixed(1)} MB\n`);
}, everyMs).unref();
