/**
 * Symmetric eigen-decomposition for FID's matrix square root, in float64: Householder reduction to
 * tridiagonal form, then implicit QR steps with Wilkinson shifts (Golub & Van Loan, ch. 8). O(n^3),
 * so a 2048-wide Inception feature space takes tens of seconds, a 128-wide one milliseconds.
 */

/** A square matrix, row-major. */
export interface SquareMatrix {
  readonly n: number;
  readonly data: Float64Array;
}

export interface Eigen {
  readonly values: Float64Array;
  /** Eigenvector j is column j, stored column-major: vectors[j * n + i] is its i-th entry. */
  readonly vectors?: Float64Array;
}

/** Eigenvalues (and, if asked, eigenvectors) of a symmetric matrix; only its lower triangle is read. */
export function symmetricEigen(m: SquareMatrix, withVectors: boolean): Eigen {
  const { n } = m;
  const a = Float64Array.from(m.data);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i];
  const q = withVectors ? identityColumns(n) : undefined;
  const { diag, off } = tridiagonalize(a, n, q);
  tridiagonalQr(diag, off, q, n);
  return { values: diag, vectors: q };
}

/** The symmetric positive semi-definite square root V diag(sqrt(max(l, 0))) V^T. */
export function psdSqrt(m: SquareMatrix): SquareMatrix {
  const { n } = m;
  const { values, vectors } = symmetricEigen(m, true);
  const v = vectors as Float64Array;
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const root = Math.sqrt(Math.max(values[k], 0));
    if (root === 0) continue;
    const col = k * n;
    for (let i = 0; i < n; i++) {
      const vi = v[col + i] * root;
      if (vi === 0) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) out[row + j] += vi * v[col + j];
    }
  }
  return { n, data: out };
}

/** a * b for square row-major matrices. */
export function multiply(a: SquareMatrix, b: SquareMatrix): SquareMatrix {
  const { n } = a;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a.data[i * n + k];
      if (aik === 0) continue;
      const bRow = k * n;
      const outRow = i * n;
      for (let j = 0; j < n; j++) out[outRow + j] += aik * b.data[bRow + j];
    }
  }
  return { n, data: out };
}

export function trace(m: SquareMatrix): number {
  let sum = 0;
  for (let i = 0; i < m.n; i++) sum += m.data[i * m.n + i];
  return sum;
}

function identityColumns(n: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  return q;
}

/**
 * Reduces the full symmetric `a` (overwritten) to tridiagonal T = Q^T A Q with reflections
 * H = I - 2 v v^T; Q (column-major) accumulates them when given.
 */
function tridiagonalize(a: Float64Array, n: number, q: Float64Array | undefined): { diag: Float64Array; off: Float64Array } {
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += a[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = a[(k + 1) * n + k];
    // The sign keeps v's first entry away from cancellation.
    const alpha = x0 >= 0 ? -norm : norm;
    let vNorm = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = a[i * n + k] - (i === k + 1 ? alpha : 0);
      vNorm += v[i] ** 2;
    }
    vNorm = Math.sqrt(vNorm);
    if (vNorm === 0) continue;
    for (let i = k + 1; i < n; i++) v[i] /= vNorm;
    // H A H = A - 2 v w^T - 2 w v^T with p = A v and w = p - (v^T p) v, on the trailing block.
    let vp = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[i * n + j] * v[j];
      p[i] = s;
      vp += v[i] * s;
    }
    for (let i = k + 1; i < n; i++) p[i] -= vp * v[i];
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) a[i * n + j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
    }
    a[(k + 1) * n + k] = alpha;
    a[k * n + k + 1] = alpha;
    for (let i = k + 2; i < n; i++) a[i * n + k] = a[k * n + i] = 0;
    if (q) {
      // Q <- Q H: each row r of Q loses 2 (r . v) v.
      for (let r = 0; r < n; r++) {
        let dot = 0;
        for (let i = k + 1; i < n; i++) dot += q[i * n + r] * v[i];
        if (dot === 0) continue;
        for (let i = k + 1; i < n; i++) q[i * n + r] -= 2 * dot * v[i];
      }
    }
  }
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) diag[i] = a[i * n + i];
  for (let i = 0; i < n - 1; i++) off[i] = a[(i + 1) * n + i];
  return { diag, off };
}

/** Diagonalises the tridiagonal (diag, off) in place; rotations are applied to Q's columns. */
function tridiagonalQr(diag: Float64Array, off: Float64Array, q: Float64Array | undefined, n: number): void {
  const eps = Number.EPSILON;
  let budget = 60 * Math.max(n, 1);
  for (;;) {
    for (let i = 0; i < n - 1; i++) {
      if (Math.abs(off[i]) <= eps * (Math.abs(diag[i]) + Math.abs(diag[i + 1])) || Math.abs(off[i]) < 1e-300) off[i] = 0;
    }
    let last = n - 1;
    while (last > 0 && off[last - 1] === 0) last--;
    if (last === 0) return;
    let first = last - 1;
    while (first > 0 && off[first - 1] !== 0) first--;
    if (--budget < 0) throw new Error(`symmetric eigen-decomposition did not converge (n=${n})`);
    qrStep(diag, off, q, n, first, last);
  }
}

/** One implicit shifted QR step on the unreduced block first..last, chasing the bulge down. */
function qrStep(diag: Float64Array, off: Float64Array, q: Float64Array | undefined, n: number, first: number, last: number): void {
  const half = (diag[last - 1] - diag[last]) / 2;
  const b = off[last - 1];
  const shift = diag[last] - (b * b) / (half + (half >= 0 ? 1 : -1) * Math.hypot(half, b));
  let x = diag[first] - shift;
  let z = off[first];
  for (let k = first; k < last; k++) {
    const r = Math.hypot(x, z);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : z / r;
    if (k > first) off[k - 1] = r;
    const akk = diag[k];
    const ak1 = diag[k + 1];
    const bk = off[k];
    diag[k] = c * c * akk + 2 * c * s * bk + s * s * ak1;
    diag[k + 1] = s * s * akk - 2 * c * s * bk + c * c * ak1;
    off[k] = c * s * (ak1 - akk) + (c * c - s * s) * bk;
    if (k + 1 < last) {
      z = s * off[k + 1];
      off[k + 1] *= c;
      x = off[k];
    }
    if (q) {
      const colK = k * n;
      const colK1 = (k + 1) * n;
      for (let i = 0; i < n; i++) {
        const qk = q[colK + i];
        const qk1 = q[colK1 + i];
        q[colK + i] = c * qk + s * qk1;
        q[colK1 + i] = c * qk1 - s * qk;
      }
    }
  }
}
