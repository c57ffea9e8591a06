/**
 * The run's report as one self-contained HTML page: tables, inline SVG curves and base64 images,
 * no script and no network. Every number in a table carries the report.json path it came from
 * (data-path), so a reader or a test can trace it.
 */
import type { ReportData, SeedReport } from './report-data';
import { escapeXml as esc } from '../../util/escape-xml';
import { lineChart } from '../../util/svg-chart';
import { crossVersionNote } from '../summary';
import { count } from '../../util/number-text';

/** Columns of metrics.csv that are not loss terms. */
const NOT_LOSSES = new Set(['epoch', 'iteration', 'learning_rate', 'seconds', 'ms_per_iteration', 'test_error_averaged', 'test_error_raw', 'train_error']);

/** `image` turns a path relative to the run folder into a data: URI. */
export function renderReportHtml(r: ReportData, image: (relative: string) => string): string {
  const c = r.saved.config;
  const state = r.status?.state ?? 'unknown';
  const incomplete = r.summary && !r.summary.complete;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ssgan run ${esc(r.runId)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<h1>ssgan run <code>${esc(r.runId)}</code> <span class="state ${esc(state)}">${esc(state)}</span></h1>
<p class="lead">Preset <b>${esc(c.preset)}</b>, dataset <b>${esc(c.dataset)}</b>, ${count(c.labels, 'label')}, ${count(c.epochs, 'epoch')} × ${c.iterationsPerEpoch || 'one pass'} iterations, ${count(c.seeds, 'seed')}.
Backend: ${esc(r.saved.backend ? `${r.saved.backend.name} (${r.saved.backend.detail})` : 'not recorded')}. Report made ${esc(r.generatedAt)}.</p>
${incomplete ? `<p class="warn">INCOMPLETE: ${r.summary?.seedsDone} of ${count(r.summary?.seedsTotal ?? 0, 'seed')} finished.</p>` : ''}
${summarySection(r)}
${seedSection(r)}
${scoresSection(r)}
${turingSection(r)}
<h2>Learning curves</h2>
${r.seeds.map((s) => curves(s)).join('\n') || '<p class="empty">No metrics yet.</p>'}
<h2>Samples</h2>
<p>Grids of 100 images from a fixed latent batch at each evaluated epoch, beside 100 real training images.</p>
${r.seeds.map((s) => samples(s, image)).join('\n')}
<h2>Timings</h2>
${timings(r)}
<h2>Resolved config</h2>
<pre id="config">${esc(JSON.stringify({ config: r.saved.config, backend: r.saved.backend }, null, 2))}</pre>
</body></html>
`;
}

function num(value: number | undefined, digits: number, path: string): string {
  if (value === undefined || !Number.isFinite(value)) return `<td class="num" data-path="${path}">–</td>`;
  return `<td class="num" data-path="${path}">${value.toFixed(digits)}</td>`;
}

/** The std cell; over one seed there is no spread, and the cell shows none rather than 0.00. */
function spreadCell(m: { readonly std: number; readonly n: number }, path: string): string {
  return m.n > 1 ? num(m.std, 2, path) : '<td class="num">–</td>';
}

function summarySection(r: ReportData): string {
  const s = r.summary;
  if (!s) return '<h2>Test error</h2><p class="empty">No seed has finished yet.</p>';
  const rows = [
    `<tr><th>ssgan, averaged weights</th><td>${s.epochs}</td>${num(s.testErrorAveraged.mean, 2, 'summary.testErrorAveraged.mean')}${spreadCell(s.testErrorAveraged, 'summary.testErrorAveraged.std')}<td>${s.testErrorAveraged.n}</td></tr>`,
    `<tr><th>ssgan, raw weights</th><td>${s.epochs}</td>${num(s.testErrorRaw.mean, 2, 'summary.testErrorRaw.mean')}${spreadCell(s.testErrorRaw, 'summary.testErrorRaw.std')}<td>${s.testErrorRaw.n}</td></tr>`,
  ];
  if (s.ensemble) {
    rows.push(`<tr><th>ssgan, ensemble</th><td>${s.epochs}</td>${num(s.ensemble.testError, 2, 'summary.ensemble.testError')}<td></td><td>${s.ensemble.seeds.length}</td></tr>`);
  }
  if (s.published) {
    rows.push(`<tr class="paper"><th>${esc(s.published.source)}</th><td>${s.published.epochs}</td>${num(s.published.mean, 3, 'summary.published.mean')}${num(s.published.std, 3, 'summary.published.std')}<td>10</td></tr>`);
    const e = s.ensemble && s.published.ensembleOf10;
    if (e) rows.push(`<tr class="paper"><th>${esc(s.published.source)}, ensemble of 10</th><td>${s.published.epochs}</td>${num(e.mean, 3, 'summary.published.ensembleOf10.mean')}${num(e.std, 3, 'summary.published.ensembleOf10.std')}<td>10</td></tr>`);
  }
  return `<h2>Test error against the paper</h2>
<table id="summary-table"><thead><tr><th></th><th>epochs</th><th>test error (%)</th><th>± std</th><th>seeds</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${s.published && s.epochs < s.published.epochs ? `<p class="note">This run trained ${s.epochs} of the paper's ${s.published.epochs} epochs; short runs are far worse.</p>` : ''}`;
}

function seedSection(r: ReportData): string {
  const rows = (r.summary?.seeds ?? []).map(
    (s, i) =>
      `<tr><td>${s.seed}</td><td>${s.dataSeed}</td>${num(s.testErrorAveraged, 2, `summary.seeds.${i}.testErrorAveraged`)}${num(s.testErrorRaw, 2, `summary.seeds.${i}.testErrorRaw`)}${num(s.trainSeconds, 1, `summary.seeds.${i}.trainSeconds`)}${num(s.msPerIteration, 1, `summary.seeds.${i}.msPerIteration`)}</tr>`,
  );
  const failed = (r.summary?.failedSeeds ?? []).map((f) => `<p class="warn">Seed ${f.seed} failed: ${esc(f.error.split('\n')[0])}</p>`);
  const resumed = (r.summary?.seeds ?? []).map(crossVersionNote).filter((note) => note !== undefined).map((note) => `<p class="note">${esc(note)}</p>`);
  return `<h2>Per seed</h2>
<table id="seed-table"><thead><tr><th>seed</th><th>data seed</th><th>averaged (%)</th><th>raw (%)</th><th>train s</th><th>ms/iter</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${[...failed, ...resumed].join('\n')}`;
}

function scoresSection(r: ReportData): string {
  const s = r.scores;
  if (!s) return `<h2>Sample scores</h2><p class="empty">Not scored yet: <code>ssgan score --run ${esc(r.runId)}</code>.</p>`;
  const rows = s.seeds.map(
    (x, i) => `<tr><th>generator, seed ${x.seed}</th>${num(x.inceptionScore.mean, 3, `scores.seeds.${i}.inceptionScore.mean`)}${num(x.inceptionScore.std, 3, `scores.seeds.${i}.inceptionScore.std`)}${num(x.fid, 3, `scores.seeds.${i}.fid`)}</tr>`,
  );
  return `<h2>Sample scores</h2>
<p class="scorer">Scorer: <b>${esc(s.scorer.name)}</b>: ${esc(s.scorer.description)}.</p>
<table id="scores-table"><thead><tr><th>${s.samples} images, ${s.splits} splits</th><th>Inception score</th><th>± std</th><th>FID to test set</th></tr></thead>
<tbody><tr class="real"><th>real data (ceiling)</th>${num(s.real.inceptionScore.mean, 3, 'scores.real.inceptionScore.mean')}${num(s.real.inceptionScore.std, 3, 'scores.real.inceptionScore.std')}${num(s.real.fid, 3, 'scores.real.fid')}</tr>
${rows.join('\n')}</tbody></table>
<p class="note">Real data: ${esc(s.real.what)}. FID reference: ${esc(s.fidReference)}. Scored ${esc(s.createdAt)} in ${s.seconds.toFixed(1)} s.</p>`;
}

function turingSection(r: ReportData): string {
  const t = r.turing;
  if (!t) return `<h2>Visual Turing test</h2><p class="empty">No answers yet: <code>ssgan turing --run ${esc(r.runId)}</code>.</p>`;
  return `<h2>Visual Turing test</h2>
<table id="turing-table"><thead><tr><th>answers</th><th>wrong</th><th>human error rate (%)</th><th>95% interval (%)</th><th>generated judged real (%)</th><th>complete sessions</th></tr></thead>
<tbody><tr>${num(t.answers, 0, 'turing.answers')}${num(t.wrong, 0, 'turing.wrong')}${num(t.humanErrorRatePercent, 1, 'turing.humanErrorRatePercent')}<td class="num">${t.interval95Percent[0].toFixed(1)} – ${t.interval95Percent[1].toFixed(1)}</td>${num(t.generatedJudgedRealPercent, 1, 'turing.generatedJudgedRealPercent')}${num(t.completeSessions, 0, 'turing.completeSessions')}</tr></tbody></table>
<p class="note">${esc(t.intervalMethod)}. 50% error means people could not tell generated images from real ones.</p>`;
}

function curves(s: SeedReport): string {
  const rows = s.metrics;
  const evaluated = rows.filter((row) => row.test_error_averaged !== undefined);
  const lossNames = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((k) => !NOT_LOSSES.has(k));
  const errorChart = lineChart({
    id: `error-seed-${s.seed}`, title: `Seed ${s.seed}: test error per epoch`, xLabel: 'epoch', yLabel: 'test error (%)',
    series: [
      { name: 'averaged weights', points: evaluated.map((row) => [row.epoch, row.test_error_averaged] as const) },
      { name: 'raw weights', points: evaluated.map((row) => [row.epoch, row.test_error_raw] as const) },
    ],
  });
  const lossChart = lineChart({
    id: `loss-seed-${s.seed}`, title: `Seed ${s.seed}: losses per epoch (epoch means)`, xLabel: 'epoch', yLabel: 'loss',
    series: lossNames.map((name) => ({ name, points: rows.filter((row) => row[name] !== undefined).map((row) => [row.epoch, row[name]] as const) })),
  });
  return `<div class="charts">${errorChart}${lossChart}</div>`;
}

function samples(s: SeedReport, image: (relative: string) => string): string {
  const figure = (file: string, caption: string, cls: string) =>
    `<figure class="${cls}"><img src="${image(file)}" alt="${esc(caption)}" data-file="${esc(file)}"><figcaption>${esc(caption)}</figcaption></figure>`;
  const shown = s.epochGrids.length < s.gridsAvailable ? ` (${s.epochGrids.length} of ${s.gridsAvailable} grids shown)` : '';
  return `<h3>Seed ${s.seed}${shown}</h3><div class="grids">
${s.realGrid ? figure(s.realGrid, 'real training images', 'real') : ''}
${s.epochGrids.map((g) => figure(g.file, `epoch ${g.epoch}`, 'generated')).join('\n')}
</div>`;
}

function timings(r: ReportData): string {
  const rows = r.seeds.map((s) => {
    const seconds = s.metrics.reduce((a, row) => a + (row.seconds ?? 0), 0);
    const perIter = s.metrics.map((row) => row.ms_per_iteration).filter((v) => v !== undefined);
    const mean = perIter.length ? perIter.reduce((a, b) => a + b, 0) / perIter.length : NaN;
    return `<tr><td>${s.seed}</td><td>${s.metrics.length}</td><td class="num">${seconds.toFixed(1)}</td><td class="num">${Number.isFinite(mean) ? mean.toFixed(1) : '–'}</td></tr>`;
  });
  return `<table id="timings-table"><thead><tr><th>seed</th><th>epochs logged</th><th>seconds in epochs</th><th>mean ms/iteration</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 code { font-size: 0.8em; } h2 { border-bottom: 1px solid #ddd; margin-top: 1.8em; }
.state { font-size: 0.55em; padding: 0.2em 0.6em; border-radius: 1em; background: #eee; vertical-align: middle; }
.state.complete { background: #d4f4d4; } .state.failed, .state.interrupted { background: #f8d0d0; } .state.running { background: #fff3c4; }
.warn { background: #fff3c4; padding: 0.5em; } .note, .empty { color: #666; font-size: 0.9em; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #eee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } tr.paper, tr.real { background: #f4f7fb; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; } svg.chart { background: #fff; border: 1px solid #eee; }
svg .title { font-weight: 600; font-size: 13px; } svg .tick, svg .legend, svg .axis { font-size: 11px; fill: #444; }
svg .frame { fill: none; stroke: #bbb; } svg .grid { stroke: #eee; }
.grids { display: flex; flex-wrap: wrap; gap: 0.8em; } figure { margin: 0; text-align: center; }
figure img { width: 200px; image-rendering: pixelated; border: 1px solid #ccc; } figure.real img { border: 2px solid #2ca02c; }
figcaption { font-size: 0.85em; color: #555; } pre { background: #f7f7f7; padding: 1em; overflow: auto; font-size: 12px; }
`;
