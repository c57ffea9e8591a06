/**
 * The engine's kernels against tfjs's pure-JavaScript cpu backend: the native (OpenBLAS) kernels
 * on random shapes, transposed operands, batch products, fused bias + activation, convolutions and
 * their gradients, leading-axis reductions and row gathers. Results agree to 1e-4 of the largest
 * reference value; transposed and plain products agree on every backend. The fused convolution
 * (bias and activation in the kernel, in training too) agrees with the same layer op by op, and
 * with its gradients, to the same tolerance on both backends.
 */
import { spawnSync } from 'node:child_process';
import test, { type ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/engine/backend';
import {
  adamUpdate, adamUpdateInPlace, fusedConv2d, movingAverageUpdate, movingAverageUpdateInPlace, weightNormDense,
} from '../src/engine/fused-ops';
import { loadNative } from '../src/engine/native';
import { Rng } from '../src/engine/random';

const TOLERANCE = 1e-4;
const rng = new Rng(7);

interface HostTensor {
  values: Float32Array;
  shape: number[];
}

function random(shape: number[]): HostTensor {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillUniform(values, -1, 1);
  return { values, shape };
}

/** Runs `fn` on the named backend, on tensors made there from host values; returns host values. */
async function on(backend: 'cpu' | 'wasm', inputs: HostTensor[], fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const out = fn(...inputs.map((x) => tf.tensor(x.values, x.shape)));
    return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
  });
}

function close(t: ExecutionContext, got: Float32Array[], want: Float32Array[], what: string): void {
  t.is(got.length, want.length, what);
  want.forEach((w, i) => {
    const scale = w.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
    let worst = 0;
    for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(got[i][j] - w[j]));
    t.true(got[i].length === w.length && worst <= TOLERANCE * scale, `${what} output ${i}: max error ${worst} of ${scale}`);
  });
}

async function agree(t: ExecutionContext, what: string, inputs: HostTensor[], fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<void> {
  const want = await on('cpu', inputs, fn);
  close(t, await on('wasm', inputs, fn), want, what);
}

const dim = (): number => 1 + rng.int(70);

test.before(async () => {
  await selectBackend('wasm');
});

/** Whether the dynamic linker can find OpenBLAS (Debian: libopenblas0-pthread, as CI installs it). */
function openBlasInstalled(): boolean {
  const listing = spawnSync('ldconfig', ['-p'], { encoding: 'utf8', env: { ...process.env, PATH: `${process.env.PATH}:/sbin:/usr/sbin` } });
  return /\blibopenblas\.so\.0\b/.test(listing.stdout ?? '');
}

test.serial('with OpenBLAS installed the native addon loads, and the wasm backend names it; without, neither', async (t) => {
  const info = await selectBackend('wasm');
  const native = loadNative();
  const expected = openBlasInstalled() && process.env.SSGAN_NATIVE !== '0';
  t.log(`OpenBLAS ${expected ? 'installed' : 'not installed (or SSGAN_NATIVE=0)'}; ${native.addon ? `native: ${native.detail}` : `no native kernels: ${native.detail}`}`);
  t.is(Boolean(native.addon), expected, `the addon ${expected ? 'did not load though OpenBLAS is installed' : 'loaded without OpenBLAS'}: ${native.detail}`);
  if (expected) t.regex(info.detail, /OpenBLAS/);
  else t.notRegex(info.detail, /OpenBLAS/);
});

test.serial('products with transposed operands, batches and broadcast batches match the cpu backend', async (t) => {
  for (let trial = 0; trial < 12; trial++) {
    const [m, n, k] = [dim(), dim(), dim()];
    const transposeA = trial % 2 === 1;
    const transposeB = trial % 4 >= 2;
    const batch = 1 + (trial % 3);
    const a = random(transposeA ? [batch, k, m] : [batch, m, k]);
    const b = random(transposeB ? [trial % 3 === 2 ? 1 : batch, n, k] : [trial % 3 === 2 ? 1 : batch, k, n]);
    await agree(t, `matMul ${batch}x${m}x${n}x${k} tA=${transposeA} tB=${transposeB}`, [a, b], (x, y) =>
      tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, transposeA, transposeB),
    );
  }
});

test.serial('fused products with bias and each activation match the cpu backend', async (t) => {
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid'] as const) {
    const [m, n, k] = [dim(), dim(), dim()];
    await agree(t, `fused ${activation}`, [random([m, k]), random([n, k]), random([n])], (x, w, bias) =>
      tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, transposeB: true, bias, activation, leakyreluAlpha: 0.2 }),
    );
  }
});

