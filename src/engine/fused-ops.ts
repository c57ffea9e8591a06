/**
 * Training-step work as single kernels where the engine has them: a weight-normalised dense layer
 * is one kernel forward and one per gradient instead of about twenty; the softplus gradient is one
 * pass instead of Sigmoid and Multiply; one Adam step touches every
 * weight once instead of through a dozen element-wise kernels (a dozen passes over 2.5M MNIST
 * weights per iteration); the leaky-ReLU gradient is one pass instead of Greater, Multiply and
 * Select over every conv activation; a weight-average step is one pass; Adam and the weight
 * average write over their variables where nothing shares them; a noise layer adds its noise in
 * the pass that draws it, and dropout draws, compares and scales in one pass; a conv layer's bias and leaky ReLU run inside its convolution kernel, in
 * training too. Elsewhere the same arithmetic runs as tfjs ops.
 */
import * as tf from '@tensorflow/tfjs';

/** Names of the fused kernels (registered for wasm by the native kernels). */
export const ADAM_KERNEL = 'SsganAdam';
export const ADD_NORMAL_KERNEL = 'SsganAddNormal';
export const DROPOUT_KERNEL = 'SsganDropout';
export const ADAM_IN_PLACE_KERNEL = 'SsganAdamInPlace';
export const LEAKY_RELU_GRAD_KERNEL = 'SsganLeakyReluGrad';
export const MOVING_AVERAGE_KERNEL = 'SsganMovingAverage';
export const MOVING_AVERAGE_IN_PLACE_KERNEL = 'SsganMovingAverageInPlace';
export const SOFTPLUS_GRAD_KERNEL = 'SsganSoftplusGrad';
export const WEIGHT_NORM_DENSE_KERNEL = 'SsganWeightNormDense';
export const WEIGHT_NORM_DENSE_GRAD_KERNEL = 'SsganWeightNormDenseGrad';

/** Activations of the fused weight-normalised layer, numbered as native/src/dense.h. */
export const WEIGHT_NORM_ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, sigmoid: 2 };
/** Inputs of the fused weight-normalised layer, numbered as its gradients in native/src/dense.h. */
export const WEIGHT_NORM_INPUTS = ['x', 'v', 'g', 'b'] as const;

export interface AdamStep {
  /** learningRate / (1 - beta1^t) */
  readonly stepSize: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** 1 / (1 - beta2^t) */
  readonly secondCorrection: number;
}

/**
 * One Adam step in the authors' form: m' = b1 m + (1 - b1) g, v' = b2 v + (1 - b2) g^2,
 * w' = w - stepSize * m' / sqrt(v' * secondCorrection + epsilon). Returns [w', m', v'].
 */
