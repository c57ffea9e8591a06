/** Times training iterations of one bench model: warm-up excluded, median over runs. */
import { DenseModels } from '../plugins/mnist/models';
import { ConvGanModels } from '../plugins/conv-models/conv-gan';
import * as tf from '@tensorflow/tfjs';
import { type ProductShape, profileKernels } from './kernel-profile';
import { type IterationSpec, trainerIteration } from './trainer-iteration';

const BATCH_SIZE = 100;

/** The paper's CIFAR-10 widths (the peer's torch_cifar_speed.py). */
const CIFAR_MODELS = new ConvGanModels('cifar-conv', 'the paper\'s CIFAR-10 models', {
  firstWidth: 96, width: 192, inputDropout: 0.2, hiddenDropout: 0.5, generatorChannels: [512, 256, 128], latentDim: 100, initSeed: 1,
});

/** The paper's SVHN widths (the peer with --width 64,128). */
const SVHN_MODELS = new ConvGanModels('svhn-conv', 'the paper\'s SVHN models', {
  firstWidth: 64, width: 128, inputDropout: 0.2, hiddenDropout: 0.5, generatorChannels: [512, 256, 128], latentDim: 100, initSeed: 1,
});

/** The paper's models: MNIST FM (the PyTorch peer's iteration), CIFAR-10 and SVHN (peer: torch_cifar_speed.py). */
export const BENCH_MODELS: Record<string, IterationSpec> = {
  mnist: { models: new DenseModels(), imageShape: [28, 28, 1], numClasses: 10, batchSize: BATCH_SIZE, initExamples: 500 },
  cifar: { models: CIFAR_MODELS, imageShape: [32, 32, 3], numClasses: 10, batchSize: BATCH_SIZE, initExamples: 100 },
  svhn: { models: SVHN_MODELS, imageShape: [32, 32, 3], numClasses: 10, batchSize: BATCH_SIZE, initExamples: 100 },
};

export interface MeasureOptions {
  readonly iters: number;
  readonly runs: number;
  readonly warmup: number;
  readonly profile: boolean;
  /** False skips the iteration that counts FLOPs (a cpu-backend iteration takes minutes); GFLOP/s are then not reported. */
  readonly countFlops?: boolean;
  /** Rows of each batch instead of the model's 100: the cpu backend's conv iterations take hours at 100. */
  readonly batchSize?: number;
}

export interface KernelRow {
  kernel: string;
  msPerIter: number;
  callsPerIter: number;
  gflops: number;
}

export interface ModelResult {
  model: string;
  batchSize: number;
  itersPerRun: number;
  /** ms/iter of each run. */
  runs: number[];
  msPerIter: number;
  /**
   * CPU time of the process (all its threads) per iteration, median over runs: less skewed than
   * wall time when other work shares the cores, though it counts BLAS threads' spinning too.
   */
  cpuMsPerIter: number;
  gemmFlopsPerIter: number;
  gflops: number;
  /**
   * The iteration's dense products alone, one after another on hot inputs, median over runs: the
   * floor the products set (models with convolutions: not measured).
   */
  productsAlone?: { msPerIter: number; gflops: number };
  kernels?: KernelRow[];
}

export function benchModel(model: string, options: MeasureOptions): ModelResult {
  const known = BENCH_MODELS[model];
  if (!known) throw new Error(`unknown bench model '${model}'; choose from ${Object.keys(BENCH_MODELS).join(', ')}`);
  const spec = { ...known, batchSize: options.batchSize ?? known.batchSize };
  const iteration = trainerIteration(spec, 1);
  const runSteps = (n: number): void => iteration.run(n);
  runSteps(options.warmup);
  // One profiled iteration counts the FLOPs (and, with --profile, gives the per-kernel table).
  const profiledIters = options.profile ? options.iters : options.countFlops === false ? 0 : 1;
  const profileStart = performance.now();
  const products: ProductShape[] = [];
  const profile = profileKernels(() => runSteps(profiledIters), products);
  const profileMs = performance.now() - profileStart;
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    runSteps(options.iters);
    const cpu = process.cpuUsage(cpuStart);
    runs.push((performance.now() - start) / options.iters);
    cpuRuns.push((cpu.user + cpu.system) / 1000 / options.iters);
  }
  iteration.dispose();
  const msPerIter = median(runs);
  const gemmFlopsPerIter = profiledIters ? [...profile.values()].reduce((sum, k) => sum + k.flops, 0) / profiledIters : 0;
  const result: ModelResult = {
    model,
    batchSize: spec.batchSize,
    itersPerRun: options.iters,
    runs,
    msPerIter,
    cpuMsPerIter: median(cpuRuns),
    gemmFlopsPerIter,
    gflops: gemmFlopsPerIter / msPerIter / 1e6,
  };
  const denseFlops = products.reduce((sum, p) => sum + 2 * p.m * p.n * p.k, 0);
  if (profiledIters && denseFlops === gemmFlopsPerIter * profiledIters) {
    const msPerIter = median(Array.from({ length: options.runs }, () => timeProducts(products))) / profiledIters;
    result.productsAlone = { msPerIter, gflops: gemmFlopsPerIter / msPerIter / 1e6 };
  }
  if (options.profile) {
    result.kernels = [...profile.entries()]
      .map(([kernel, k]) => ({
        kernel,
        msPerIter: k.ms / profiledIters,
        callsPerIter: k.calls / profiledIters,
        gflops: k.ms > 0 ? k.flops / k.ms / 1e6 : 0,
      }))
      .sort((a, b) => b.msPerIter - a.msPerIter);
    const inKernelsMs = result.kernels.reduce((sum, k) => sum + k.msPerIter, 0);
    // Noise drawn in JS, autodiff bookkeeping and tensor allocation happen between kernels.
    result.kernels.push({ kernel: '(outside kernels)', msPerIter: profileMs / profiledIters - inKernelsMs, callsPerIter: 0, gflops: 0 });
  }
  return result;
}

/** ms for all `products` in order, on random inputs made once per shape (after one untimed pass). */
function timeProducts(products: ProductShape[]): number {
  const inputs = new Map<string, [tf.Tensor2D, tf.Tensor2D]>();
  const operands = products.map((p) => {
    const key = `${p.m} ${p.n} ${p.k} ${p.transposeA} ${p.transposeB}`;
    if (!inputs.has(key)) {
      inputs.set(key, [
        tf.randomUniform(p.transposeA ? [p.k, p.m] : [p.m, p.k]) as tf.Tensor2D,
        tf.randomUniform(p.transposeB ? [p.n, p.k] : [p.k, p.n]) as tf.Tensor2D,
      ]);
    }
    return inputs.get(key)!;
  });
  const pass = (): void => products.forEach((p, i) => tf.matMul(operands[i][0], operands[i][1], p.transposeA, p.transposeB).dispose());
  pass();
  const start = performance.now();
  pass();
  const ms = performance.now() - start;
  tf.dispose([...inputs.values()].flat());
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
