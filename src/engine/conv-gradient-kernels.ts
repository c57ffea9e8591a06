/**
 * Convolution gradients expressed through a backend's forward Conv2D plus slicing, concatenation
 * and transposes, for the two backends whose shipped kernels cannot train a conv model.
 *
 * wasm (tfjs-backend-wasm 4.22), where Conv2D is XNNPACK's:
 * - Conv2DBackpropFilter is missing: no conv layer can learn on wasm as shipped.
 * - Conv2DBackpropInput is shipped as a naive loop, 8x slower than Conv2D for the same work
 *   (measured: 100x32x32x96 by 3x3x96x96, 8.4 s vs 1.0 s), and it is the forward pass of every
 *   transposed convolution of the generators.
 * Measured on that layer, stride 1 (stride 2): Conv2D 0.8 s (0.2 s), these kernels' input
 * gradient 0.9 s (0.25 s) and filter gradient 1.4 s (0.4 s). Express-through-matmul variants
 * (per-tap products, 6-D transposes) were 2-4x slower.
 *
 * cpu (tfjs-backend-cpu 4.22): its Conv2DBackpropFilter reads every element through
 * TensorBuffer.get and runs at 0.005-0.011 GFLOP/s, a hundredth of its own Conv2D, which would make
 * one CIFAR-10 iteration take hours. The same decomposition on its Conv2D is about 100x faster
 * (measured: 2x32x32x64 by 3x3x64x64, 29.5 s vs 0.6 s). Its Conv2DBackpropInput is as fast as its
 * Conv2D and stays.
 *
 * Registered for channels-last, undilated convolutions, the only kind tfjs's conv gradients ask
 * for here (Conv2D on wasm rejects channels-first).
 */
import * as tf from '@tensorflow/tfjs';

export type ConvGradientBackend = 'wasm' | 'cpu';

/** Registers the kernels `backendName` needs; safe to call more than once, before or after it starts. */
export function registerConvGradientKernels(backendName: ConvGradientBackend): void {
  if (registered.has(backendName)) return;
  if (backendName === 'wasm') {
    replaceKernel(backendName, tf.Conv2DBackpropInput, (args) =>
      conv2dBackpropInput(backendName, args.inputs, args.backend, args.attrs as unknown as tf.Conv2DBackpropInputAttrs));
  }
  // wasm has none, unless the native addon's came first, which is faster: keep it.
  if (backendName === 'cpu' || !tf.getKernel(tf.Conv2DBackpropFilter, backendName)) {
    replaceKernel(backendName, tf.Conv2DBackpropFilter, (args) =>
      conv2dBackpropFilter(backendName, args.inputs, args.backend, args.attrs as unknown as tf.Conv2DBackpropFilterAttrs));
  }
  registered.add(backendName);
}

const registered = new Set<ConvGradientBackend>();

function replaceKernel(backendName: string, kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc });
}

/**
 * dW[i, j, c, f] = sum over n, a, b of xp[n, i + a*s, j + b*s, c] * dy[n, a, b, f], xp the padded
 * input: a stride-1 convolution, dilated by s, of x with batch and channels swapped ([C, H, W, N])
 * by dy as the filter ([oh, ow, N, F]). One Conv2D of the backend does all the work.
 */
