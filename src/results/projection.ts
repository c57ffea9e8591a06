/**
 * What a test-error curve says about a longer run: the least-squares fit of
 * error(epoch) = a + b·exp(−epoch/τ), b ≥ 0, over the later part of the curve, read at a later
 * epoch (the paper's). A forecast, not a measurement; the page says so beside it.
 *
 * The early epochs are left out because the error there falls for reasons (the GAN finding its
 * footing, the weight average warming up) that say nothing about the tail. τ is searched on a
 * grid from the spacing of the evaluations (a faster decay only explains away the first point) to
 * the window's length (a slower one is a straight line inside the window, and a line has no level
 * to extrapolate to). A curve that rises over the window is fitted flat (b = 0),
 * so a seed getting worse is projected at its window mean, never better.
 */

/** The fit uses evaluations from this fraction of the last evaluated epoch on. */
export const PROJECTION_WINDOW_START = 0.4;
/** Fewer evaluated points than this in the window give no projection. */
export const PROJECTION_MIN_POINTS = 5;
const TAU_GRID_STEPS = 200;

export interface Projection {
  /** The epoch projected to. */
  readonly epoch: number;
  /** The fit's error there (%). */
  readonly testError: number;
  /** The fit's level a: the error it approaches (%). */
  readonly asymptote: number;
  /** τ in epochs; null where the curve does not fall over the window and the fit is flat. */
  readonly timeConstant: number | null;
  /** The evaluated epochs fitted: first, last and how many. */
  readonly fittedEpochs: { readonly from: number; readonly to: number; readonly points: number };
  /** Root-mean-square residual of the fit (%). */
  readonly rmsResidual: number;
}

/**
 * The projection of (epoch, error) pairs to `toEpoch`; null with too few evaluations in the
 * window, when `toEpoch` is not past the curve, or when the fit levels off below zero.
 */
export function projectTestError(epochs: readonly number[], errors: readonly (number | null)[], toEpoch: number): Projection | null {
  const points = epochs
    .flatMap((e, i) => (errors[i] === null || errors[i] === undefined ? [] : [{ e, y: errors[i] as number }]))
    .sort((p, q) => p.e - q.e);
  if (points.length === 0) return null;
  const last = Math.max(...points.map((p) => p.e));
  if (toEpoch <= last) return null;
  const window = points.filter((p) => p.e >= PROJECTION_WINDOW_START * last);
  if (window.length < PROJECTION_MIN_POINTS) return null;

  const span = last - window[0].e;
  const spacing = Math.max(1, Math.min(...window.slice(1).map((p, i) => p.e - window[i].e)));
  let best = fitAt(window, null);
  for (let k = 0; k < TAU_GRID_STEPS && span > spacing; k++) {
    const tau = spacing * (span / spacing) ** (k / (TAU_GRID_STEPS - 1));
    const fit = fitAt(window, tau);
    if (fit.sse < best.sse) best = fit;
  }
  const testError = best.a + best.b * (best.tau === null ? 0 : Math.exp(-toEpoch / best.tau));
  if (best.a < 0) return null;
  return {
    epoch: toEpoch,
    testError,
    asymptote: best.a,
    timeConstant: best.b > 0 ? best.tau : null,
    fittedEpochs: { from: window[0].e, to: last, points: window.length },
    rmsResidual: Math.sqrt(best.sse / window.length),
  };
}

interface Fit {
  readonly a: number;
  readonly b: number;
  readonly tau: number | null;
  readonly sse: number;
}

/** The least-squares a and b ≥ 0 for one τ (null: the flat fit, b = 0). */
function fitAt(points: readonly { e: number; y: number }[], tau: number | null): Fit {
  const n = points.length;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  const flat = { a: meanY, b: 0, tau, sse: points.reduce((s, p) => s + (p.y - meanY) ** 2, 0) };
  if (tau === null) return flat;
  const x = points.map((p) => Math.exp(-p.e / tau));
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const sxx = x.reduce((s, v) => s + (v - meanX) ** 2, 0);
  const sxy = points.reduce((s, p, i) => s + (x[i] - meanX) * (p.y - meanY), 0);
  if (!(sxx > 0) || sxy <= 0) return flat;
  const b = sxy / sxx;
  const a = meanY - b * meanX;
  return { a, b, tau, sse: points.reduce((s, p, i) => s + (p.y - a - b * x[i]) ** 2, 0) };
}
