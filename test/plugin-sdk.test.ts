/**
 * The plugin SDK (ssgan/plugin) as its users meet it: plugins stated with definePlugin, TypeScript
 * compiled on load by the built CLI (no tsx), load errors as one line with file and line, presets
 * refused at load when incomplete, and `ssgan plugins` failing when a plugin did.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { main } from '../src/cli/main';
import { ConfigError } from '../src/core/errors';
import { discoverPlugins } from '../src/core/plugins';
import { OptionReader } from '../src/data/options';
import { ssgan } from './helpers/cli';
import { tempDir } from './helpers/own-data';

function writePlugin(root: string, name: string, file: string, source: string): string {
  fs.mkdirSync(path.join(root, name), { recursive: true });
  fs.writeFileSync(path.join(root, name, file), source);
  return path.join(root, name, file);
}

/** A TypeScript plugin with a loader that throws the SDK's DatasetFormatError. */
const TRUNCATED_PLUGIN = `import { DatasetFormatError, definePlugin, recipe } from 'ssgan/plugin';

export default definePlugin({
  datasets: [{
    name: 'truncated',
    description: 'a loader whose file is cut short',
    async load() {
      throw new DatasetFormatError('/data/truncated.bin', 'ends after 12 of 784 bytes');
    },
  }],
  presets: [{ name: 'truncated-fm', description: 'truncated', config: recipe({ preset: 'truncated-fm', dataset: 'truncated', model: 'auto', labels: 10, epochs: 1, learningRate: 0.003 }) }],
});
`;

test('a plugin outside any project imports ssgan/plugin and gets this ssgan: its DatasetFormatError is a user error', async (t) => {
  const root = tempDir('sdk-truncated');
  writePlugin(root, 'truncated', 'index.ts', TRUNCATED_PLUGIN);
  const scan = discoverPlugins([root]);
  t.deepEqual(scan.errors, []);
  t.deepEqual(scan.plugins[0].provides.datasets, ['truncated']);
  t.deepEqual(scan.plugins[0].provides.presets, ['truncated-fm']);
  const code = await main(['run', '--plugins', root, '--dataset', 'truncated', '--reports', tempDir('sdk-truncated-runs'), '--backend', 'cpu']);
  t.is(code, 1, 'exit 1 (a user error), not 2 (an internal error): the error class is the command line\'s own');
});

test('a preset without the recipe is refused when its plugin loads, naming the plugin, the preset and each missing field', (t) => {
  const root = tempDir('sdk-partial');
  writePlugin(root, 'partial', 'index.js', `module.exports = { presets: [{ name: 'partial-fm', description: 'd', config: {
    preset: 'partial-fm', dataset: 'mnist', datasetOptions: {}, model: 'auto', modelOptions: {}, labels: 100, seed: 1, seeds: 1, dataSeed: 1,
    epochs: 1, iterationsPerEpoch: 0, learningRate: 0.003, lrDecayStartEpoch: null, adamBeta1: 0.5, emaRate: 1e-4, evaluateEveryEpochs: 1,
    initExamples: 500, discriminatorObjectives: [], generatorObjectives: [], hooks: [] } }] };\n`);
  writePlugin(root, 'wrong-type', 'index.js', `const { recipe } = require('ssgan/plugin');
module.exports = { presets: [{ name: 'wrong-fm', description: 'd', config: { ...recipe({ preset: 'wrong-fm', dataset: 'mnist', model: 'auto', labels: 100, epochs: 1, learningRate: 0.003 }), labels: '100' } }] };\n`);
  writePlugin(root, 'unknown-kind', 'index.js', `module.exports = { datasets: [], preset: [] };\n`);
  const scan = discoverPlugins([root]);
  t.deepEqual(scan.plugins, []);
  t.deepEqual(scan.errors.map((e) => e.message), [
    "plugin partial: preset 'partial-fm': config has no 'batchSize'; start it from recipe({ ... }) (ssgan/plugin), which fills the paper's values, and state only what differs",
    `plugin unknown-kind: ${path.join(root, 'unknown-kind', 'index.js')}: definePlugin has no 'preset'; it takes datasets, models, layers, objectives, hooks, techniques, presets`,
    `plugin wrong-type: preset 'wrong-fm': config field 'labels' must be an integer, got "100"`,
  ]);
});

test('the built CLI, without tsx, compiles TypeScript plugins; a syntax error and a throw name their line, and ssgan plugins exits 1', (t) => {
  const root = tempDir('sdk-broken');
  const good = writePlugin(root, 'good', 'index.ts', TRUNCATED_PLUGIN);
  const syntax = writePlugin(root, 'syntax', 'index.ts', `import { definePlugin } from 'ssgan/plugin';\n\nconst size: number = ;\nexport default definePlugin({});\n`);
  const throws = writePlugin(root, 'throws', 'index.ts', `import { definePlugin } from 'ssgan/plugin';\n\nfunction readIndex(): string[] {\n  throw new Error('index.csv is missing');\n}\nexport default definePlugin({ datasets: readIndex().map(() => ({ name: 'x', description: 'x', load: async () => { throw new Error(); } })) });\n`);
  const result = ssgan(['plugins', '--plugins', root]);
  t.is(result.status, 1);
  t.true(result.stdout.includes(`good  (${good})`), 'the good TypeScript plugin is listed');
  t.deepEqual(result.stderr.trim().split('\n'), [
    `warning: plugin syntax: ${syntax}:3: Unexpected ";"`,
    `warning: plugin throws: ${throws}:4: index.csv is missing`,
    'ssgan plugins: 2 plugins failed to load (syntax, throws); the reasons are above',
  ]);
});

test('OptionReader: dataDir, which a descriptor\'s dir arrives as, is always allowed; a misspelt option is not', (t) => {
  new OptionReader('stripes', { perClass: 5, dataDir: '/data/stripes' }).allowOnly(['perClass']);
  const error = t.throws(() => new OptionReader('stripes', { perclass: 5 }).allowOnly(['perClass']), { instanceOf: ConfigError });
  t.is(error?.message, "stripes: option 'perclass' is not an option (did you mean 'perClass'?); options: perClass");
});
