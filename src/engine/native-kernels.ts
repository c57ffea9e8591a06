/**
 * wasm kernels that run natively through the addon: BatchMatMul, _FusedMatMul, Conv2D,
 * FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter on OpenBLAS; Sum and Mean over leading
 * axes (wasm transposes first: bias gradients and weight norms are such sums); GatherV2 of rows
 * (wasm copies element by element: every batch is such a gather); and the fused kernels of
 * fused-ops.ts: the Adam and weight-average steps (also in place), LeakyRelu with its fused
 * gradient, Softplus (wasm's takes 14 ns a value) and its fused gradient, x + Gaussian noise, dropout, and
 * the weight-normalised dense layer with its gradients. A case they do not cover (another dtype, a
 * data format other than NHWC, an exotic broadcast) goes to the kernel registered before.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ADAM_IN_PLACE_KERNEL, ADAM_KERNEL, ADD_NORMAL_KERNEL, type AdamStep, DROPOUT_KERNEL, type DropoutDraw, LEAKY_RELU_GRAD_KERNEL,
  MOVING_AVERAGE_IN_PLACE_KERNEL,
  MOVING_AVERAGE_KERNEL, type NormalDraw, SOFTPLUS_GRAD_KERNEL, WEIGHT_NORM_ACTIVATIONS, WEIGHT_NORM_DENSE_GRAD_KERNEL,
  WEIGHT_NORM_DENSE_KERNEL,
} from './fused-ops';
import type { NativeAddon } from './native';
import { type WasmBackend, heapOf, offsetOf } from './wasm-heap';

const WASM = 'wasm';

/** Activation numbers of native/src/ops.h. */
const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 3, sigmoid: 4, elu: 5 };

enum ConvKind {
  Forward = 0,
  BackpropInput = 1,
  BackpropFilter = 2,
}

type Kernel = (args: { inputs: tf.NamedTensorInfoMap; backend: WasmBackend; attrs: tf.NamedAttrMap }) => tf.TensorInfo | undefined;

/** Registers every native kernel over the current wasm ones; call before the wasm backend initialises. */
export function registerNativeKernels(addon: NativeAddon): void {
  if (registered) return;
  registered = true;
  override(tf.BatchMatMul, (args) => matMul(addon, args.inputs, args.backend, args.attrs));
  override(tf._FusedMatMul, (args) => matMul(addon, args.inputs, args.backend, args.attrs));
  override(tf.Conv2D, (args) => conv(addon, ConvKind.Forward, args.inputs, args.backend, args.attrs));
  override(tf.FusedConv2D, (args) => conv(addon, ConvKind.Forward, args.inputs, args.backend, args.attrs));
  override(tf.Conv2DBackpropInput, (args) => conv(addon, ConvKind.BackpropInput, args.inputs, args.backend, args.attrs));
  override(tf.Conv2DBackpropFilter, (args) => conv(addon, ConvKind.BackpropFilter, args.inputs, args.backend, args.attrs));
  override(tf.Sum, (args) => sumLeading(addon, args.inputs, args.backend, args.attrs, false));
  override(tf.Mean, (args) => sumLeading(addon, args.inputs, args.backend, args.attrs, true));
  override(tf.GatherV2, (args) => gatherRows(addon, args.inputs, args.backend, args.attrs));
  override(tf.LeakyRelu, (args) => leakyRelu(addon, args.inputs, args.backend, args.attrs));
  override(tf.Softplus, (args) => softplus(addon, args.inputs, args.backend));
  tf.registerKernel({
    kernelName: LEAKY_RELU_GRAD_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => leakyReluGrad(addon, args.inputs, args.backend as WasmBackend, args.attrs ?? {}),
  });
  tf.registerKernel({
    kernelName: MOVING_AVERAGE_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => movingAverage(addon, args.inputs, args.backend as WasmBackend, args.attrs ?? {}),
  });
  tf.registerKernel({
    kernelName: SOFTPLUS_GRAD_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => softplusGrad(addon, args.inputs, args.backend as WasmBackend),
  });
  tf.registerKernel({
    kernelName: WEIGHT_NORM_DENSE_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => weightNormDense(addon, args.inputs, args.backend as WasmBackend, args.attrs ?? {}),
  });
  tf.registerKernel({
    kernelName: WEIGHT_NORM_DENSE_GRAD_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => weightNormDenseGrad(addon, args.inputs, args.backend as WasmBackend, args.attrs ?? {}),
  });
  tf.registerKernel({
    kernelName: ADAM_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => adam(addon, args.inputs, args.backend as WasmBackend, args.attrs as unknown as AdamStep, false),
  });
  tf.registerKernel({
    kernelName: ADAM_IN_PLACE_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => adam(addon, args.inputs, args.backend as WasmBackend, args.attrs as unknown as AdamStep, true),
  });
  tf.registerKernel({
    kernelName: ADD_NORMAL_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => addNormal(addon, args.inputs, args.backend as WasmBackend, args.attrs as unknown as NormalDraw),
  });
  tf.registerKernel({
    kernelName: DROPOUT_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => dropout(addon, args.inputs, args.backend as WasmBackend, args.attrs as unknown as DropoutDraw),
  });
  tf.registerKernel({
    kernelName: MOVING_AVERAGE_IN_PLACE_KERNEL,
    backendName: WASM,
    kernelFunc: (args) => movingAverageInPlace(addon, args.inputs, args.backend as WasmBackend, args.attrs ?? {}),
  });
}

