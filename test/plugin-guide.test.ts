/**
 * The guide's plugin (docs/own-dataset.md, "Write a plugin in 15 minutes") is the file
 * examples/quadrants/index.ts, whole, and it trains.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import quadrants from '../examples/quadrants/index';
import { main } from '../src/cli/main';
import { guideBlock } from './helpers/guide-block';
import { tempDir } from './helpers/own-data';

const REPO = path.resolve(__dirname, '..');
const EXAMPLE = path.join(REPO, 'examples', 'quadrants');
const MARKER = '<!-- the file examples/quadrants/index.ts, checked by test/plugin-guide.test.ts -->\n```ts\n';

test("the guide's code block is examples/quadrants/index.ts, character for character", (t) => {
  const block = guideBlock(MARKER);
  t.not(block, undefined, 'the guide marks the block');
  t.is(block, fs.readFileSync(path.join(EXAMPLE, 'index.ts'), 'utf8'));
});

test('the example loads its dataset: four quadrants, balanced, and a misspelt option is named', async (t) => {
  const loader = quadrants.datasets![0];
  const dataset = await loader.load({ perClass: 5, seed: 2 });
  t.deepEqual(dataset.classNames, ['top-left', 'top-right', 'bottom-left', 'bottom-right']);
  t.deepEqual([...dataset.trainLabels], [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
  t.is(dataset.testLabels.length, 200);
  t.is(dataset.trainImages.count, 20);
  await t.throwsAsync(loader.load({ perclass: 5 }), { message: "quadrants: option 'perclass' is not an option (did you mean 'perClass'?); options: perClass, seed" });
});

test('the example trains by its dataset name: 3 epochs of its preset find the quadrant far better than chance (75% error)', async (t) => {
  const reports = tempDir('guide-example');
  const code = await main(['run', '--plugins', EXAMPLE, '--dataset', 'quadrants', '--epochs', '3', '--reports', reports, '--run-id', 'q']);
  t.is(code, 0);
  const summary = JSON.parse(fs.readFileSync(path.join(reports, 'q', 'summary.json'), 'utf8'));
  t.is(summary.preset, 'quadrants-fm', 'the plugin\'s preset for its dataset');
  t.true(summary.complete);
  // About 3.5% at seed 1; a model that learned nothing stays near 75%.
  t.true(summary.testErrorAveraged.mean < 20, `test error ${summary.testErrorAveraged.mean}%`);
});
