/**
 * The package's API as another project uses it: `require('ssgan')` (through package.json's
 * exports) in a separate node process, on a run folder and on an export; and its type
 * declarations checked by the TypeScript compiler from a consumer file.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { ssgan } from './helpers/cli';
import { classifierRuns } from './helpers/classifier-runs';
import { mnistSlice, tempDir, writeMnistFolder } from './helpers/own-data';

const ROOT = path.resolve(__dirname, '..');

test('loadClassifier from a run folder and from an export gives ssgan predict\'s probabilities', async (t) => {
  const reports = await classifierRuns();
  const work = tempDir('api');
  const files = await writeMnistFolder(work, 'digits', mnistSlice('t10k', 5));
  const exported = path.join(work, 'export');
  t.is(ssgan(['export', '--run', 'mlp', '--reports', reports, '--seed', '1', '--out', exported, '--backend', 'wasm']).status, 0);
  const predictions = path.join(work, 'p.csv');
  t.is(ssgan(['predict', '--run', 'mlp', '--reports', reports, '--seed', '1', '--input', path.join(work, 'digits'), '--out', predictions, '--backend', 'wasm']).status, 0);
  const [header, ...rows] = fs.readFileSync(predictions, 'utf8').trim().split('\n').map((l) => l.split(','));
  const expected = new Map(rows.map((row) => [path.join(work, 'digits', row[0]), header.flatMap((h, i) => (h.startsWith('p_') ? [Number(row[i])] : []))]));

  const script = `
    const { loadClassifier } = require('ssgan');
    (async () => {
      const out = {};
      for (const [name, folder] of [['run', ${JSON.stringify(path.join(reports, 'mlp'))}], ['export', ${JSON.stringify(exported)}]]) {
        const classifier = await loadClassifier(folder, { seed: name === 'run' ? 1 : undefined, backend: 'wasm' });
        out[name] = { classNames: classifier.classNames, predictions: await classifier.predict(${JSON.stringify(files)}) };
        classifier.dispose();
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  for (const name of ['run', 'export']) {
    t.deepEqual(out[name].classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    t.is(out[name].predictions.length, files.length);
    for (const p of out[name].predictions) {
      const reference = expected.get(p.input)!;
      const probabilities = out[name].classNames.map((c: string) => p.probabilities[c]);
      t.true(probabilities.every((v: number, k: number) => Math.abs(v - reference[k]) < 1e-5), `${name} ${p.input}`);
      t.is(p.className, String(reference.indexOf(Math.max(...reference))));
      t.is(p.generated === undefined, name === 'export', 'only a run folder knows the generated probability');
    }
  }
});

test('the type declarations serve a TypeScript project, and catch a wrong option type', (t) => {
  const dir = path.join(ROOT, 'reports', 'test-artifacts', `api-consumer-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const check = (seed: string) => {
    const file = path.join(dir, 'consumer.ts');
    fs.writeFileSync(
      file,
      `import { loadClassifier, type Prediction } from 'ssgan';
async function main(): Promise<void> {
  const classifier = await loadClassifier('reports/my-run', { seed: ${seed}, weights: 'averaged' });
  const predictions: Prediction[] = await classifier.predict(['digit.png']);
  const name: string = predictions[0].className;
  console.log(name, classifier.classNames.length);
  classifier.dispose();
}
void main();
`,
    );
    const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
    return spawnSync(tsc, ['--ignoreConfig', '--noEmit', '--strict', '--module', 'node20', '--types', 'node', '--skipLibCheck', file], { cwd: ROOT, encoding: 'utf8' });
  };
  try {
    const ok = check('1');
    t.is(ok.status, 0, ok.stdout);
    const wrong = check("'1'");
    t.not(wrong.status, 0);
    t.regex(wrong.stdout, /consumer\.ts\(3,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