let registered = false;

/** Registers `kernel` for `kernelName`; where it returns undefined, the previous kernel runs. */
function override(kernelName: string, kernel: Kernel): void {
  const previous = tf.getKernel(kernelName, WASM);
  if (previous) tf.unregisterKernel(kernelName, WASM);
  tf.registerKernel({
    kernelName,
    backendName: WASM,
    // The shipped kernel binds its wasm function in setupFunc, when the backend initialises.
    setupFunc: previous?.setupFunc,
    kernelFunc: (args) => {
      const out = kernel(args as Parameters<Kernel>[0]);
      if (out) return out;
      if (!previous) throw new Error(`${kernelName}: this case needs the wasm kernel, which is not registered`);
      return previous.kernelFunc(args);
    },
  });
}

function matMul(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo | undefined {
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = ACTIVATIONS[(attrs.activation as string | undefined) ?? 'linear'];
  if (!a || !b || a.dtype !== 'float32' || b.dtype !== 'float32' || preluActivationWeights || activation === undefined) return undefined;
  const transposeA = attrs.transposeA as boolean;
  const transposeB = attrs.transposeB as boolean;
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  const batchA = size(batchShapeA);
  const batchB = size(batchShapeB);
  // Equal batches, or one operand shared by every product; other broadcasts go to the wasm kernel.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  const batchShape = batchA >= batchB ? batchShapeA : batchShapeB;
  const [ra, ca] = a.shape.slice(-2);
  const [rb, cb] = b.shape.slice(-2);
  const m = transposeA ? ca : ra;
  const k = transposeA ? ra : ca;
  const n = transposeB ? rb : cb;
  if ((transposeB ? cb : rb) !== k) return undefined;
  if (bias && !isRowBias(bias, n)) return undefined;
  const out = backend.makeOutput([...batchShape, m, n], 'float32');
  addon.matmul(
    heapOf(backend), offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out),
    Math.max(batchA, batchB), m, n, k, transposeA, transposeB,
    batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n,
    bias ? offsetOf(backend, bias) : -1, bias ? size(bias.shape) : 0, activation, (attrs.leakyreluAlpha as number | undefined) ?? 0,
  );
  return out;
}

/** A bias the native epilogue can add: one value per output column, or one for all. */
function isRowBias(bias: tf.TensorInfo, columns: number): boolean {
  const n = size(bias.shape);
  return bias.dtype === 'float32' && (n === 1 || (n === columns && bias.shape[bias.shape.length - 1] === columns));
}

