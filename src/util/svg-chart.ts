/** Line charts as inline SVG, so a report needs no script and no network. */
import { escapeXml } from './escape-xml';

export interface Series {
  readonly name: string;
  /** [x, y] pairs; one marker is drawn per pair. */
  readonly points: readonly (readonly [number, number])[];
}

/** A horizontal line at `y`, dashed and named: a figure to compare the series with. */
export interface Reference {
  readonly name: string;
  readonly y: number;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** A logarithmic y axis (positive values only), so a falling error keeps its tail readable. */
  readonly logY?: boolean;
  readonly references?: readonly Reference[];
}

const WIDTH = 520;
const HEIGHT = 260;
const MARGIN = { left: 60, right: 150, top: 28, bottom: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** An SVG line chart; markers carry data-series and data-x so tests can count points per epoch. */
export function lineChart(spec: ChartSpec): string {
  const plottable = ([x, y]: readonly [number, number]) => Number.isFinite(x) && Number.isFinite(y) && (!spec.logY || y > 0);
  const all = spec.series.flatMap((s) => s.points).filter(plottable);
  if (all.length === 0) return `<p class="empty">${escapeXml(spec.title)}: no data yet.</p>`;
  // On a log axis everything vertical is laid out in log10(y).
  const ty = spec.logY ? Math.log10 : (y: number) => y;
  const references = (spec.references ?? []).filter((r) => plottable([0, r.y]));
  const [x0, x1] = paddedRange(all.map(([x]) => x), false);
  const [y0, y1] = paddedRange([...all.map(([, y]) => ty(y)), ...references.map((r) => ty(r.y))], true);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((ty(y) - y0) / (y1 - y0)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${spec.id}" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<text x="${MARGIN.left}" y="18" class="title">${escapeXml(spec.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="frame"/>`,
  ];
  for (const y of spec.logY ? logTicks(10 ** y0, 10 ** y1) : ticks(y0, y1)) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(sy(y) + 4).toFixed(1)}" class="tick" text-anchor="end">${spec.logY ? String(y) : formatTick(y)}</text>`);
  }
  for (const x of ticks(x0, x1).filter((t) => Number.isInteger(t))) {
    parts.push(`<text x="${sx(x).toFixed(1)}" y="${MARGIN.top + plotH + 16}" class="tick" text-anchor="middle">${formatTick(x)}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" class="axis" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" class="axis" text-anchor="middle">${escapeXml(spec.yLabel)}${spec.logY ? ', log scale' : ''}</text>`);
  for (const r of references) {
    const y = sy(r.y).toFixed(1);
    parts.push(`<g class="reference" data-y="${r.y}">`);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" stroke="#555" stroke-width="1" stroke-dasharray="4 3"/>`);
    // Named at the left, where falling curves are still high above the figure they approach.
    parts.push(`<text x="${MARGIN.left + 4}" y="${(Number(y) - 4).toFixed(1)}" class="tick">${escapeXml(r.name)}</text>`);
    parts.push('</g>');
  }
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter(plottable);
    const name = escapeXml(s.name);
    parts.push(`<g class="series" data-series="${name}">`);
    if (pts.length > 1) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    }
    for (const [x, y] of pts) {
      parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${color}" data-x="${x}" data-y="${y}"><title>${name}, epoch ${x}: ${formatTick(y)}</title></circle>`);
    }
    parts.push('</g>');
    const ly = MARGIN.top + 12 + i * 16;
    parts.push(`<rect x="${WIDTH - MARGIN.right + 10}" y="${ly - 8}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right + 24}" y="${ly + 1}" class="legend">${name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** [min, max] widened so a flat series or a single point still has a visible range. */
function paddedRange(values: number[], pad: boolean): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-12) {
    lo -= 1;
    hi += 1;
  } else if (pad) {
    const margin = (hi - lo) * 0.05;
    lo -= margin;
    hi += margin;
  }
  return [lo, hi];
}

/** About five round tick values inside [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** The 1-2-5 values of each decade inside [lo, hi], lo > 0. */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let decade = Math.floor(Math.log10(lo)); 10 ** decade <= hi; decade++) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** decade).toPrecision(12));
      if (t >= lo - 1e-12 && t <= hi + 1e-12) out.push(t);
    }
  }
  return out;
}

function formatTick(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(3);
}
