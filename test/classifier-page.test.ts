/**
 * The exported page in headless chromium, served by a loopback static server as any static host
 * would: it loads the model with the tf.min.js beside it, classifies a picked PNG as ssgan predict
 * does, and classifies a digit drawn with the mouse, with one probability bar per class.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import test from 'ava';
import { artifactPath, launchChromium } from './helpers/browser';
import { ssgan } from './helpers/cli';
import { classifierRuns } from './helpers/classifier-runs';
import { mnistSlice, tempDir, writeMnistFolder } from './helpers/own-data';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.bin': 'application/octet-stream' };

/** Serves the files of `dir` (and nothing outside it) on 127.0.0.1. */
async function serve(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)) || 'index.html';
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('the exported page classifies a picked PNG as ssgan predict does, and a drawn digit', async (t) => {
  const reports = await classifierRuns();
  const work = tempDir('page');
  const exported = path.join(work, 'export');
  const exportRun = ssgan(['export', '--run', 'mlp', '--reports', reports, '--seed', '1', '--out', exported, '--page', '--backend', 'wasm']);
  t.is(exportRun.status, 0, exportRun.stderr);
  t.deepEqual(fs.readdirSync(exported).sort(), ['index.html', 'metadata.json', 'model.json', 'tf.min.js', 'weights.bin']);
  const [png] = await writeMnistFolder(work, 'digits', mnistSlice('t10k', 1));
  const predictions = path.join(work, 'p.csv');
  t.is(ssgan(['predict', '--run', 'mlp', '--reports', reports, '--seed', '1', '--input', png, '--out', predictions, '--backend', 'wasm']).status, 0);
  const [header, row] = fs.readFileSync(predictions, 'utf8').trim().split('\n').map((l) => l.split(','));
  const expected = Object.fromEntries(header.map((h, i) => [h, row[i]]));

  const server = await serve(exported);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const foreign: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(server.url)) foreign.push(req.url());
    });
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    t.regex((await page.textContent('#status')) ?? '', /run mlp, seed 1, averaged weights, test error \d+\.\d\d%; input 28x28x1/);

    await page.setInputFiles('#file', png);
    await page.waitForSelector('body[data-classified="1"]');
    t.is(await page.textContent('#predicted'), expected.predicted);
    const bars = await page.$$eval('.bar', (rows) => rows.map((r) => ({ name: r.getAttribute('data-class')!, p: Number(r.getAttribute('data-probability')) })));
    t.deepEqual(bars.map((b) => b.name), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // The browser decodes the 28x28 PNG to the same pixels: the page's probabilities are predict's.
    for (const bar of bars) t.true(Math.abs(bar.p - Number(expected[`p_${bar.name}`])) < 1e-4, `class ${bar.name}: ${bar.p} vs ${expected[`p_${bar.name}`]}`);

    // A "7": a stroke across the top, then down to the bottom left.
    const box = (await page.locator('#sketch').boundingBox())!;
    await page.mouse.move(box.x + 70, box.y + 60);
    await page.mouse.down();
    for (const [x, y] of [[140, 60], [210, 60], [170, 140], [130, 230]]) await page.mouse.move(box.x + x, box.y + y, { steps: 8 });
    await page.mouse.up();
    await page.waitForSelector('body[data-classified="2"]');
    const drawn = await page.$$eval('.bar', (rows) => rows.map((r) => Number(r.getAttribute('data-probability'))));
    t.true(Math.abs(drawn.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'the bars of the drawing sum to 1');
    t.regex((await page.textContent('#predicted')) ?? '', /^\d$/);
    const shot = artifactPath('classifier-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.true(fs.statSync(shot).size > 10_000);
    t.log(`screenshot: ${shot}`);
    t.deepEqual(foreign, [], 'the page loads nothing from elsewhere');
  } finally {
    await browser.close();
    await server.close();
  }
});