test.serial('gradients of a fused dense layer match the cpu backend', async (t) => {
  const inputs = [random([37, 53]), random([53, 29]), random([29])];
  await agree(t, 'dense gradients', inputs, (x, w, bias) =>
    tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.square(tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: 'relu' }))),
    )([x, w, bias]),
  );
});

test.serial('transposed and plain products are equal on every backend', async (t) => {
  const a = random([31, 17]);
  const b = random([31, 23]);
  for (const backend of ['cpu', 'wasm'] as const) {
    const [viaFlag, viaTranspose] = await on(backend, [a, b], (x, y) => [
      tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, true, false),
      tf.matMul(tf.transpose(x) as tf.Tensor2D, y as tf.Tensor2D),
    ]);
    close(t, [viaFlag], [viaTranspose], `${backend}: transposed vs plain`);
  }
});

test.serial('convolutions and both of their gradients match the cpu backend', async (t) => {
  const cases: { x: number[]; f: number[]; stride: number; pad: 'same' | 'valid' }[] = [
    { x: [3, 9, 9, 5], f: [3, 3, 5, 7], stride: 1, pad: 'same' },
    { x: [2, 10, 8, 4], f: [3, 3, 4, 6], stride: 2, pad: 'same' },
    { x: [2, 11, 11, 3], f: [5, 5, 3, 4], stride: 2, pad: 'valid' },
    { x: [4, 6, 6, 8], f: [1, 1, 8, 5], stride: 1, pad: 'valid' },
  ];
  for (const c of cases) {
    await agree(t, `conv2d ${c.x} * ${c.f} s${c.stride} ${c.pad}`, [random(c.x), random(c.f)], (x, f) => {
      const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad)));
      return [tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), ...tf.grads(loss)([x, f])];
    });
  }
});

test.serial('transposed convolutions (the generators\' upsampling) match the cpu backend', async (t) => {
  await agree(t, 'conv2dTranspose', [random([3, 4, 4, 6]), random([5, 5, 5, 6])], (x, f) =>
    tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [3, 8, 8, 5], 2, 'same'),
  );
});

test.serial('fused convolution with bias and leaky ReLU matches the cpu backend', async (t) => {
  await agree(t, 'fused conv2d', [random([2, 7, 7, 3]), random([3, 3, 3, 4]), random([4])], (x, f, bias) =>
    tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: 1, pad: 'same', bias, activation: 'leakyrelu', leakyreluAlpha: 0.2 }),
  );
});

test.serial('sums and means over leading axes, and row gathers, match the cpu backend', async (t) => {
  const x = random([6, 5, 4]);
  await agree(t, 'reductions', [x], (a) => [tf.sum(a, 0), tf.mean(a, [0, 1]), tf.sum(a, 0, true), tf.sum(a, 2), tf.mean(a)]);
  await agree(t, 'gather', [x], (a) => tf.gather(a, tf.tensor1d([5, 0, 0, 3], 'int32')));
});

test.serial('the fused Adam step matches the same step as tfjs ops on the cpu backend', async (t) => {
  const step = { stepSize: 0.003 / (1 - 0.5 ** 3), beta1: 0.5, beta2: 0.999, epsilon: 1e-8, secondCorrection: 1 / (1 - 0.999 ** 3) };
  const v = random([40, 30]);
  v.values.forEach((x, i) => (v.values[i] = Math.abs(x)));
  await agree(t, 'adam', [random([40, 30]), random([40, 30]), random([40, 30]), v], (w, g, m, v2) => adamUpdate(w, g, m, v2, step));
});

test.serial('the Adam and weight-average steps in place equal the out-of-place steps bit for bit, and refuse shared memory', async (t) => {
  t.truthy(loadNative().addon, 'the native addon is loaded');
  const step = { stepSize: 0.003 / (1 - 0.5 ** 3), beta1: 0.5, beta2: 0.999, epsilon: 1e-8, secondCorrection: 1 / (1 - 0.999 ** 3) };
  // 300,000 values: both native threads take part.
  const [w, g, m, v] = [0, 1, 2, 3].map((i) => random([600, 500]).values.map((x) => (i === 3 ? Math.abs(x) : x)));
  // A variable made from a tensor shares its memory until that tensor is freed.
  const own = (values: Float32Array): tf.Variable => tf.tidy(() => tf.variable(tf.tensor(values, [600, 500])));
  const variables = [w, m, v].map(own);
  const gradient = tf.tensor(g, [600, 500]);
  const [w2, m2, v2] = adamUpdate(variables[0], gradient, variables[1], variables[2], step);
  t.true(adamUpdateInPlace(variables[0], gradient, variables[1], variables[2], step), 'Adam ran in place');
  [w2, m2, v2].forEach((want, i) => t.deepEqual(variables[i].dataSync(), want.dataSync(), `Adam output ${i}`));
  const average = own(m);
  const wantAverage = movingAverageUpdate(average, variables[0], 1e-4);
  t.true(movingAverageUpdateInPlace(average, variables[0], 1e-4), 'the average ran in place');
  t.deepEqual(average.dataSync(), wantAverage.dataSync());
  // A clone shares the variable's memory: writing in place would change the clone too.
  const clone = tf.clone(variables[0]);
  const before = clone.dataSync().slice();
  t.false(adamUpdateInPlace(variables[0], gradient, variables[1], variables[2], step), 'Adam refuses shared memory');
  t.false(movingAverageUpdateInPlace(clone, average, 1e-4), 'the average refuses shared memory');
  t.deepEqual(clone.dataSync(), before);
  tf.dispose([...variables, gradient, w2, m2, v2, average, wantAverage, clone]);
});

