/**
 * Chooses the compute engine at run time: tensorflow (tfjs-node-gpu or tfjs-node, when installed)
 * -> wasm -> cpu. tfjs-node cannot install where libtensorflow cannot be downloaded, so it is only
 * ever an optional dependency.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../core/errors';
import { registerConvGradientKernels } from './conv-gradient-kernels';
import { registerFusedGradients } from './fused-ops';
import { loadNative } from './native';
import { registerNativeKernels } from './native-kernels';
import { registerWasmKernelFixes } from './wasm-kernels';
import { useWasmThreads, wasmThreads, wasmThreadsRegistered } from './wasm-threads';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

const GPU_ROUTE = 'for an NVIDIA GPU: npm install @tensorflow/tfjs-node-gpu (Linux, CUDA), then --backend tensorflow';

export interface BackendInfo {
  readonly name: BackendName;
  /** Human-readable: package, SIMD, threads. */
  readonly detail: string;
  readonly tfjsVersion: string;
  /** Threads the heavy kernels use. */
  readonly threads: number;
}

/** Activates the requested backend, or the best available one for 'auto'. */
export interface BackendOptions {
  /** Compute threads; default: the machine's cores. */
  readonly threads?: number;
  /** Threads of the wasm backend itself; default: 1 with the native addon, else `threads`. */
  readonly wasmThreads?: number;
}

export async function selectBackend(choice: BackendChoice = 'auto', options: BackendOptions = {}): Promise<BackendInfo> {
  const threads = options.threads ?? os.availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) throw new ConfigError(`threads must be a positive integer, not ${threads}`);
  if (choice !== 'auto' && !BACKENDS.includes(choice)) {
    // tfjs has no backend of its own named 'gpu': CUDA comes through the tensorflow backend.
    const gpu = /gpu|cuda/i.test(choice) ? `; ${GPU_ROUTE}` : '';
    throw new ConfigError(`unknown backend '${choice}'; choose one of auto, ${BACKENDS.join(', ')}${gpu}`);
  }
  const order: BackendName[] = choice === 'auto' ? [...BACKENDS] : [choice];
  registerFusedGradients();
  const failures: string[] = [];
  for (const name of order) {
    const result = await tryBackend(name, threads, options.wasmThreads);
    if (typeof result !== 'string') return result;
    failures.push(`${name}: ${result}`);
  }
  throw new ConfigError(`no usable backend (${failures.join('; ')})`);
}

async function tryBackend(name: BackendName, threads: number, wasmThreadCount: number | undefined): Promise<BackendInfo | string> {
  let detail: string;
  let accelerator = '';
  let usedThreads = name === 'cpu' ? 1 : threads;
  switch (name) {
    case 'tensorflow': {
      const pkg = requireFirst(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
      if (!pkg) return `neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed (npm install @tensorflow/tfjs-node; ${GPU_ROUTE})`;
      detail = pkg;
      break;
    }
    case 'wasm': {
      require('@tensorflow/tfjs-backend-wasm');
      registerWasmKernelFixes();
      detail = '@tensorflow/tfjs-backend-wasm';
      // With the addon running the products, wasm's own threads only add synchronisation to small
      // kernels and compete with the BLAS threads for the cores: measured slower (docs/benchmarks.md).
      const unthreaded = await useWasmThreads(wasmThreadCount ?? (loadNative().addon ? 1 : threads));
      if (unthreaded) notice(`wasm runs on one thread (${unthreaded})`);
      accelerator = accelerate(threads);
      break;
    }
    case 'cpu':
      registerConvGradientKernels('cpu');
      detail = '@tensorflow/tfjs-backend-cpu (pure JavaScript, slow)';
      break;
  }
  let failure = await activate(name);
  if (failure && name === 'wasm' && wasmThreadsRegistered() > 1) {
    notice(`wasm runs on one thread (the threaded build failed: ${failure})`);
    await useWasmThreads(1);
    failure = await activate(name);
  }
  if (failure) return failure;
  if (name === 'wasm') {
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
    const computeThreads = wasmThreads();
    detail += ` (${simd}, ${threadCount(computeThreads)})${accelerator}`;
    usedThreads = Math.max(computeThreads, accelerator ? threads : 1);
  }
  return { name, detail, tfjsVersion: tf.version.tfjs, threads: usedThreads };
}

/**
 * Puts OpenBLAS under the wasm backend's products and convolutions, and native code under its
 * noise, when the addon and OpenBLAS are there; otherwise prints one line and carries on.
 * Returns the text the backend description gains.
 */
function accelerate(threads: number): string {
  const native = loadNative();
  if (!native.addon) {
    notice(`running on plain wasm, slower: ${native.detail}`);
    return '';
  }
  native.addon.setThreads(threads);
  registerNativeKernels(native.addon);
  const version = /OpenBLAS [\d.]+/.exec(native.detail)?.[0] ?? 'OpenBLAS';
  return ` + ${version} (${threadCount(native.addon.threads())}) for products, convolutions and noise`;
}

/** Makes `name` the active backend; returns why not, or undefined. */
async function activate(name: BackendName): Promise<string | undefined> {
  try {
    if (!(await tf.setBackend(name))) return 'failed to initialise';
    await tf.ready();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function threadCount(n: number): string {
  return n === 1 ? '1 thread' : `${n} threads`;
}

/** A one-line notice, once per process. */
function notice(text: string): void {
  if (noticesShown.has(text)) return;
  noticesShown.add(text);
  console.warn(`ssgan: ${text}`);
}

const noticesShown = new Set<string>();

function requireFirst(packages: string[]): string | undefined {
  for (const pkg of packages) {
    try {
      require(pkg);
      return pkg;
    } catch {
      // not installed or its native library failed to load: try the next one
    }
  }
  return undefined;
}
