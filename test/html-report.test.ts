/** The HTML report as a person sees it, in headless chromium: numbers, images, curves, no network. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { artifactPath, launchChromium } from './helpers/browser';
import { ssgan } from './helpers/cli';
import { EPOCHS, RUN_ID, scoredRunCopy } from './helpers/scored-run';

test('the report shows report.json\'s numbers, loads every image, draws one point per epoch', async (t) => {
  const reports = await scoredRunCopy();
  const rebuilt = ssgan(['report', RUN_ID, '--reports', reports]);
  t.is(rebuilt.status, 0, rebuilt.stderr);
  const runDir = path.join(reports, RUN_ID);
  const json = JSON.parse(fs.readFileSync(path.join(runDir, 'report.json'), 'utf8'));

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const foreign: string[] = [];
    page.on('request', (req) => {
      if (!/^(file|data):/.test(req.url())) foreign.push(req.url());
    });
    await page.goto(`file://${path.join(runDir, 'index.html')}`, { waitUntil: 'load' });

    // Every number cell against the value at its report.json path, to the digits shown.
    const cells = await page.$$eval('td[data-path]', (tds) => tds.map((td) => ({ path: td.getAttribute('data-path') as string, text: td.textContent ?? '' })));
    t.true(cells.length >= 12, `only ${cells.length} number cells`);
    for (const cell of cells) {
      const value = cell.path.split('.').reduce<unknown>((o, key) => (o as Record<string, unknown>)[key], json) as number;
      const digits = (cell.text.split('.')[1] ?? '').length;
      t.is(cell.text, value.toFixed(digits), `${cell.path}`);
    }
    for (const table of ['summary-table', 'seed-table', 'scores-table']) {
      t.true((await page.$$(`#${table} td[data-path]`)).length > 0, `${table} has numbers`);
    }
    t.regex(await page.textContent('.scorer') ?? '', /mnist-classifier.*not the ImageNet Inception network/);

    const images = await page.$$eval('img', (imgs) => imgs.map((img) => ({ file: img.dataset.file, ok: img.complete && img.naturalWidth > 0 })));
    t.is(images.length, 1 + EPOCHS, 'real grid and one grid per epoch');
    for (const image of images) t.true(image.ok, `${image.file} did not load`);

    const seed = json.seeds[0].seed;
    for (const chart of [`error-seed-${seed}`, `loss-seed-${seed}`]) {
      const series = await page.$$eval(`#${chart} g.series`, (gs) => gs.map((g) => [...g.querySelectorAll('circle')].map((c) => Number(c.getAttribute('data-x')))));
      t.true(series.length >= 2, `${chart} has ${series.length} series`);
      for (const xs of series) t.deepEqual(xs, Array.from({ length: EPOCHS }, (_, i) => i + 1), `${chart}: one point per epoch`);
    }
    t.deepEqual(foreign, [], 'the report loads nothing from the network');

    const shot = artifactPath('html-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.true(fs.statSync(shot).size > 10_000);
    t.log(`screenshot: ${shot}`);
  } finally {
    await browser.close();
  }
});
