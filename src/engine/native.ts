/**
 * The optional native addon (native/): OpenBLAS products and convolutions, and counter-based noise,
 * all working in place on the wasm heap. It is built at install where a C compiler and Node's
 * headers exist, and it needs OpenBLAS at run time; without either, ssgan runs on plain wasm.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The addon's functions; `heap` is the wasm heap's byte view and offsets are byte offsets into it. */
export interface NativeAddon {
  /** Loads OpenBLAS and returns its description; throws with the reason when it cannot. */
  open(): string;
  setThreads(threads: number): void;
  threads(): number;
  matmul(
    heap: Uint8Array, aOffset: number, bOffset: number, cOffset: number,
    batch: number, m: number, n: number, k: number, transposeA: boolean, transposeB: boolean,
    strideA: number, strideB: number, biasOffset: number, biasSize: number, activation: number, alpha: number,
  ): void;
  conv(
    kind: number, heap: Uint8Array, firstOffset: number, secondOffset: number, outOffset: number,
    dims: Int32Array, biasOffset: number, biasSize: number, activation: number, alpha: number,
  ): void;
  sumLeading(heap: Uint8Array, xOffset: number, outOffset: number, outer: number, inner: number, scale: number): void;
  gatherRows(heap: Uint8Array, xOffset: number, indicesOffset: number, outOffset: number, count: number, rowSize: number, rows: number): void;
  adam(
    heap: Uint8Array, w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, n: number,
    stepSize: number, beta1: number, beta2: number, epsilon: number, secondCorrection: number,
  ): void;
  movingAverage(heap: Uint8Array, averageOffset: number, wOffset: number, outOffset: number, n: number, rate: number): void;
  leakyRelu(heap: Uint8Array, xOffset: number, yOffset: number, n: number, alpha: number): void;
  leakyReluGrad(heap: Uint8Array, dyOffset: number, xOffset: number, dxOffset: number, n: number, alpha: number): void;
  wnDense(
    heap: Uint8Array, xOffset: number, vOffset: number, gOffset: number, bOffset: number, yOffset: number, normOffset: number,
    productOffset: number, rows: number, inner: number, units: number, epsilon: number, activation: number,
  ): void;
  wnDenseGrad(
    heap: Uint8Array, wrt: number, dyOffset: number, yOffset: number, normOffset: number, productOffset: number, xOffset: number,
    vOffset: number, gOffset: number, outOffset: number, rows: number, inner: number, units: number, epsilon: number, activation: number,
  ): void;
  softplus(heap: Uint8Array, xOffset: number, yOffset: number, n: number): void;
  softplusGrad(heap: Uint8Array, dyOffset: number, xOffset: number, dxOffset: number, n: number): void;
  /** std * N(0, 1) at offset, plus the values at addOffset unless it is -1. */
  fillNormal(heap: Uint8Array, offset: number, n: number, std: number, k0: number, k1: number, counter: number, addOffset: number): void;
  fillUniform(heap: Uint8Array, offset: number, n: number, low: number, high: number, k0: number, k1: number, counter: number): void;
  /** x * (u >= rate ? scale : 0), u the U[0, 1) values at the counters. */
  dropout(heap: Uint8Array, xOffset: number, outOffset: number, n: number, rate: number, scale: number, k0: number, k1: number, counter: number): void;
}

export interface NativeStatus {
  readonly addon?: NativeAddon;
  /** OpenBLAS's own description when loaded, else why the addon is not used. */
  readonly detail: string;
}

const ADDON_FILE = path.join('native', 'build', 'Release', 'ssgan_native.node');

let status: NativeStatus | undefined;

/** Loads the addon once; never throws. SSGAN_NATIVE=0 turns it off (for comparisons). */
export function loadNative(): NativeStatus {
  status ??= tryLoad();
  return status;
}

function tryLoad(): NativeStatus {
  if (process.env.SSGAN_NATIVE === '0') return { detail: 'native kernels turned off by SSGAN_NATIVE=0' };
  const file = findUp(ADDON_FILE);
  if (!file) return { detail: 'native addon not built (npm install builds it where a C compiler and Node headers exist)' };
  let addon: NativeAddon;
  try {
    addon = require(file) as NativeAddon;
  } catch (err) {
    return { detail: `native addon failed to load: ${(err as Error).message.split('\n')[0]}` };
  }
  try {
    return { addon, detail: addon.open() };
  } catch (err) {
    return { detail: (err as Error).message };
  }
}

/** The file at `relative` under the package root, from src/engine or from its build in dist/src/engine. */
function findUp(relative: string): string | undefined {
  let dir = __dirname;
  for (let level = 0; level < 4; level++) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}