function conv2dBackpropFilter(backendName: string, inputs: tf.NamedTensorInfoMap, backend: unknown, attrs: tf.Conv2DBackpropFilterAttrs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  checkChannelsLast(info, tf.Conv2DBackpropFilter);
  const k = new KernelCalls(backendName, backend);
  try {
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, strideHeight: sh, strideWidth: sw } = info;
    const { top, left } = info.padInfo;
    // Padding after the input so the windows span exactly the filter; negative: rows never read.
    const bottom = (info.outHeight - 1) * sh + info.filterHeight - top - h;
    const right = (info.outWidth - 1) * sw + info.filterWidth - left - w;
    const used = bottom < 0 || right < 0
      ? k.run(tf.Slice, { x }, { begin: [0, 0, 0, 0], size: [n, h + Math.min(0, bottom), w + Math.min(0, right), c] })
      : x;
    const swapped = k.run(tf.Transpose, { x: used }, { perm: [3, 1, 2, 0] });
    const dyFilter = k.run(tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
    const perChannel = k.run(tf.Conv2D, { x: swapped, filter: dyFilter }, {
      strides: [1, 1],
      pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [sh, sw],
    });
    return k.keep(k.run(tf.Transpose, { x: perChannel }, { perm: [1, 2, 0, 3] }));
  } finally {
    k.dispose();
  }
}

/**
 * dx by sub-pixel decomposition: the input positions with the same (row mod s, column mod s)
 * phase receive gradient from the same subset of filter taps, so each phase is one stride-1
 * Conv2D of dy with that subset of the flipped, transposed filter; the s*s phases are then
 * interleaved. No work is spent on the zeros a dilated dy would hold.
 */
function conv2dBackpropInput(backendName: string, inputs: tf.NamedTensorInfoMap, backend: unknown, attrs: tf.Conv2DBackpropInputAttrs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  checkChannelsLast(info, tf.Conv2DBackpropInput);
  const k = new KernelCalls(backendName, backend);
  try {
    const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, strideHeight: sh, strideWidth: sw } = info;
    // flipped[a, b, f, c] = filter[fh-1-a, fw-1-b, c, f]
    const flipped = k.run(tf.Transpose, { x: k.run(tf.Reverse, { x: filter }, { dims: [0, 1] }) }, { perm: [0, 1, 3, 2] });
    const qh = Math.ceil(h / sh);
    const qw = Math.ceil(w / sw);
    const phases: tf.TensorInfo[] = [];
    for (let ry = 0; ry < sh; ry++) {
      for (let rx = 0; rx < sw; rx++) {
        const rowPlan = phasePlan(ry, info.padInfo.top, sh, info.filterHeight, info.outHeight, qh);
        const colPlan = phasePlan(rx, info.padInfo.left, sw, info.filterWidth, info.outWidth, qw);
        phases.push(phaseGradient(k, dy, flipped, rowPlan, colPlan, [n, qh, qw, c]));
      }
    }
    if (phases.length === 1) return k.keep(phases[0]);
    // Interleave by concatenation: the 6-D transpose that would do it in one call is 10x slower.
    const rowsOfPhases: tf.TensorInfo[] = [];
    for (let ry = 0; ry < sh; ry++) {
      const columns = phases.slice(ry * sw, (ry + 1) * sw).map((p) => k.run(tf.Reshape, { x: p }, { shape: [n, qh, qw, 1, c] }));
      const row = columns.length === 1 ? columns[0] : k.run(tf.Concat, columns, { axis: 3 });
      rowsOfPhases.push(k.run(tf.Reshape, { x: row }, { shape: [n, qh, 1, qw * sw * c] }));
    }
    const stacked = rowsOfPhases.length === 1 ? rowsOfPhases[0] : k.run(tf.Concat, rowsOfPhases, { axis: 2 });
    const full = k.run(tf.Reshape, { x: stacked }, { shape: [n, qh * sh, qw * sw, c] });
    if (qh * sh === h && qw * sw === w) return k.keep(full);
    return k.keep(k.run(tf.Slice, { x: full }, { begin: [0, 0, 0, 0], size: [n, h, w, c] }));
  } finally {
    k.dispose();
  }
}

/** Along one axis: which filter taps feed one phase, and which part of dy they read. */
interface PhasePlan {
  /** Number of taps (0 when the filter is smaller than the stride and misses this phase). */
  readonly taps: number;
  /** First tap in the flipped filter, then every `stride`-th. */
  readonly flippedBegin: number;
  readonly stride: number;
  /** dy rows to drop before and after, then zero rows to add before and after. */
  readonly cropBefore: number;
  readonly cropAfter: number;
  readonly padBefore: number;
  readonly padAfter: number;
}

