/**
 * The cpu backend's Conv2DBackpropFilter of src/engine/conv-gradient-kernels.ts (the filter gradient
 * as one Conv2D of the transposed input by dy) against the kernel tfjs-backend-cpu ships, an
 * independent loop over the definition. Agreement: 1e-4 of the largest reference value.
 */
import test, { type ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/engine/backend';
import { Rng } from '../src/engine/random';

const TOLERANCE = 1e-4;
const rng = new Rng(5);
const shipped = tf.getKernel(tf.Conv2DBackpropFilter, 'cpu');

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

function random(shape: number[]): tf.Tensor4D {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillUniform(values, -1, 1);
  return tf.tensor4d(values, shape as [number, number, number, number]);
}

function agree(t: ExecutionContext, xShape: number[], filterShape: [number, number, number, number], stride: number, pad: Pad): void {
  tf.tidy(() => {
    const x = random(xShape);
    const outShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, stride, pad).shape;
    const dy = random(outShape);
    const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape };
    const wantInfo = shipped!.kernelFunc({ inputs: { x, dy }, backend: tf.backend(), attrs: attrs as unknown as tf.NamedAttrMap }) as tf.TensorInfo;
    const want = tf.backend().readSync(wantInfo.dataId) as Float32Array;
    tf.backend().disposeData(wantInfo.dataId);
    const got = (tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync();
    t.deepEqual(wantInfo.shape, filterShape);
    t.is(got.length, want.length);
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    t.true(worst <= TOLERANCE * scale, `max error ${worst} of ${scale} (x ${xShape}, filter ${filterShape}, stride ${stride}, ${JSON.stringify(pad)})`);
  });
}

test.before(async () => {
  if (!shipped) throw new Error('tfjs-backend-cpu ships no Conv2DBackpropFilter kernel to compare with');
  await selectBackend('cpu');
});

test.serial('selecting cpu replaces its shipped filter gradient', (t) => {
  t.not(tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')!.kernelFunc, shipped!.kernelFunc);
});

for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    test.serial(`3x3, stride ${stride}, '${pad}': the filter gradient equals the shipped kernel's`, (t) => {
      agree(t, [3, 9, 9, 5], [3, 3, 5, 7], stride, pad);
      agree(t, [2, 8, 7, 3], [3, 3, 3, 4], stride, pad);
    });
  }
}

test.serial('1x1 (NIN), 5x5 and unequal filters, stride 3 and explicit padding agree too', (t) => {
  agree(t, [2, 6, 6, 8], [1, 1, 8, 6], 1, 'valid');
  agree(t, [2, 6, 6, 4], [1, 1, 4, 3], 2, 'same');
  agree(t, [2, 11, 11, 3], [5, 5, 3, 4], 2, 'same');
  agree(t, [1, 10, 11, 2], [4, 2, 2, 3], 3, 'same');
  agree(t, [1, 7, 6, 2], [3, 3, 2, 2], 2, [[0, 0], [2, 1], [0, 3], [0, 0]]);
});

test.serial('the kernel frees every intermediate tensor', (t) => {
  const before = tf.memory().numTensors;
  const beforeIds = tf.backend().numDataIds();
  agree(t, [2, 8, 8, 3], [3, 3, 3, 4], 2, 'same');
  t.is(tf.memory().numTensors, before);
  t.is(tf.backend().numDataIds(), beforeIds);
});
