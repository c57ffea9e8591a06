/**
 * Counter-based seeded noise, the JavaScript twin of native/src/noise.c: value i of a stream with
 * key (k0, k1) depends only on the key and the counter, so the stream's state is the key and a
 * count, and the native and JavaScript paths draw the same values.
 */

/** The standard normal ziggurat's 128-layer constants (Marsaglia & Tsang 2000). */
const LAYERS = 128;
const R = 3.442619855899;
const V = 9.91256303526217e-3;
const TO_UNIT = 1 / 16777216;
const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;

const density = (x: number): number => Math.exp(-0.5 * x * x);

/** edge[i] is layer i's right end (edge[0] the base layer's virtual width); height[i] = f(edge[i]). */
const edge = new Float64Array(LAYERS + 1);
const height = new Float64Array(LAYERS + 1);
edge[0] = V / density(R);
edge[1] = R;
for (let i = 1; i < LAYERS - 1; i++) edge[i + 1] = Math.sqrt(-2 * Math.log(V / edge[i] + density(edge[i])));
for (let i = 0; i <= LAYERS; i++) height[i] = density(edge[i]);
/** The fast path's float32 tables: edge[i] * 2^-24 (for a 24-bit integer draw) and edge[i + 1]. */
const scaledEdge = Float32Array.from(edge.subarray(0, LAYERS), (e) => e * TO_UNIT);
const innerEdge = Float32Array.from(edge.subarray(1));

export interface CounterNoiseState {
  readonly key: [number, number];
  readonly counter: number;
}

export class CounterNoise {
  private counterValue: number;

  constructor(readonly k0: number, readonly k1: number, counter = 0) {
    this.counterValue = counter;
  }

  static fromState(state: CounterNoiseState): CounterNoise {
    return new CounterNoise(state.key[0] >>> 0, state.key[1] >>> 0, state.counter);
  }

  get state(): CounterNoiseState {
    return { key: [this.k0, this.k1], counter: this.counterValue };
  }

  /** Reserves `n` counters and returns the first; the caller fills values start..start+n-1. */
  take(n: number): number {
    const start = this.counterValue;
    this.counterValue += n;
    return start;
  }

  /** std * N(0, 1) at counters start.. (the counters must have been taken). */
  fillNormalAt(out: Float32Array, std: number, start: number): void {
    // The fast path in float32 arithmetic, as the native code vectorises it; the rest in double.
    const std32 = Math.fround(std);
    for (let i = 0; i < out.length; i++) {
      const w = word(this.k0, this.k1, start + i, 0);
      const layer = w & (LAYERS - 1);
      const x = Math.fround((w >>> 8) * scaledEdge[layer]);
      out[i] = x < innerEdge[layer] ? (w & LAYERS ? -std32 : std32) * x : std * normalAt(this.k0, this.k1, start + i);
    }
  }

  /** U[low, high) at counters start.. (the counters must have been taken). */
  fillUniformAt(out: Float32Array, low: number, high: number, start: number): void {
    const span = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + span * ((word(this.k0, this.k1, start + i, 0) >>> 8) * TO_UNIT);
  }
}

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** Word `sub` of counter c (c < 2^53): sub-words feed rejection retries without touching other counters. */
function word(k0: number, k1: number, c: number, sub: number): number {
  const lo = c >>> 0;
  const hi = Math.floor(c / TWO_POW_32) >>> 0;
  return mix32(mix32((lo + k0) >>> 0) ^ ((hi + k1 + Math.imul(sub, GOLDEN)) >>> 0));
}

/** A uniform in (0, 1), safe for log. */
const openUnit = (w: number): number => ((w >>> 8) + 0.5) * TO_UNIT;

function normalAt(k0: number, k1: number, c: number): number {
  for (let attempt = 0; ; attempt++) {
    const w = word(k0, k1, c, 2 * attempt);
    const layer = w & (LAYERS - 1);
    const sign = w & LAYERS ? -1 : 1;
    const x = (w >>> 8) * TO_UNIT * edge[layer];
    if (x < edge[layer + 1]) return sign * x;
    if (layer === 0) {
      // Beyond R: draw from the tail until accepted. Starting over here instead would thin the
      // tail by its rejection rate (about 8%).
      for (let sub = 2 * attempt + 1; ; sub += 2) {
        const a = -Math.log(openUnit(word(k0, k1, c, sub))) / R;
        if (-2 * Math.log(openUnit(word(k0, k1, c, sub + 1))) > a * a) return sign * (R + a);
      }
    }
    const u1 = openUnit(word(k0, k1, c, 2 * attempt + 1));
    if (height[layer] + u1 * (height[layer + 1] - height[layer]) < density(x)) return sign * x;
  }
}
