/**
 * `npm run bench`: ms per training iteration of the paper's models on this machine, with the
 * backend, its thread count and the effective GEMM GFLOP/s, written to reports/bench/<time>.json.
 *
 *   npm run bench -- [--backend auto|wasm|cpu] [--threads N] [--wasm-threads N] [--models mnist,cifar]
 *                    [--peer-ms MS | --peer-ms mnist=MS,cifar=MS] [--peak-gflops G (default: measured)]
 *                    [--iters 10] [--runs 5] [--warmup 3] [--profile] [--skip-flops] [--batch 100]
 *                    [--sweep-iters 50 (0: no sweep throughput)]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { type BackendChoice, selectBackend } from '../src/engine/backend';
import { measureGemmPeak } from './gemm-peak';
import { benchModel, type ModelResult, BENCH_MODELS } from './measure';
import { type SweepThroughput, measureSweepThroughput } from './sweep-throughput';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'auto' },
      threads: { type: 'string' },
      'wasm-threads': { type: 'string' },
      models: { type: 'string', default: Object.keys(BENCH_MODELS).join(',') },
      iters: { type: 'string', default: '10' },
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
      profile: { type: 'boolean', default: false },
      'skip-flops': { type: 'boolean', default: false },
      batch: { type: 'string' },
      out: { type: 'string', default: 'reports/bench' },
      'peer-ms': { type: 'string' },
      'peak-gflops': { type: 'string' },
      'sweep-iters': { type: 'string', default: '50' },
    },
  });
  const peers = parsePeers(values['peer-ms']);
  if (values['peak-gflops'] !== undefined && !(Number(values['peak-gflops']) > 0)) {
    throw new Error(`--peak-gflops: '${values['peak-gflops']}' is not a positive number`);
  }
  if (values.batch !== undefined && !(Number.isInteger(Number(values.batch)) && Number(values.batch) > 0)) {
    throw new Error(`--batch: '${values.batch}' is not a positive integer`);
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const wasmThreads = values['wasm-threads'] === undefined ? undefined : Number(values['wasm-threads']);
  const backend = await selectBackend(values.backend as BackendChoice, { threads, wasmThreads });
  console.log(`backend: ${backend.name} — ${backend.detail}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const peak = values['peak-gflops'] === undefined ? measureGemmPeak() : { gflops: Number(values['peak-gflops']), size: 0 };
  const peakGflops = peak.gflops;
  console.log(peak.size > 0
    ? `GEMM peak: ${formatGflops(peakGflops)} GFLOP/s (a ${peak.size}x${peak.size} product on this backend, best of 3)`
    : `GEMM peak: ${peakGflops} GFLOP/s (given)`);
  const results: BenchResult[] = [];
  for (const name of values.models.split(',')) {
    const loadBefore = os.loadavg()[0];
    const measured = benchModel(name, {
      iters: Number(values.iters),
      runs: Number(values.runs),
      warmup: Number(values.warmup),
      profile: values.profile,
      countFlops: !values['skip-flops'],
      ...(values.batch === undefined ? {} : { batchSize: Number(values.batch) }),
    });
    const peerMs = peers.get(name);
    const result: BenchResult = {
      ...measured,
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
      peakGflops,
      fractionOfPeak: measured.gflops / peakGflops,
      ...(peerMs === undefined ? {} : { peerMsPerIter: peerMs, ratioToPeer: measured.msPerIter / peerMs }),
    };
    console.log(formatResult(result));
    results.push(result);
  }
  const sweepIters = Number(values['sweep-iters']);
  if (!(Number.isInteger(sweepIters) && sweepIters >= 0)) throw new Error(`--sweep-iters: '${values['sweep-iters']}' is not a non-negative integer`);
  let sweep: SweepThroughput | undefined;
  if (sweepIters > 0) {
    sweep = await measureSweepThroughput({ backend: values.backend, iters: sweepIters, warmup: Number(values.warmup) });
    console.log(formatSweep(sweep, peakGflops));
  }
  const report = {
    date: new Date().toISOString(),
    backend,
    gemmPeak: peak,
    ...(sweep && { sweepThroughput: sweep }),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
    tensorsAfter: tf.memory().numTensors,
    results,
  };
  fs.mkdirSync(values.out, { recursive: true });
  const file = path.join(values.out, `${report.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

interface BenchResult extends ModelResult {
  /** 1-minute load average before and after the model's runs: other work on the machine skews timings. */
  loadAverage: { before: number; after: number };
  peakGflops: number;
  fractionOfPeak: number;
  peerMsPerIter?: number;
  /** ms/iter here over the peer's: below 1 is faster than the peer. */
  ratioToPeer?: number;
}