function conv(addon: NativeAddon, kind: ConvKind, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo | undefined {
  const dataFormat = (attrs.dataFormat as string | undefined) ?? 'NHWC';
  const activation = ACTIVATIONS[(attrs.activation as string | undefined) ?? 'linear'];
  if (dataFormat !== 'NHWC' || inputs.preluActivationWeights || activation === undefined) return undefined;
  const [first, second] =
    kind === ConvKind.Forward ? [inputs.x, inputs.filter] : kind === ConvKind.BackpropInput ? [inputs.dy, inputs.filter] : [inputs.x, inputs.dy];
  if (!first || !second || first.dtype !== 'float32' || second.dtype !== 'float32') return undefined;
  const xShape = kind === ConvKind.BackpropInput ? (attrs.inputShape as number[]) : first.shape;
  const filterShape = kind === ConvKind.BackpropFilter ? (attrs.filterShape as number[]) : second.shape;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as number | [number, number],
    (attrs.dilations as number | [number, number] | undefined) ?? 1,
    attrs.pad as 'valid' | 'same' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const bias = inputs.bias;
  if (bias && !isRowBias(bias, info.outChannels)) return undefined;
  const outShape = kind === ConvKind.Forward ? info.outShape : kind === ConvKind.BackpropInput ? info.inShape : filterShape;
  const out = backend.makeOutput([...outShape], 'float32');
  const dims = Int32Array.of(
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    info.dilationHeight, info.dilationWidth,
  );
  addon.conv(
    kind, heapOf(backend), offsetOf(backend, first), offsetOf(backend, second), offsetOf(backend, out), dims,
    bias ? offsetOf(backend, bias) : -1, bias ? size(bias.shape) : 0, activation, (attrs.leakyreluAlpha as number | undefined) ?? 0,
  );
  return out;
}

/** Sum or mean over axes 0..k-1 (k < rank); other reductions are contiguous and fine in wasm. */
function sumLeading(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap, mean: boolean): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32') return undefined;
  const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((p, q) => p - q);
  const k = axes.length;
  if (k === 0 || k >= x.shape.length || axes.some((axis, i) => axis !== i)) return undefined;
  const outer = size(x.shape.slice(0, k));
  const kept = x.shape.slice(k);
  const out = backend.makeOutput(attrs.keepDims ? [...Array<number>(k).fill(1), ...kept] : kept, 'float32');
  addon.sumLeading(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), outer, size(kept), mean ? 1 / outer : 1);
  return out;
}

/** Whole rows of a float32 tensor picked by int32 indices (axis 0, no batch dimensions). */
function gatherRows(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo | undefined {
  const { x, indices } = inputs;
  if (!x || !indices || x.dtype !== 'float32' || indices.dtype !== 'int32' || x.shape.length === 0) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
  if (axis !== 0 || ((attrs.batchDims as number | undefined) ?? 0) !== 0) return undefined;
  const rowShape = x.shape.slice(1);
  const out = backend.makeOutput([...indices.shape, ...rowShape], 'float32');
  addon.gatherRows(heapOf(backend), offsetOf(backend, x), offsetOf(backend, indices), offsetOf(backend, out), size(indices.shape), size(rowShape), x.shape[0]);
  return out;
}

function leakyRelu(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32') return undefined;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.leakyRelu(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), size(x.shape), attrs.alpha as number);
  return out;
}

function softplus(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend): tf.TensorInfo | undefined {
  const { x } = inputs;
  if (!x || x.dtype !== 'float32') return undefined;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.softplus(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), size(x.shape));
  return out;
}

/** dx = x > 0 ? dy : alpha dy, the fused gradient of fused-ops.ts. */
function leakyReluGrad(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const { dy, x } = inputs as Record<'dy' | 'x', tf.TensorInfo>;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.leakyReluGrad(heapOf(backend), offsetOf(backend, dy), offsetOf(backend, x), offsetOf(backend, out), size(x.shape), attrs.alpha as number);
  return out;
}

function movingAverage(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const { average, w } = inputs as Record<'average' | 'w', tf.TensorInfo>;
  const out = backend.makeOutput([...w.shape], 'float32');
  addon.movingAverage(heapOf(backend), offsetOf(backend, average), offsetOf(backend, w), offsetOf(backend, out), size(w.shape), attrs.rate as number);
  return out;
}

