/** A row's test-error curves, one line per seed, as a standalone SVG file a page can embed. */
import { lineChart } from '../util/svg-chart';
import type { ResultsRow } from './record';

/** The file name of a row's curves beside the record: `<name>-curves-l<labels>.svg`. */
export function curvesFileName(recordName: string, row: ResultsRow): string {
  return `${recordName}-curves-l${row.labels}.svg`;
}

/** True once some seed of `row` has an evaluated epoch. */
export function rowHasCurves(row: ResultsRow): boolean {
  return row.seeds.some((s) => s.curves.testErrorAveraged.some((v) => v !== null));
}

/** The chart of the averaged-weight test error per epoch of every seed of `row`; undefined before any evaluation. */
export function rowCurvesSvg(row: ResultsRow): string | undefined {
  const series = row.seeds.map((s) => ({
    name: `seed ${s.seed}${s.finished ? '' : ' (running)'}`,
    points: s.curves.epoch.flatMap((epoch, i) => {
      const error = s.curves.testErrorAveraged[i];
      return error === null ? [] : [[epoch, error] as const];
    }),
  }));
  if (!rowHasCurves(row)) return undefined;
  const chart = lineChart({
    id: `curves-${row.dataset}-l${row.labels}`,
    title: `${row.dataset}, ${row.labels} labels: test error, averaged weights`,
    xLabel: 'epoch',
    yLabel: 'test error (%)',
    series,
    // The tail, where seeds part and the paper's figure lies, is a few percent of the first epochs' error.
    logY: true,
    references: row.published ? [{ name: `paper, ${row.published.epochs} epochs: ${row.published.mean}`, y: row.published.mean }] : [],
  });
  // A file on its own carries the chart's styles, which an HTML report sets in its page.
  return `${chart.replace(/^(<svg[^>]*>)/, `$1<style>${STYLE}</style>`)}\n`;
}

const STYLE =
  'svg { background: #fff; font-family: system-ui, sans-serif; } .title { font-weight: 600; font-size: 13px; } ' +
  '.tick, .legend, .axis { font-size: 11px; fill: #444; } .frame { fill: none; stroke: #bbb; } .grid { stroke: #eee; }';
