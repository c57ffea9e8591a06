/**
 * Per-kernel time and GEMM FLOPs, by wrapping every kernel of a backend with a timer. Works for
 * synchronous backends (wasm, cpu), whose kernels finish before they return.
 */
import * as tf from '@tensorflow/tfjs';
import { WEIGHT_NORM_DENSE_GRAD_KERNEL, WEIGHT_NORM_DENSE_KERNEL } from '../src/engine/fused-ops';

export interface KernelStats {
  calls: number;
  ms: number;
  /** Multiply-adds x 2 of the products and convolutions among these calls. */
  flops: number;
}

export type Profile = Map<string, KernelStats>;

/** One dense product C = op(A) op(B), A m x k and B k x n after the transposes. */
export interface ProductShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/**
 * Runs `fn` with every kernel of the active backend timed; kernels are restored afterwards. The
 * dense products among the calls (matrix products and weight-normalised layers) are appended to
 * `products`, in order, as the plain products they contain.
 */
export function profileKernels(fn: () => void, products: ProductShape[] = []): Profile {
  const backendName = tf.getBackend();
  const profile: Profile = new Map();
  const originals = tf.getKernelsForBackend(backendName);
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      setupFunc: undefined,
      kernelFunc: (args) => {
        const start = performance.now();
        const out = config.kernelFunc(args);
        const stats = profile.get(config.kernelName) ?? { calls: 0, ms: 0, flops: 0 };
        stats.calls += 1;
        stats.ms += performance.now() - start;
        stats.flops += kernelFlops(config.kernelName, args.inputs, args.attrs ?? {});
        products.push(...denseProducts(config.kernelName, args.inputs, args.attrs ?? {}));
        profile.set(config.kernelName, stats);
        return out;
      },
    });
  }
  try {
    fn();
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel({ ...config, setupFunc: undefined });
    }
  }
  return profile;
}

/** GEMM-equivalent FLOPs (2 x multiply-adds) of one call, 0 for kernels that are not products. */
export function kernelFlops(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): number {
  const shape = (name: string): number[] => inputs[name]?.shape ?? [];
  switch (kernelName) {
    case tf.Conv2D:
    case tf.FusedConv2D: {
      const [fh, fw, cin, cout] = shape('filter');
      return 2 * product(convOutputPositions(shape('x'), fh, fw, attrs)) * fh * fw * cin * cout;
    }
    case tf.Conv2DBackpropInput: {
      const [fh, fw, cin, cout] = shape('filter');
      return 2 * product(shape('dy').slice(0, 3)) * fh * fw * cin * cout;
    }
    case tf.Conv2DBackpropFilter: {
      const [fh, fw] = attrs.filterShape as number[];
      const cin = shape('x')[3];
      const dy = shape('dy');
      return 2 * product(dy) * fh * fw * cin;
    }
    default:
      return denseProducts(kernelName, inputs, attrs).reduce((sum, p) => sum + 2 * p.m * p.n * p.k, 0);
  }
}

/** The plain products inside one call of a dense kernel (none for other kernels). */
function denseProducts(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): ProductShape[] {
  const shape = (name: string): number[] => inputs[name]?.shape ?? [];
  switch (kernelName) {
    case tf.BatchMatMul:
    case tf._FusedMatMul: {
      const a = shape('a');
      const b = shape('b');
      const transposeA = Boolean(attrs.transposeA);
      const transposeB = Boolean(attrs.transposeB);
      const batch = Math.max(product(a.slice(0, -2)), product(b.slice(0, -2)));
      const m = transposeA ? a[a.length - 1] : a[a.length - 2];
      const k = transposeA ? a[a.length - 2] : a[a.length - 1];
      const n = transposeB ? b[b.length - 2] : b[b.length - 1];
      return Array.from({ length: batch }, () => ({ m, n, k, transposeA, transposeB }));
    }
    case WEIGHT_NORM_DENSE_KERNEL: {
      const [rows, inner] = shape('x');
      return [{ m: rows, n: shape('v')[1], k: inner, transposeA: false, transposeB: false }];
    }
    case WEIGHT_NORM_DENSE_GRAD_KERNEL: {
      const [rows, inner] = shape('x');
      const units = shape('v')[1];
      // dx = dz V^T; dV needs x^T dz; dg comes from the forward's x V, the bias gradient is a column sum.
      const wrt = attrs.wrt as number;
      if (wrt === 0) return [{ m: rows, n: inner, k: units, transposeA: false, transposeB: true }];
      return wrt === 1 ? [{ m: inner, n: units, k: rows, transposeA: true, transposeB: false }] : [];
    }
    default:
      return [];
  }
}

function convOutputPositions(x: number[], fh: number, fw: number, attrs: tf.NamedAttrMap): number[] {
  const strides = attrs.strides as number | [number, number];
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  if (attrs.pad === 'same') return [x[0], Math.ceil(x[1] / sh), Math.ceil(x[2] / sw)];
  const pad = typeof attrs.pad === 'number' ? attrs.pad : 0;
  return [x[0], Math.floor((x[1] + 2 * pad - fh) / sh) + 1, Math.floor((x[2] + 2 * pad - fw) / sw) + 1];
}

function product(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
