/**
 * Chooses the compute engine at run time: tensorflow (tfjs-node-gpu or tfjs-node, when installed)
 * -> wasm -> cpu. tfjs-node cannot install where libtensorflow cannot be downloaded, so it is only
 * ever an optional dependency.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../core/errors';
import { registerWasmKernelFixes } from './wasm-kernels';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

export interface BackendInfo {
  readonly name: BackendName;
  /** Human-readable: package, SIMD, threads. */
  readonly detail: string;
  readonly tfjsVersion: string;
}

/** Activates the requested backend, or the best available one for 'auto'. */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (choice !== 'auto' && !BACKENDS.includes(choice)) {
    throw new ConfigError(`unknown backend '${choice}'; choose one of auto, ${BACKENDS.join(', ')}`);
  }
  const order: BackendName[] = choice === 'auto' ? [...BACKENDS] : [choice];
  const failures: string[] = [];
  for (const name of order) {
    const result = await tryBackend(name);
    if (typeof result !== 'string') return result;
    failures.push(`${name}: ${result}`);
  }
  throw new ConfigError(`no usable backend (${failures.join('; ')})`);
}

async function tryBackend(name: BackendName): Promise<BackendInfo | string> {
  let detail: string;
  switch (name) {
    case 'tensorflow': {
      const pkg = requireFirst(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
      if (!pkg) return 'neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed';
      detail = pkg;
      break;
    }
    case 'wasm': {
      require('@tensorflow/tfjs-backend-wasm');
      registerWasmKernelFixes();
      detail = '@tensorflow/tfjs-backend-wasm';
      break;
    }
    case 'cpu':
      detail = '@tensorflow/tfjs-backend-cpu (pure JavaScript, slow)';
      break;
  }
  try {
    if (!(await tf.setBackend(name))) return 'failed to initialise';
    await tf.ready();
  } catch (err) {
    return (err as Error).message;
  }
  if (name === 'wasm') {
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
    const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threaded' : '1 thread';
    detail += ` (${simd}, ${threads})`;
  }
  return { name, detail, tfjsVersion: tf.version.tfjs };
}

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
