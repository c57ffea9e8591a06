/** The visual Turing test driven in chromium: 20 answers clicked, recorded, scored; bad submissions refused. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { artifactPath, launchChromium } from './helpers/browser';
import { ssganAsync } from './helpers/cli';
import { RUN_ID, scoredRunCopy } from './helpers/scored-run';

const N = 20;

test('20 clicked answers are recorded, the error rate matches them, malformed posts get 400', async (t) => {
  const reports = await scoredRunCopy();
  const server = ssganAsync(['turing', '--run', RUN_ID, '--reports', reports, '--port', '0', '--n', String(N), '--pool', '40', '--backend', 'wasm']);
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`ssgan turing exited ${code}:\n${stderr}`)));
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const clicked: string[] = [];
    for (let i = 0; i < N; i++) {
      // A fixed, uneven pattern: the person's answers need not be balanced.
      const answer = i % 3 === 0 ? 'generated' : 'real';
      await page.click(`#${answer}:not([disabled])`);
      await page.waitForSelector(`body[data-answered="${i + 1}"]`);
      clicked.push(answer);
    }
    await page.waitForSelector('#result:not([hidden])');
    const shownErrorRate = Number(await page.getAttribute('#result', 'data-error-rate'));
    const session = (await page.getAttribute('body', 'data-session')) as string;
    await page.screenshot({ path: artifactPath('turing-result.png') });

    const answersFile = path.join(reports, RUN_ID, 'turing', 'answers.jsonl');
    const read = () => fs.readFileSync(answersFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const recorded = read();
    t.is(recorded.length, N);
    t.deepEqual(recorded.map((a) => a.answer), clicked);
    t.deepEqual(recorded.map((a) => a.index), [...Array(N).keys()]);
    t.true(recorded.every((a) => a.session === session && a.correct === (a.truth === a.answer)));
    const wrong = recorded.filter((a) => !a.correct).length;
    t.is(shownErrorRate, (100 * wrong) / N);
    const summary = JSON.parse(fs.readFileSync(path.join(reports, RUN_ID, 'turing', 'summary.json'), 'utf8'));
    t.is(summary.answers, N);
    t.is(summary.humanErrorRatePercent, (100 * wrong) / N);
    t.is(summary.completeSessions, 1);
    t.true(summary.interval95Percent[0] <= summary.humanErrorRatePercent && summary.humanErrorRatePercent <= summary.interval95Percent[1]);

    const post = (body: string) => fetch(new URL('/api/answers', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const bad of ['not json', '[]', JSON.stringify({ session, index: 0, answer: 'real' }), JSON.stringify({ session, index: N, answer: 'real' }),
      JSON.stringify({ session: 'nope', index: 0, answer: 'real' })]) {
      const res = await post(bad);
      t.is(res.status, 400, bad);
    }
    // A fresh session refuses a skipped index and an unknown answer too.
    const fresh = (await (await fetch(new URL('/api/sessions', url), { method: 'POST' })).json()) as { session: string };
    t.is((await post(JSON.stringify({ session: fresh.session, index: 1, answer: 'real' }))).status, 400);
    t.is((await post(JSON.stringify({ session: fresh.session, index: 0, answer: 'maybe' }))).status, 400);
    t.is(read().length, N, 'refused submissions change nothing');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await exited;
  }
});
