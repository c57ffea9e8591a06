/** The Turing test's page: one image at a time, "real or generated?" by button or key, the result at the end. */
import { escapeXml } from '../util/escape-xml';

export function turingPage(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Real or generated? ${escapeXml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; text-align: center; margin: 2em; color: #222; }
[hidden] { display: none !important; }
#sample { width: 280px; height: 280px; image-rendering: pixelated; display: block; margin: 1em auto; background: #000; }
button { font-size: 1.1em; padding: 0.5em 1.4em; margin: 0 0.5em; cursor: pointer; }
button:disabled { opacity: 0.4; } #progress { color: #666; } #result { font-size: 1.3em; margin-top: 1em; }
kbd { border: 1px solid #aaa; border-radius: 3px; padding: 0 4px; font-size: 0.85em; }
</style></head>
<body>
<h1>Real or generated?</h1>
<p>Each image is either a real image from the data set or one drawn by the model (${escapeXml(title)}), with equal chance.</p>
<p id="progress">starting…</p>
<img id="sample" alt="image to judge">
<div id="buttons">
<button id="real" disabled>Real <kbd>R</kbd></button>
<button id="generated" disabled>Generated <kbd>G</kbd></button>
</div>
<p id="result" hidden></p>
<p id="error" hidden style="color:#b00"></p>
<script>
(() => {
  let session, total, index = 0, busy = true;
  const $ = (id) => document.getElementById(id);
  const fail = (message) => { $('error').hidden = false; $('error').textContent = message; };
  const show = () => {
    $('progress').textContent = 'image ' + (index + 1) + ' of ' + total;
    $('sample').src = '/api/sessions/' + session + '/images/' + index + '.png';
  };
  $('sample').addEventListener('load', () => { busy = false; $('real').disabled = $('generated').disabled = false; });
  async function answer(value) {
    if (busy) return;
    busy = true;
    $('real').disabled = $('generated').disabled = true;
    const res = await fetch('/api/answers', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session, index, answer: value }) });
    const body = await res.json();
    if (!res.ok) return fail(body.error);
    index = body.next;
    document.body.dataset.answered = String(index);
    if (!body.done) return show();
    const r = body.result;
    $('buttons').hidden = true;
    $('sample').hidden = true;
    $('progress').textContent = 'done';
    const out = $('result');
    out.hidden = false;
    out.dataset.errorRate = String(r.errorRatePercent);
    out.dataset.wrong = String(r.wrong);
    out.textContent = 'You judged ' + (r.answers - r.wrong) + ' of ' + r.answers + ' images correctly: accuracy ' +
      r.accuracyPercent.toFixed(1) + '%, error rate ' + r.errorRatePercent.toFixed(1) + '% (50% = could not tell).';
  }
  $('real').addEventListener('click', () => answer('real'));
  $('generated').addEventListener('click', () => answer('generated'));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'r' || e.key === 'R') answer('real');
    if (e.key === 'g' || e.key === 'G') answer('generated');
  });
  fetch('/api/sessions', { method: 'POST' }).then((r) => r.json()).then((s) => {
    if (!s.session) return fail(s.error);
    session = s.session; total = s.total; document.body.dataset.session = session; show();
  });
})();
</script>
</body></html>
`;
}
