/**
 * The wasm convolution-gradient kernels of src/engine/conv-gradient-kernels.ts (plain wasm, without the
 * native addon) against tfjs's cpu backend: gradients of conv2d with respect to input and filter for
 * stride 1 and 2, 'same' and 'valid' padding, odd sizes, 1x1 and explicit padding, and of the
 * generators' 5x5 stride-2 transposed convolution. Agreement: 1e-4 of the largest reference value.
 */
import test, { type ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConvGradientKernels } from '../src/engine/conv-gradient-kernels';
import { Rng } from '../src/engine/random';

const TOLERANCE = 1e-4;
const rng = new Rng(11);

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

interface Case {
  readonly x: number[];
  readonly filter: number[];
  readonly stride: number;
  readonly pad: Pad;
}

function random(shape: number[]): Float32Array {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillUniform(values, -1, 1);
  return values;
}

/** Output, d/dx and d/dfilter of sum(conv(x, w) * r) for a fixed random r, on one backend. */
async function convGradients(backend: string, c: Case, x: Float32Array, w: Float32Array, r: Float32Array, transposed: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const forward = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
      if (!transposed) return tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad);
      const [n, h, wd] = a.shape;
      const outShape: [number, number, number, number] = [n, h * c.stride, wd * c.stride, c.filter[2]];
      return tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, c.stride, 'same');
    };
    const xs = tf.tensor(x, c.x);
    const ws = tf.tensor(w, c.filter);
    const y = forward(xs, ws);
    const weightsOfY = tf.tensor(r.subarray(0, y.size), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(forward(a, b), weightsOfY)))([xs, ws]);
    return [y, dx, dw].map((t) => Float32Array.from(t.dataSync()));
  });
}

async function agree(t: ExecutionContext, c: Case, transposed = false): Promise<void> {
  const x = random(c.x);
  const w = random(c.filter);
  const r = random([c.x[0] * c.x[1] * c.x[2] * 16 * c.filter[3]]);
  const want = await convGradients('cpu', c, x, w, r, transposed);
  const got = await convGradients('wasm', c, x, w, r, transposed);
  ['output', 'input gradient', 'filter gradient'].forEach((what, i) => {
    const scale = want[i].reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
    let worst = 0;
    for (let j = 0; j < want[i].length; j++) worst = Math.max(worst, Math.abs(got[i][j] - want[i][j]));
    t.is(got[i].length, want[i].length, `${what}: size`);
    t.true(worst <= TOLERANCE * scale, `${what}: max error ${worst} of ${scale} (${JSON.stringify(c)})`);
  });
}

test.before(async () => {
  registerConvGradientKernels('wasm');
  await tf.setBackend('wasm');
  await tf.ready();
});

test.serial('wasm has a Conv2DBackpropFilter kernel once registered', (t) => {
  t.truthy(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm'));
});

for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    test.serial(`conv2d 3x3, stride ${stride}, '${pad}': wasm gradients equal cpu's`, async (t) => {
      await agree(t, { x: [3, 9, 9, 5], filter: [3, 3, 5, 7], stride, pad });
      // Odd, unequal sizes leave a remainder row or column for the stride.
      await agree(t, { x: [2, 8, 7, 3], filter: [3, 3, 3, 4], stride, pad });
    });
  }
}

test.serial('1x1 (NIN), 5x5 and unequal filters, stride 3 and explicit padding agree too', async (t) => {
  await agree(t, { x: [2, 6, 6, 8], filter: [1, 1, 8, 6], stride: 1, pad: 'valid' });
  await agree(t, { x: [2, 6, 6, 4], filter: [1, 1, 4, 3], stride: 2, pad: 'same' });
  await agree(t, { x: [2, 11, 11, 3], filter: [5, 5, 3, 4], stride: 2, pad: 'same' });
  await agree(t, { x: [1, 10, 11, 2], filter: [4, 2, 2, 3], stride: 3, pad: 'same' });
  await agree(t, { x: [1, 7, 6, 2], filter: [3, 3, 2, 2], stride: 2, pad: [[0, 0], [2, 1], [0, 3], [0, 0]] });
});

test.serial("the generators' 5x5 stride-2 transposed convolution: output and gradients agree", async (t) => {
  await agree(t, { x: [3, 4, 4, 16], filter: [5, 5, 8, 16], stride: 2, pad: 'same' }, true);
  await agree(t, { x: [2, 5, 3, 4], filter: [5, 5, 3, 4], stride: 2, pad: 'same' }, true);
});

test.serial('the kernels free every intermediate buffer', async (t) => {
  await tf.setBackend('wasm');
  const backend = tf.backend();
  const before = backend.numDataIds();
  const c: Case = { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same' };
  await convGradients('wasm', c, random(c.x), random(c.filter), random([2 * 8 * 8 * 4]), false);
  const g: Case = { x: [2, 4, 4, 4], filter: [5, 5, 2, 4], stride: 2, pad: 'same' };
  await convGradients('wasm', g, random(g.x), random(g.filter), random([2 * 8 * 8 * 2]), true);
  t.is(backend.numDataIds(), before);
});