function formatSweep(s: SweepThroughput, peakGflops: number): string {
  const layout = (l: SweepThroughput['oneSeedTwoThreads']) => `${l.seedIterationsPerSecond.toFixed(2)} seed-iterations/s (${l.wallMs.toFixed(0)} ms)`;
  return [
    `sweep throughput, MNIST, ${s.iterationsPerSeed} iterations a seed, GEMM peak ${formatGflops(peakGflops)} GFLOP/s:`,
    `  two seeds side by side, one thread each: ${layout(s.twoSeedsOneThreadEach)}`,
    `  one seed on two threads:                 ${layout(s.oneSeedTwoThreads)}`,
    `  side by side / one seed: ${s.ratio.toFixed(2)}`,
  ].join('\n');
}

/** `--peer-ms 39` (MNIST) or `--peer-ms mnist=39,cifar=120`. */
function parsePeers(text: string | undefined): Map<string, number> {
  const peers = new Map<string, number>();
  for (const part of text ? text.split(',') : []) {
    const [model, ms] = part.includes('=') ? part.split('=') : ['mnist', part];
    if (!(Number(ms) > 0)) throw new Error(`--peer-ms: '${part}' is not MODEL=MS or MS (a positive number)`);
    peers.set(model.trim(), Number(ms));
  }
  return peers;
}

/** Whole GFLOP/s, or two significant digits below 10 (the cpu backend's). */
function formatGflops(gflops: number): string {
  return gflops >= 10 ? gflops.toFixed(0) : gflops.toPrecision(2);
}

function formatResult(r: BenchResult): string {
  const peer = r.ratioToPeer === undefined ? '' : `; ${r.ratioToPeer.toFixed(2)}x the peer's ${r.peerMsPerIter!.toFixed(1)} ms/iter`;
  const lines = [
    `${r.model} (batch ${r.batchSize}): ${r.msPerIter.toFixed(1)} ms/iter (median of ${r.runs.length} runs of ${r.itersPerRun}; runs ${r.runs.map((x) => x.toFixed(1)).join(' ')})${peer}; ` +
      `CPU ${r.cpuMsPerIter.toFixed(1)} ms/iter`,
    (r.gemmFlopsPerIter > 0
      ? `  ${(r.gemmFlopsPerIter / 1e9).toFixed(2)} GFLOP/iter, ${formatGflops(r.gflops)} GFLOP/s = ${(100 * r.fractionOfPeak).toFixed(0)}% of the ` +
        `${formatGflops(r.peakGflops)} GFLOP/s GEMM peak`
      : '  GFLOP not counted (--skip-flops)') +
      `; load average ${r.loadAverage.before.toFixed(2)} before, ${r.loadAverage.after.toFixed(2)} after`,
  ];
  if (r.productsAlone) {
    const rest = r.msPerIter - r.productsAlone.msPerIter;
    lines.push(`  its products alone: ${r.productsAlone.msPerIter.toFixed(1)} ms (${formatGflops(r.productsAlone.gflops)} GFLOP/s); ` +
      `the rest of the iteration: ${rest.toFixed(1)} ms`);
  }
  if (r.kernels) {
    for (const k of r.kernels) {
      lines.push(`  ${k.kernel.padEnd(24)} ${k.msPerIter.toFixed(2).padStart(8)} ms ${String(k.callsPerIter).padStart(5)} calls` +
        (k.gflops > 0 ? `  ${k.gflops.toFixed(1)} GFLOP/s` : ''));
    }
  }
  return lines.join('\n');
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
