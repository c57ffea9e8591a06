/** Line charts as inline SVG, so a report needs no script and no network. */
import { escapeXml } from './escape-xml';

export interface Series {
  readonly name: string;
  /** [x, y] pairs; one marker is drawn per pair. */
  readonly points: readonly (readonly [number, number])[];
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
}

const WIDTH = 520;
const HEIGHT = 260;
const MARGIN = { left: 60, right: 150, top: 28, bottom: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** An SVG line chart; markers carry data-series and data-x so tests can count points per epoch. */
export function lineChart(spec: ChartSpec): string {
  const all = spec.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (all.length === 0) return `<p class="empty">${escapeXml(spec.title)}: no data yet.</p>`;
  const [x0, x1] = paddedRange(all.map(([x]) => x), false);
  const [y0, y1] = paddedRange(all.map(([, y]) => y), true);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${spec.id}" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<text x="${MARGIN.left}" y="18" class="title">${escapeXml(spec.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="frame"/>`,
  ];
  for (const y of ticks(y0, y1)) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" class="grid"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${(sy(y) + 4).toFixed(1)}" class="tick" text-anchor="end">${formatTick(y)}</text>`);
  }
  for (const x of ticks(x0, x1).filter((t) => Number.isInteger(t))) {
    parts.push(`<text x="${sx(x).toFixed(1)}" y="${MARGIN.top + plotH + 16}" class="tick" text-anchor="middle">${formatTick(x)}</text>`);
  }
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 6}" class="axis" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" class="axis" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
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

function formatTick(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(3);
}