/** x + std * N(0, 1) in one pass: the noise written straight onto a copy of x. */
function addNormal(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, draw: NormalDraw): tf.TensorInfo {
  const { x } = inputs as Record<'x', tf.TensorInfo>;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.fillNormal(heapOf(backend), offsetOf(backend, out), size(x.shape), draw.std, draw.k0, draw.k1, draw.counter, offsetOf(backend, x));
  return out;
}

/** Inverted dropout in one pass: uniforms drawn, compared and applied to x together. */
function dropout(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, draw: DropoutDraw): tf.TensorInfo {
  const { x } = inputs as Record<'x', tf.TensorInfo>;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.dropout(heapOf(backend), offsetOf(backend, x), offsetOf(backend, out), size(x.shape), draw.rate, draw.scale, draw.k0, draw.k1, draw.counter);
  return out;
}

/** The same step written over the average itself; no outputs. */
function movingAverageInPlace(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo[] {
  const { average, w } = inputs as Record<'average' | 'w', tf.TensorInfo>;
  const at = offsetOf(backend, average);
  addon.movingAverage(heapOf(backend), at, offsetOf(backend, w), at, size(w.shape), attrs.rate as number);
  return [];
}

/** dx = dy sigmoid(x), the fused gradient of fused-ops.ts. */
function softplusGrad(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend): tf.TensorInfo {
  const { dy, x } = inputs as Record<'dy' | 'x', tf.TensorInfo>;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.softplusGrad(heapOf(backend), offsetOf(backend, dy), offsetOf(backend, x), offsetOf(backend, out), size(x.shape));
  return out;
}

/** [act((x V) * g / ||V|| + b), ||V||], the fused weight-normalised dense layer of fused-ops.ts. */
function weightNormDense(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo[] {
  const { x, v, g, b } = inputs as Record<'x' | 'v' | 'g' | 'b', tf.TensorInfo>;
  const [rows, inner] = x.shape;
  const units = v.shape[1];
  const y = backend.makeOutput([rows, units], 'float32');
  const norm = backend.makeOutput([units], 'float32');
  const product = backend.makeOutput([rows, units], 'float32');
  addon.wnDense(
    heapOf(backend), ...[x, v, g, b, y, norm, product].map((t) => offsetOf(backend, t)) as Seven<number>, rows, inner, units,
    attrs.epsilon as number, WEIGHT_NORM_ACTIVATIONS[attrs.activation as string],
  );
  return [y, norm, product];
}

/** The gradient of the fused layer with respect to its input number `wrt` (x, V, g, b). */
function weightNormDenseGrad(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const { dy, y, norm, product, x, v, g } = inputs as Record<'dy' | 'y' | 'norm' | 'product' | 'x' | 'v' | 'g', tf.TensorInfo>;
  const wrt = attrs.wrt as number;
  const [rows, inner] = x.shape;
  const units = v.shape[1];
  const out = backend.makeOutput([...[x, v, g, g][wrt].shape], 'float32');
  addon.wnDenseGrad(
    heapOf(backend), wrt, ...[dy, y, norm, product, x, v, g, out].map((t) => offsetOf(backend, t)) as Eight<number>, rows, inner, units,
    attrs.epsilon as number, WEIGHT_NORM_ACTIVATIONS[attrs.activation as string],
  );
  return out;
}

/** The fused Adam step of fused-ops.ts: [w', m', v'] in one pass, or (inPlace) written over w, m and v with no outputs. */
function adam(addon: NativeAddon, inputs: tf.NamedTensorInfoMap, backend: WasmBackend, step: AdamStep, inPlace: boolean): tf.TensorInfo[] {
  const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const outs = inPlace ? [] : [0, 1, 2].map(() => backend.makeOutput([...w.shape], 'float32'));
  addon.adam(
    heapOf(backend), ...[w, g, m, v, ...(inPlace ? [w, m, v] : outs)].map((x) => offsetOf(backend, x)) as Seven<number>, size(w.shape),
    step.stepSize, step.beta1, step.beta2, step.epsilon, step.secondCorrection,
  );
  return outs;
}

type Seven<T> = [T, T, T, T, T, T, T];
type Eight<T> = [T, T, T, T, T, T, T, T];

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