export function adamUpdate(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, step: AdamStep): [tf.Tensor, tf.Tensor, tf.Tensor] {
  if (tf.getKernel(ADAM_KERNEL, tf.getBackend()) && w.dtype === 'float32' && g.dtype === 'float32') {
    const attrs = { ...step } as unknown as tf.NamedAttrMap;
    return tf.engine().runKernel(ADAM_KERNEL, { w, g, m, v }, attrs) as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  return tf.tidy(() => {
    const m2 = tf.add(tf.mul(m, step.beta1), tf.mul(g, 1 - step.beta1));
    const v2 = tf.add(tf.mul(v, step.beta2), tf.mul(tf.square(g), 1 - step.beta2));
    const denominator = tf.sqrt(tf.add(tf.mul(v2, step.secondCorrection), step.epsilon));
    return [tf.sub(w, tf.mul(tf.div(m2, denominator), step.stepSize)), m2, v2];
  });
}

/**
 * The Adam step written over w, m and v, where the backend has the kernel and no other tensor shares
 * their memory (a clone, a pending saved input): no new buffers, and one pass that reads and writes
 * the same memory. Returns false where it cannot, and then nothing has changed.
 */
export function adamUpdateInPlace(w: tf.Variable, g: tf.Tensor, m: tf.Variable, v: tf.Variable, step: AdamStep): boolean {
  if (!inPlacePossible(ADAM_IN_PLACE_KERNEL, [w, m, v], [g])) return false;
  tf.engine().runKernel(ADAM_IN_PLACE_KERNEL, { w, g, m, v }, { ...step } as unknown as tf.NamedAttrMap);
  return true;
}

/** The weight-average step written over `average`, as adamUpdateInPlace; false where it cannot. */
export function movingAverageUpdateInPlace(average: tf.Variable, w: tf.Tensor, rate: number): boolean {
  if (!inPlacePossible(MOVING_AVERAGE_IN_PLACE_KERNEL, [average], [w])) return false;
  tf.engine().runKernel(MOVING_AVERAGE_IN_PLACE_KERNEL, { average, w }, { rate });
  return true;
}

/** The kernel exists, every tensor is float32, and each written one is the only user of its memory. */
function inPlacePossible(kernelName: string, written: tf.Tensor[], read: tf.Tensor[]): boolean {
  const backend = tf.backend();
  return Boolean(tf.getKernel(kernelName, tf.getBackend())) &&
    [...written, ...read].every((t) => t.dtype === 'float32') &&
    written.every((t) => backend.refCount(t.dataId) === 1);
}

/** The counter-based noise stream (key k0, k1) and the first counter a draw uses. */
export interface NormalDraw {
  readonly std: number;
  readonly k0: number;
  readonly k1: number;
  readonly counter: number;
}

/** x + std * N(0, 1) from the draw's counters, as ADD_NORMAL_KERNEL (differentiable: dx = dy). */
export function addNormalKernel(x: tf.Tensor, draw: NormalDraw): tf.Tensor {
  return tf.engine().runKernel(ADD_NORMAL_KERNEL, { x }, { ...draw } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Inverted dropout's mask: the counters of its uniforms, the rate, and 1 / (1 - rate). */
export interface DropoutDraw {
  readonly rate: number;
  readonly scale: number;
  readonly k0: number;
  readonly k1: number;
  readonly counter: number;
}

/**
 * x * (u >= rate ? scale : 0) with u the stream's uniforms at the draw's counters, as
 * DROPOUT_KERNEL. Its gradient is the same kernel on dy: the mask is drawn again, not stored.
 */
export function dropoutKernel(x: tf.Tensor, draw: DropoutDraw): tf.Tensor {
  return tf.engine().runKernel(DROPOUT_KERNEL, { x }, { ...draw } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** average + rate * (w - average): one step of a weight average (Polyak / EMA), in one pass. */
export function movingAverageUpdate(average: tf.Tensor, w: tf.Tensor, rate: number): tf.Tensor {
  if (tf.getKernel(MOVING_AVERAGE_KERNEL, tf.getBackend()) && average.dtype === 'float32' && w.dtype === 'float32') {
    return tf.engine().runKernel(MOVING_AVERAGE_KERNEL, { average, w }, { rate }) as tf.Tensor;
  }
  return tf.tidy(() => tf.add(average, tf.mul(tf.sub(w, average), rate)));
}

/** Activations fusedConv2d applies inside the kernel: those whose derivative the output determines. */
export type ConvActivation = 'linear' | 'relu' | 'leakyrelu';

export interface FusedConv2DOptions {
  readonly strides: number;
  readonly pad: 'same' | 'valid';
  readonly activation: ConvActivation;
  /** Slope of leakyrelu for negative inputs; must be positive, so the output's sign is the input's. */
  readonly leakyreluAlpha?: number;
}

/**
 * act(conv2d(x, filter) + bias) as one FusedConv2D kernel (NHWC), differentiable through the
 * gradient registered below. tf.fused.conv2d cannot do this: while a gradient is being taken it runs
 * the activation as a separate op, one more pass over the layer's output each way.
 */
export function fusedConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, options: FusedConv2DOptions): tf.Tensor4D {
  const alpha = options.leakyreluAlpha ?? 0;
  if (options.activation === 'leakyrelu' && !(alpha > 0)) throw new Error(`fusedConv2d: leakyreluAlpha must be positive, not ${alpha}`);
  registerFusedConvGradient();
  const attrs = {
    strides: options.strides, pad: options.pad, dataFormat: 'NHWC', dilations: 1, activation: options.activation, leakyreluAlpha: alpha,
  };
  return tf.engine().runKernel(tf.FusedConv2D, { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/**
 * The FusedConv2D gradient for fusedConv2d: the activation's derivative from the saved output
 * (one pass), then each input's gradient only when autodiff asks for it, so a generator step
 * through D computes no filter gradients. tfjs's own fused op computes all of them every time.
 */
function registerFusedConvGradient(): void {
  if (fusedConvGradientRegistered) return;
  fusedConvGradientRegistered = true;
  tf.registerGradient({
    kernelName: tf.FusedConv2D,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved;
      const a = attrs as unknown as tf.FusedConv2DAttrs;
      if (a.dilations !== 1 && !(Array.isArray(a.dilations) && a.dilations.every((d) => d === 1))) {
        throw new Error('FusedConv2D gradient: dilated convolutions are not supported');
      }
      const dz = activationGradient(dy as tf.Tensor, y, a.activation, a.leakyreluAlpha);
      const shared = { strides: a.strides, pad: a.pad, dataFormat: a.dataFormat, dimRoundingMode: a.dimRoundingMode };
      return {
        x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dz, filter }, { ...shared, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dz }, { ...shared, filterShape: filter.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
        bias: () => tf.sum(dz, [0, 1, 2]),
      };
    },
  });
}

let fusedConvGradientRegistered = false;

/** d act / d z times dy, from act's output y: relu is leaky ReLU with slope 0. */
function activationGradient(dy: tf.Tensor, y: tf.Tensor, activation: string | undefined, alpha: number | undefined): tf.Tensor {
  switch (activation ?? 'linear') {
    case 'linear':
      return dy;
    case 'relu':
      return leakyReluGrad(dy, y, 0);
    case 'leakyrelu':
      return leakyReluGrad(dy, y, alpha ?? 0);
    default:
      throw new Error(`FusedConv2D gradient: activation '${activation}' is not supported`);
  }
}

/**
 * act((x V) * g / ||V|| + b) with ||V|| = sqrt(column sums of V^2 + epsilon): a weight-normalised
 * dense layer as one kernel forward and one per needed gradient, where the backend has it; else
 * undefined, and the caller composes it from tfjs ops (x (V g / ||V||) + b, the same arithmetic).
 */
export function weightNormDense(x: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, activation: string, epsilon: number): tf.Tensor2D | undefined {
  const float = [x, v, g, b].every((t) => t.dtype === 'float32');
  if (!float || WEIGHT_NORM_ACTIVATIONS[activation] === undefined || !tf.getKernel(WEIGHT_NORM_DENSE_KERNEL, tf.getBackend())) return undefined;
  const [y, norm, product] = tf.engine().runKernel(WEIGHT_NORM_DENSE_KERNEL, { x, v, g, b }, { activation, epsilon }) as tf.Tensor[];
  // The kernel's other outputs, the column norms and x V, only serve its gradient, which keeps them.
  tf.dispose([norm, product]);
  return y as tf.Tensor2D;
}

/**
 * Replaces tfjs's LeakyRelu gradient (where(x > 0, dy, alpha dy)) and Softplus gradient
 * (dy sigmoid(x)) with fused kernels where the active backend has them, the weight-normalised
 * layer's gradient with one kernel per input, and the Sum and Mean gradients, which tfjs computes as dy times a tensor
 * of ones filled in JavaScript (784,000 of them per step for a weight-normalised 784x1000 layer),
 * with ones filled by the backend (wasm's Tile, the obvious broadcast, is slower still). The arithmetic is the same. Also the
 * gradients of the noise and dropout kernels. Safe to call more than once.
 */
export function registerFusedGradients(): void {
  for (const kernelName of [tf.Sum, tf.Mean]) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const [x] = saved;
        const axes = tf.util.parseAxisParam((attrs as unknown as tf.SumAttrs).axis, x.shape);
        const count = kernelName === tf.Mean ? axes.reduce((n, axis) => n * x.shape[axis], 1) : 1;
        return { x: () => broadcastReduced(dy as tf.Tensor, x, axes, count) };
      },
    });
  }
  tf.registerGradient({
    kernelName: WEIGHT_NORM_DENSE_KERNEL,
    inputsToSave: ['x', 'v', 'g'],
    outputsToSave: [true, true, true],
    // One kernel per input, so autodiff runs only the products it needs; the norms and x V come
    // from the forward pass instead of another read of V and another product.
    gradFunc: (dys, saved, attrs) => {
      const [x, v, g, y, norm, product] = saved;
      const dy = (dys as tf.Tensor[])[0];
      const grad = (wrt: number) => () =>
        tf.engine().runKernel(WEIGHT_NORM_DENSE_GRAD_KERNEL, { dy, y, norm, product, x, v, g }, { ...attrs, wrt } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return Object.fromEntries(WEIGHT_NORM_INPUTS.map((name, wrt) => [name, grad(wrt)]));
    },
  });
  tf.registerGradient({ kernelName: ADD_NORMAL_KERNEL, gradFunc: (dy) => ({ x: () => dy as tf.Tensor }) });
  // Dropout's gradient is the same mask on dy, drawn again from the forward pass's counters.
  tf.registerGradient({
    kernelName: DROPOUT_KERNEL,
    gradFunc: (dy, _saved, attrs) => ({ x: () => tf.engine().runKernel(DROPOUT_KERNEL, { x: dy as tf.Tensor }, attrs) as tf.Tensor }),
  });
  tf.registerGradient({
    kernelName: tf.Softplus,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      return { x: () => softplusGrad(dy as tf.Tensor, x) };
    },
  });
  tf.registerGradient({
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const alpha = (attrs as unknown as tf.LeakyReluAttrs).alpha;
      return { x: () => leakyReluGrad(dy as tf.Tensor, x, alpha) };
    },
  });
}

function leakyReluGrad(dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  if (tf.getKernel(LEAKY_RELU_GRAD_KERNEL, tf.getBackend()) && x.dtype === 'float32' && dy.dtype === 'float32') {
    return tf.engine().runKernel(LEAKY_RELU_GRAD_KERNEL, { dy, x }, { alpha }) as tf.Tensor;
  }
  return tf.where(tf.greater(x, 0), dy, tf.mul(dy, alpha));
}

/** dy * sigmoid(x), tfjs's own Softplus gradient, in one pass where the backend has the kernel. */
function softplusGrad(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (tf.getKernel(SOFTPLUS_GRAD_KERNEL, tf.getBackend()) && x.dtype === 'float32' && dy.dtype === 'float32') {
    return tf.engine().runKernel(SOFTPLUS_GRAD_KERNEL, { dy, x }) as tf.Tensor;
  }
  return tf.mul(dy, tf.sigmoid(x));
}

/** dy / count, spread back over the shape of the reduced tensor x. */
function broadcastReduced(dy: tf.Tensor, x: tf.Tensor, axes: number[], count: number): tf.Tensor {
  return tf.tidy(() => {
    const kept = tf.reshape(dy, tf.backend_util.expandShapeToKeepDim(x.shape.filter((_, i) => !axes.includes(i)), axes));
    return tf.mul(count === 1 ? kept : tf.div(kept, count), tf.onesLike(x));
  });
}