test.serial('leaky ReLU and its gradient match the cpu backend', async (t) => {
  await agree(t, 'leaky relu', [random([7, 9, 11, 5])], (x) => [
    tf.leakyRelu(x, 0.2),
    tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(a, 0.2), a)))(x),
  ]);
});

test.serial('the fused weight-normalised dense layer and its gradients match tfjs ops on the cpu backend', async (t) => {
  // Random small shapes run each pass on one native thread; 300 x 200 x 400 splits them over two.
  const cases = [...['relu', 'linear', 'sigmoid'].map((a) => ({ activation: a, shape: [dim(), dim(), dim()] })), { activation: 'relu', shape: [300, 200, 400] }];
  for (const { activation, shape } of cases) {
    const [rows, inner, units] = shape;
    const inputs = [random([rows, inner]), random([inner, units]), random([units]), random([units])];
    await agree(t, `weight-norm dense ${activation} ${rows}x${inner}x${units}`, inputs, (x, v, g, b) => {
      // On wasm with the addon the fused kernels run; on cpu the same arithmetic as tfjs ops.
      const layer = (...a: tf.Tensor[]): tf.Tensor => {
        const [x2, v2, g2, b2] = a as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
        const fused = weightNormDense(x2, v2, g2, b2, activation, 1e-6);
        if (fused) return fused;
        const kernel = tf.mul(v2, tf.div(g2, tf.sqrt(tf.add(tf.sum(tf.square(v2), 0), 1e-6))));
        const y = tf.add(tf.matMul(x2, kernel), b2);
        return activation === 'relu' ? tf.relu(y) : activation === 'sigmoid' ? tf.sigmoid(y) : y;
      };
      const loss = (...a: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(layer(...a), tf.sin(tf.range(0, rows * units).reshape([rows, units]))));
      return [layer(x, v, g, b), ...tf.grads(loss)([x, v, g, b])];
    });
  }
});

test.serial('softplus and its gradient match the cpu backend, on one and on both native threads', async (t) => {
  for (const shape of [[9, 13, 7], [3, 128, 256]]) {
    const x = random(shape);
    x.values.forEach((v, i) => (x.values[i] = 30 * v));
    // Where e^x overflows float32 a naive log(1 + e^x) gives Infinity.
    x.values.set([100, -100, 88.8, -88.8]);
    await agree(t, `softplus of ${x.values.length} values`, [x], (a) => [
      tf.softplus(a),
      tf.grad((b: tf.Tensor) => tf.sum(tf.mul(tf.softplus(b), b)))(a),
    ]);
  }
});

test.serial('leaky ReLU and its gradient on both native threads match the cpu backend', async (t) => {
  await agree(t, 'leaky relu, 3 x 65,536 values', [random([3, 256, 256])], (x) => [
    tf.leakyRelu(x, 0.2),
    tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(a, 0.2), a)))(x),
  ]);
});

