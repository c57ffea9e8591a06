/**
 * Fixes for kernels of tfjs-backend-wasm 4.22, registered over (or beside) the shipped ones.
 *
 * BatchMatMul and _FusedMatMul with a transposed operand run about 12x slower than an explicit
 * Transpose followed by the plain product (measured: 300x784^T by 300x1000, 239 ms vs 21 ms), and
 * every backward pass of a dense or conv layer asks for such products.
 *
 * Identity copies its input, and autodiff calls it hundreds of times per training step (326 times
 * in one MNIST iteration): like Reshape, it can share the input's memory, as tensors are immutable.
 */
import * as tf from '@tensorflow/tfjs';
import { registerConvGradientKernels } from './conv-gradient-kernels';

const WASM = 'wasm';

/** Registers every fix; safe to call more than once. */
export function registerWasmKernelFixes(): void {
  for (const kernelName of [tf.BatchMatMul, tf._FusedMatMul]) {
    transposeOperandsExplicitly(kernelName);
  }
  shareMemoryInIdentity();
  registerConvGradientKernels(WASM);
}

function shareMemoryInIdentity(): void {
  const shipped = tf.getKernel(tf.Identity, WASM);
  if (patched.has(tf.Identity) || !shipped) return;
  tf.unregisterKernel(tf.Identity, WASM);
  tf.registerKernel({
    kernelName: tf.Identity,
    backendName: WASM,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      // Strings live outside the heap; the shipped kernel handles them.
      if (x.dtype === 'string') return shipped.kernelFunc(args);
      (args.backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  patched.add(tf.Identity);
}

const patched = new Set<string>();

function transposeOperandsExplicitly(kernelName: string): void {
  if (patched.has(kernelName)) return;
  const shipped = tf.getKernel(kernelName, WASM);
  const transpose = tf.getKernel(tf.Transpose, WASM);
  if (!shipped || !transpose) return;
  const inner = shipped.kernelFunc;
  tf.unregisterKernel(kernelName, WASM);
  tf.registerKernel({
    kernelName,
    backendName: WASM,
    setupFunc: shipped.setupFunc,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return inner({ inputs, backend, attrs });
      const wasm = backend as tf.KernelBackend;
      const temporaries: tf.TensorInfo[] = [];
      const swapLastAxes = (x: tf.TensorInfo): tf.TensorInfo => {
        const rank = x.shape.length;
        const perm = [...Array(rank).keys()];
        [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
        const y = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
        temporaries.push(y);
        return y;
      };
      const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const result = inner({
        inputs: { ...inputs, a: transposeA ? swapLastAxes(a) : a, b: transposeB ? swapLastAxes(b) : b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
      for (const t of temporaries) wasm.disposeData(t.dataId);
      return result;
    },
  });
  patched.add(kernelName);
}