/**
 * Input row q*s + r receives dy row (q*s + r + pad - i) / s through every tap i with
 * i = r + pad (mod s). With those taps in descending order, phase r is a stride-1 correlation
 * of dy, shifted by dMin = (r + pad - iMax) / s, with the flipped taps.
 */
function phasePlan(r: number, pad: number, stride: number, size: number, dyLength: number, outLength: number): PhasePlan {
  const first = (((r + pad) % stride) + stride) % stride;
  const taps = first < size ? Math.ceil((size - first) / stride) : 0;
  const last = first + (taps - 1) * stride;
  const dMin = (r + pad - last) / stride;
  const lastRead = outLength - 1 + dMin + taps - 1;
  const after = lastRead - (dyLength - 1);
  return {
    taps,
    flippedBegin: size - 1 - last,
    stride,
    cropBefore: Math.max(0, dMin),
    cropAfter: Math.max(0, -after),
    padBefore: Math.max(0, -dMin),
    padAfter: Math.max(0, after),
  };
}

function phaseGradient(k: KernelCalls, dy: tf.TensorInfo, flipped: tf.TensorInfo, rows: PhasePlan, cols: PhasePlan, shape: number[]): tf.TensorInfo {
  const [n, , , f] = dy.shape;
  const keptRows = dy.shape[1] - rows.cropBefore - rows.cropAfter;
  const keptCols = dy.shape[2] - cols.cropBefore - cols.cropAfter;
  if (rows.taps === 0 || cols.taps === 0 || keptRows <= 0 || keptCols <= 0) {
    return k.run(tf.Fill, {}, { shape, value: 0, dtype: 'float32' });
  }
  const cropped = rows.cropBefore || rows.cropAfter || cols.cropBefore || cols.cropAfter
    ? k.run(tf.Slice, { x: dy }, { begin: [0, rows.cropBefore, cols.cropBefore, 0], size: [n, keptRows, keptCols, f] })
    : dy;
  const taps = k.run(tf.StridedSlice, { x: flipped }, {
    begin: [rows.flippedBegin, cols.flippedBegin, 0, 0],
    end: [rows.flippedBegin + (rows.taps - 1) * rows.stride + 1, cols.flippedBegin + (cols.taps - 1) * cols.stride + 1, f, shape[3]],
    strides: [rows.stride, cols.stride, 1, 1],
    beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
  });
  return k.run(tf.Conv2D, { x: cropped, filter: taps }, {
    strides: [1, 1],
    pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
  });
}

function checkChannelsLast(info: tf.backend_util.Conv2DInfo, kernel: string): void {
  if (info.dataFormat !== 'channelsLast') throw new Error(`${kernel}: only channels-last (NHWC) data is supported`);
}

/** Calls one backend's registered kernels directly and frees every intermediate result but the kept one. */
class KernelCalls {
  private readonly temporaries: tf.TensorInfo[] = [];
  private kept?: tf.TensorInfo;

  constructor(private readonly backendName: string, private readonly backend: unknown) {}

  run(kernelName: string, inputs: tf.NamedTensorInfoMap | tf.TensorInfo[], attrs: object): tf.TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`${this.backendName} backend has no ${kernelName} kernel`);
    const result = kernel.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      backend: this.backend as tf.KernelBackend,
      attrs: attrs as tf.NamedAttrMap,
    }) as tf.TensorInfo;
    this.temporaries.push(result);
    return result;
  }

  keep(result: tf.TensorInfo): tf.TensorInfo {
    this.kept = result;
    return result;
  }

  dispose(): void {
    const backend = this.backend as tf.KernelBackend;
    for (const t of this.temporaries) if (t !== this.kept) backend.disposeData(t.dataId);
  }
}
