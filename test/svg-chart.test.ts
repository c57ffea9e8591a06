/** The SVG line chart: a log axis spaces decades evenly, and a reference line sits at its figure. */
import test from 'ava';
import { lineChart } from '../src/util/svg-chart';

const cy = (svg: string) => [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));

test('on a log axis 1, 10 and 100 are evenly spaced, and non-positive values are left out', (t) => {
  const svg = lineChart({ id: 'c', title: 't', xLabel: 'x', yLabel: 'y', logY: true, series: [{ name: 's', points: [[1, 1], [2, 10], [3, 100], [4, 0]] }] });
  const [a, b, c, ...rest] = cy(svg);
  t.is(rest.length, 0, 'the zero is not drawn');
  t.true(Math.abs((a - b) - (b - c)) < 0.2, `${a} ${b} ${c}`);
  t.true(a > b && b > c, 'larger values higher up');
  t.deepEqual([...svg.matchAll(/class="tick" text-anchor="end">([\d.]+)</g)].map((m) => m[1]), ['1', '2', '5', '10', '20', '50', '100']);
  t.regex(svg, /y, log scale/);
  const linear = lineChart({ id: 'c', title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[1, 1], [2, 10], [3, 100]] }] });
  const [la, lb, lc] = cy(linear);
  t.true((la - lb) * 5 < lb - lc, 'linear: 10 to 100 spans ten times 1 to 10');
});

test('a reference line is drawn at its figure, inside the range even below every point', (t) => {
  const svg = lineChart({ id: 'c', title: 't', xLabel: 'x', yLabel: 'y', logY: true, references: [{ name: 'paper: 0.93', y: 0.93 }], series: [{ name: 's', points: [[1, 20], [2, 2]] }] });
  const line = svg.match(/<g class="reference" data-y="0.93">\n<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="([\d.]+)"/);
  t.truthy(line, svg);
  const [top, bottom] = cy(svg);
  t.true(Number(line![1]) > bottom && bottom > top, 'below the lowest point, as 0.93 < 2');
  t.true(Number(line![1]) < 232, 'inside the plot frame (28 + 204)');
  t.regex(svg, />paper: 0\.93</);
});