test.serial('the fused convolution and its gradients equal the layer op by op, on both backends', async (t) => {
  const cases: { x: number[]; f: number[]; stride: number; pad: 'same' | 'valid'; activation: 'linear' | 'relu' | 'leakyrelu' }[] = [
    { x: [3, 9, 9, 5], f: [3, 3, 5, 7], stride: 1, pad: 'same', activation: 'leakyrelu' },
    { x: [2, 10, 8, 4], f: [3, 3, 4, 6], stride: 2, pad: 'same', activation: 'leakyrelu' },
    { x: [2, 9, 9, 3], f: [3, 3, 3, 4], stride: 1, pad: 'valid', activation: 'relu' },
    { x: [4, 6, 6, 8], f: [1, 1, 8, 5], stride: 1, pad: 'valid', activation: 'linear' },
  ];
  const opByOp = (c: (typeof cases)[number], x: tf.Tensor, f: tf.Tensor, bias: tf.Tensor): tf.Tensor => {
    const z = tf.add(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.stride, c.pad), bias);
    return c.activation === 'leakyrelu' ? tf.leakyRelu(z, 0.2) : c.activation === 'relu' ? tf.relu(z) : z;
  };
  const fused = (c: (typeof cases)[number], x: tf.Tensor, f: tf.Tensor, bias: tf.Tensor): tf.Tensor =>
    fusedConv2d(x as tf.Tensor4D, f as tf.Tensor4D, bias as tf.Tensor1D, { strides: c.stride, pad: c.pad, activation: c.activation, leakyreluAlpha: 0.2 });
  for (const c of cases) {
    const weights = random([c.x[0] * c.x[1] * c.x[2] * c.f[3]]);
    const withGradients = (layer: typeof fused) => (x: tf.Tensor, f: tf.Tensor, bias: tf.Tensor, r: tf.Tensor): tf.Tensor[] => {
      const y = layer(c, x, f, bias);
      const loss = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor): tf.Scalar => tf.sum(tf.mul(layer(c, a, b, d), tf.reshape(tf.slice(r, 0, y.size), y.shape)));
      return [y, ...tf.grads(loss)([x, f, bias])];
    };
    const inputs = [random(c.x), random(c.f), random([c.f[3]]), weights];
    const want = await on('cpu', inputs, withGradients(opByOp));
    for (const backend of ['cpu', 'wasm'] as const) {
      close(t, await on(backend, inputs, withGradients(fused)), want, `${backend} fused ${c.activation} conv ${c.x} * ${c.f} s${c.stride} ${c.pad}`);
    }
  }
});

test.serial('the fused convolution computes only the gradients asked for, and leaks nothing', async (t) => {
  const [x, f, bias] = [tf.randomNormal([2, 6, 6, 3]), tf.randomNormal([3, 3, 3, 4]), tf.randomNormal([4])];
  const layer = (a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(fusedConv2d(a as tf.Tensor4D, b as tf.Tensor4D, bias as tf.Tensor1D, { strides: 1, pad: 'same', activation: 'leakyrelu', leakyreluAlpha: 0.2 }));
  const before = tf.memory().numTensors;
  // tf.profile reuses its result object: read each before the next call.
  const toInput = await tf.profile(() => tf.grad((a: tf.Tensor) => layer(a, f))(x));
  t.true(toInput.kernelNames.includes(tf.Conv2DBackpropInput) && !toInput.kernelNames.includes(tf.Conv2DBackpropFilter), `${toInput.kernelNames}`);
  tf.dispose(toInput.result as tf.Tensor);
  const toFilter = await tf.profile(() => tf.grad((b: tf.Tensor) => layer(x, b))(f));
  t.true(toFilter.kernelNames.includes(tf.Conv2DBackpropFilter) && !toFilter.kernelNames.includes(tf.Conv2DBackpropInput), `${toFilter.kernelNames}`);
  tf.dispose(toFilter.result as tf.Tensor);
  t.is(tf.memory().numTensors, before);
  tf.dispose([x, f, bias]);
});

test.serial('the fused weight-average step matches tfjs ops on the cpu backend', async (t) => {
  await agree(t, 'moving average', [random([300, 7]), random([300, 7])], (average, w) => movingAverageUpdate(average, w, 1e-4));
});

test.serial('gradients of sums and means over any axes are dy spread over the reduced axes', async (t) => {
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    const x = tf.tensor(random([4, 3, 5]).values, [4, 3, 5]);
    for (const axes of [[0], [1], [2], [0, 2], [0, 1, 2]]) {
      for (const mean of [false, true]) {
        const weights = tf.tidy(() => tf.range(1, 1 + tf.sum(x, axes).size).reshape(tf.sum(x, axes).shape));
        const got = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(mean ? tf.mean(a, axes) : tf.sum(a, axes), weights)))(x).dataSync();
        const count = axes.reduce((n, axis) => n * x.shape[axis], 1);
        const want = tf.tidy(() => tf.broadcastTo(tf.reshape(weights, tf.sum(x, axes, true).shape), x.shape).div(mean ? count : 1).dataSync());
        t.deepEqual(Array.from(got), Array.from(want), `${backend} ${mean ? 'mean' : 'sum'} over [${axes}]`);
        weights.dispose();
      }
    }
    x.dispose();
  }
  await tf.setBackend('wasm');
});
