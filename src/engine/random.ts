/**
 * Seeded randomness. Every random draw of a run comes from streams derived from its seed, so the
 * same seed gives the same labeled subset, batch order, noise and losses on the same backend.
 */
import * as tf from '@tensorflow/tfjs';
import { CounterNoise, type CounterNoiseState } from './counter-noise';
import { ADD_NORMAL_KERNEL, DROPOUT_KERNEL, addNormalKernel, dropoutKernel } from './fused-ops';
import { type NativeAddon, loadNative } from './native';
import { type WasmBackend, heapOf, offsetOf } from './wasm-heap';

/** xoshiro128** generator: small, fast, with a state that fits in a checkpoint. */
export class Rng {
  private readonly s: Uint32Array;

  constructor(seed: number | Uint32Array) {
    if (typeof seed !== 'number') {
      this.s = Uint32Array.from(seed);
      return;
    }
    // splitmix32 spreads a small integer seed over the 128-bit state.
    this.s = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  get state(): Uint32Array {
    return Uint32Array.from(this.s);
  }

  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  fillUniform(out: Float32Array, low: number, high: number): void {
    const span = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + span * this.nextFloat();
  }

  /** Standard normals scaled by `std` (Box-Muller, both values of each pair used). */
  fillNormal(out: Float32Array, std: number): void {
    const n = out.length;
    for (let i = 0; i < n; i += 2) {
      const u1 = (this.nextUint32() + 1) / 4294967297;
      const u2 = this.nextFloat();
      const r = std * Math.sqrt(-2 * Math.log(u1));
      const a = 2 * Math.PI * u2;
      out[i] = r * Math.cos(a);
      if (i + 1 < n) out[i + 1] = r * Math.sin(a);
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Generator states of a RandomStreams, for checkpoints that resume bit-exactly. */
export interface RandomState {
  shuffle: number[];
  noise: number[];
  tensorNoise: CounterNoiseState;
}

/** The independent random streams of one training seed. */
export class RandomStreams {
  /**
   * @param shuffle batch order
   * @param noise other host-side draws of the networks and the sampler
   * @param tensorNoise the noise tensors: noise layers, instance noise, latent vectors
   */
  constructor(readonly shuffle: Rng, readonly noise: Rng, readonly tensorNoise: CounterNoise) {}

  static fromSeed(seed: number): RandomStreams {
    const root = new Rng(seed);
    const shuffle = new Rng(root.nextUint32());
    const noise = new Rng(root.nextUint32());
    return new RandomStreams(shuffle, noise, new CounterNoise(root.nextUint32(), root.nextUint32()));
  }

  /** N(0, std^2) values of the given shape. */
  normal(shape: number[], std: number): tf.Tensor {
    return fillTensor(shape, this.tensorNoise, (native, heap, offset, n, counter) => {
      if (native) native.fillNormal(heap, offset, n, std, this.tensorNoise.k0, this.tensorNoise.k1, counter, -1);
      else this.tensorNoise.fillNormalAt(floatsAt(heap, offset, n), std, counter);
    });
  }

  /**
   * x + N(0, std^2) noise of x's shape: the values of tf.add(x, this.normal(x.shape, std)), from
   * the same counters, in one kernel and one pass where the engine has it (the noise layers).
   */
  addNormal(x: tf.Tensor, std: number): tf.Tensor {
    if (x.dtype === 'float32' && tf.getKernel(ADD_NORMAL_KERNEL, tf.getBackend())) {
      const { k0, k1 } = this.tensorNoise;
      return addNormalKernel(x, { std, k0, k1, counter: this.tensorNoise.take(x.size) });
    }
    return tf.tidy(() => tf.add(x, this.normal(x.shape, std)));
  }

  /**
   * Inverted dropout of x: zero where this stream's U[0, 1) value is below `rate`, x / (1 - rate)
   * elsewhere. The values of the same composition of tfjs ops, from the same counters, in one
   * kernel where the engine has it.
   */
  dropout(x: tf.Tensor, rate: number): tf.Tensor {
    const scale = 1 / (1 - rate);
    if (x.dtype === 'float32' && tf.getKernel(DROPOUT_KERNEL, tf.getBackend())) {
      const { k0, k1 } = this.tensorNoise;
      return dropoutKernel(x, { rate, scale, k0, k1, counter: this.tensorNoise.take(x.size) });
    }
    return tf.tidy(() => tf.mul(x, tf.cast(tf.greaterEqual(this.uniform(x.shape), rate), 'float32').mul(scale)));
  }

  /** U[low, high) values of the given shape. */
  uniform(shape: number[], low = 0, high = 1): tf.Tensor {
    return fillTensor(shape, this.tensorNoise, (native, heap, offset, n, counter) => {
      if (native) native.fillUniform(heap, offset, n, low, high, this.tensorNoise.k0, this.tensorNoise.k1, counter);
      else this.tensorNoise.fillUniformAt(floatsAt(heap, offset, n), low, high, counter);
    });
  }

  getState(): RandomState {
    return { shuffle: Array.from(this.shuffle.state), noise: Array.from(this.noise.state), tensorNoise: this.tensorNoise.state };
  }

  static fromState(state: RandomState): RandomStreams {
    return new RandomStreams(
      new Rng(Uint32Array.from(state.shuffle)),
      new Rng(Uint32Array.from(state.noise)),
      CounterNoise.fromState(state.tensorNoise),
    );
  }
}

type Fill = (native: NativeAddon | undefined, heap: Uint8Array, byteOffset: number, n: number, counter: number) => void;

/**
 * A float32 tensor filled by `fill`. On the wasm backend the values are written straight into the
 * tensor's heap memory (by the native addon when it is loaded); elsewhere into a host array first.
 */
function fillTensor(shape: number[], stream: CounterNoise, fill: Fill): tf.Tensor {
  const n = sizeOf(shape);
  const counter = stream.take(n);
  if (tf.getBackend() !== 'wasm') {
    const values = new Float32Array(n);
    fill(undefined, new Uint8Array(values.buffer), 0, n, counter);
    return tf.tensor(values, shape, 'float32');
  }
  const backend = tf.backend() as WasmBackend;
  const info = backend.makeOutput(shape, 'float32');
  fill(loadNative().addon, heapOf(backend), offsetOf(backend, info), n, counter);
  return tf.engine().makeTensorFromTensorInfo(info);
}

function floatsAt(heap: Uint8Array, byteOffset: number, n: number): Float32Array {
  return new Float32Array(heap.buffer, heap.byteOffset + byteOffset, n);
}

function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
