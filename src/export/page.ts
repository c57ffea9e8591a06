/**
 * `ssgan export --page`: index.html beside the exported model, and the tfjs script it loads, so
 * any static file server can serve a page that classifies a dropped or picked image (and, for
 * 28x28 grayscale models, a digit drawn with the mouse) with no ssgan process and no network.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../store/files';

export const PAGE_FILE = 'index.html';
const TFJS_FILE = 'tf.min.js';

export function writeClassifierPage(outDir: string): void {
  writeFileAtomic(path.join(outDir, TFJS_FILE), fs.readFileSync(require.resolve(`@tensorflow/tfjs/dist/${TFJS_FILE}`)));
  writeFileAtomic(path.join(outDir, PAGE_FILE), PAGE);
}

// The page computes as the run's preprocessing does: fit to the model's shape on black, grayscale
// by luminance, then (p - offset) / scale. Browsers resample with their own filter, so a pixel may
// differ slightly from sharp's; ssgan predict is the reference.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ssgan classifier</title>
<style>
  body { font: 15px system-ui, sans-serif; margin: 24px; color: #222; max-width: 960px; }
  #drop { border: 2px dashed #888; border-radius: 8px; padding: 24px; text-align: center; margin-bottom: 16px; }
  #drop.over { background: #eef; }
  .row { display: flex; gap: 32px; flex-wrap: wrap; align-items: flex-start; }
  #sketch { background: #000; border-radius: 4px; touch-action: none; cursor: crosshair; }
  #input-view { image-rendering: pixelated; width: 112px; height: 112px; border: 1px solid #ccc; background: #000; }
  .bar { display: grid; grid-template-columns: 8em 260px 5em; align-items: center; gap: 8px; margin: 2px 0; }
  .bar .track { background: #eee; height: 14px; border-radius: 3px; overflow: hidden; }
  .bar .fill { background: #3a6ea5; height: 100%; }
  .bar.best .fill { background: #2a9d4a; }
  .bar .value { text-align: right; font-variant-numeric: tabular-nums; }
  #predicted { font-size: 28px; font-weight: 600; }
  .muted { color: #666; }
</style>
</head>
<body>
<h1>ssgan classifier</h1>
<p id="status" class="muted">loading the model...</p>
<div id="drop">Drop an image here, or <input type="file" id="file" accept="image/*"></div>
<div class="row">
  <div id="draw" hidden>
    <p>Or draw a digit:</p>
    <canvas id="sketch" width="280" height="280"></canvas><br>
    <button id="classify-drawing">Classify drawing</button> <button id="clear">Clear</button>
  </div>
  <div>
    <p>Model input:</p>
    <canvas id="input-view"></canvas>
  </div>
  <div>
    <p>Prediction: <span id="predicted">-</span> <span id="confidence" class="muted"></span></p>
    <div id="bars"></div>
  </div>
</div>
<script src="tf.min.js"></script>
<script>
(async () => {
  const status = document.getElementById('status');
  let meta, model;
  try {
    meta = await (await fetch('metadata.json')).json();
    model = await tf.loadLayersModel('model.json');
  } catch (err) {
    status.textContent = 'could not load the model: ' + err.message + ' (serve this folder over http; file:// pages cannot fetch)';
    return;
  }
  const [H, W, C] = meta.inputShape;
  const { offset, scale } = meta.pixelScaling;
  const view = document.getElementById('input-view');
  view.width = W;
  view.height = H;
  status.textContent = 'run ' + meta.runId + (meta.seeds.length === 1 ? ', seed ' : ', seeds ') + meta.seeds.join(', ') + ', ' + meta.weights + ' weights' +
    (meta.testError == null ? '' : ', test error ' + meta.testError.toFixed(2) + '%') + '; input ' + H + 'x' + W + 'x' + C;

  // Draws a source (image or canvas) of size sw x sh onto the model-sized canvas as the run's fit does.
  function fitted(source, sw, sh) {
    const ctx = view.getContext('2d');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, W, H);
    ctx.imageSmoothingQuality = 'high';
    if (meta.fit === 'fill') {
      ctx.drawImage(source, 0, 0, W, H);
    } else {
      const s = meta.fit === 'contain' ? Math.min(W / sw, H / sh) : Math.max(W / sw, H / sh);
      const dw = sw * s, dh = sh * s;
      ctx.drawImage(source, (W - dw) / 2, (H - dh) / 2, dw, dh);
    }
    const rgba = ctx.getImageData(0, 0, W, H).data;
    const x = new Float32Array(H * W * C);
    for (let i = 0; i < H * W; i++) {
      const r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2];
      if (C === 1) x[i] = (0.2126 * r + 0.7152 * g + 0.0722 * b - offset) / scale;
      else for (let k = 0; k < 3; k++) x[3 * i + k] = (rgba[4 * i + k] - offset) / scale;
    }
    return x;
  }

  async function classify(x) {
    const input = tf.tensor4d(x, [1, H, W, C]);
    const output = model.predict(input);
    const p = await output.data();
    tf.dispose([input, output]);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    document.getElementById('predicted').textContent = meta.classNames[best];
    document.getElementById('confidence').textContent = '(' + (100 * p[best]).toFixed(1) + '%)';
    const bars = document.getElementById('bars');
    bars.replaceChildren(...meta.classNames.map((name, k) => {
      const row = document.createElement('div');
      row.className = 'bar' + (k === best ? ' best' : '');
      row.dataset.class = name;
      row.dataset.probability = String(p[k]);
      const label = document.createElement('span');
      label.textContent = name;
      const track = document.createElement('div');
      track.className = 'track';
      const fill = document.createElement('div');
      fill.className = 'fill';
      fill.style.width = (100 * p[k]).toFixed(1) + '%';
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = (100 * p[k]).toFixed(1) + '%';
      row.append(label, track, value);
      return row;
    }));
    document.body.dataset.classified = String(Number(document.body.dataset.classified || 0) + 1);
  }

  async function classifyFile(file) {
    try {
      const bitmap = await createImageBitmap(file);
      await classify(fitted(bitmap, bitmap.width, bitmap.height));
    } catch (err) {
      status.textContent = file.name + ': cannot read this image (' + err.message + ')';
    }
  }

  document.getElementById('file').addEventListener('change', (e) => e.target.files[0] && classifyFile(e.target.files[0]));
  const drop = document.getElementById('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files[0]) classifyFile(e.dataTransfer.files[0]);
  });

  if (C === 1 && H === 28 && W === 28) {
    document.getElementById('draw').hidden = false;
    const sketch = document.getElementById('sketch');
    const pen = sketch.getContext('2d');
    const clear = () => { pen.fillStyle = '#000'; pen.fillRect(0, 0, sketch.width, sketch.height); };
    clear();
    pen.strokeStyle = '#fff';
    pen.lineWidth = 28;
    pen.lineCap = 'round';
    pen.lineJoin = 'round';
    let drawing = false;
    const at = (e) => { const r = sketch.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    sketch.addEventListener('pointerdown', (e) => { drawing = true; pen.beginPath(); pen.moveTo(...at(e)); });
    sketch.addEventListener('pointermove', (e) => { if (drawing) { pen.lineTo(...at(e)); pen.stroke(); } });
    // MNIST centres each digit's bounding box, scaled to 20x20, in the 28x28 image: so does the page.
    const drawingInput = () => {
      const ink = pen.getImageData(0, 0, sketch.width, sketch.height).data;
      let x0 = sketch.width, y0 = sketch.height, x1 = -1, y1 = -1;
      for (let y = 0; y < sketch.height; y++) for (let x = 0; x < sketch.width; x++) {
        if (ink[4 * (y * sketch.width + x)] > 0) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
      }
      if (x1 < 0) return fitted(sketch, sketch.width, sketch.height);
      const box = document.createElement('canvas');
      box.width = box.height = 280;
      const side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
      const s = 200 / side;
      const bctx = box.getContext('2d');
      bctx.fillStyle = '#000';
      bctx.fillRect(0, 0, 280, 280);
      bctx.drawImage(sketch, x0, y0, x1 - x0 + 1, y1 - y0 + 1, 140 - (x1 - x0 + 1) * s / 2, 140 - (y1 - y0 + 1) * s / 2, (x1 - x0 + 1) * s, (y1 - y0 + 1) * s);
      return fitted(box, 280, 280);
    };
    const finish = () => { if (drawing) { drawing = false; classify(drawingInput()); } };
    sketch.addEventListener('pointerup', finish);
    sketch.addEventListener('pointerleave', finish);
    document.getElementById('classify-drawing').addEventListener('click', () => classify(drawingInput()));
    document.getElementById('clear').addEventListener('click', clear);
  }
  document.body.dataset.ready = 'true';
})();
</script>
</body>
</html>
`;
