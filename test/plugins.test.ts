import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { main } from '../src/cli/main';
import { createRegistry } from '../src/core/container';
import { PluginError } from '../src/core/errors';
import { describePlugins, discoverPlugins } from '../src/core/plugins';
import { tempDir } from './helpers/own-data';

/** A plugin with no imports at all: it takes everything from the ssgan API it is given. */
const BLOBS_PLUGIN = `
import type { PluginApi } from '${path.resolve(__dirname, '../src/core/plugin-api')}';

/** Two classes of 8x8 images: a bright blob on the left or on the right. */
function blobs(ssgan: PluginApi, count: number, seed: number) {
  const pixels = new Uint8Array(count * 64);
  const labels = new Int32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    state = (state * 1103515245 + 12345) % 2147483648;
    const column = labels[i] === 0 ? 1 + (state % 2) : 5 + (state % 2);
    for (let y = 2; y < 6; y++) pixels[i * 64 + y * 8 + column] = 255;
  }
  return { pixels, labels, count };
}

export default function plugin(ssgan: PluginApi) {
  const loader = {
    name: 'blobs',
    description: 'left or right blobs',
    async load() {
      return ssgan.assembleDataset({
        name: 'blobs', shape: [8, 8, 1], classNames: ['left', 'right'], scaling: 'unit',
        train: blobs(ssgan, 200, 1), test: blobs(ssgan, 40, 2), sources: ['generated'],
      });
    },
  };
  const preset = {
    name: 'blobs-fm',
    description: 'blobs',
    config: {
      preset: 'blobs-fm', dataset: 'blobs', datasetOptions: {}, model: 'auto',
      modelOptions: { discriminatorUnits: [32, 32], generatorUnits: [32], latentDim: 8 },
      labels: 10, seed: 1, seeds: 1, dataSeed: 1, epochs: 2, iterationsPerEpoch: 3, batchSize: 20,
      learningRate: 0.003, lrDecayStartEpoch: null, adamBeta1: 0.5, emaRate: 0.01, evaluateEveryEpochs: 1,
      initExamples: 40,
      discriminatorObjectives: [{ name: 'supervised', weight: 1, options: {} }, { name: 'k-plus-one', weight: 1, options: {} }],
      generatorObjectives: [{ name: 'feature-matching', weight: 1, options: { distance: 'squared' } }],
      hooks: [],
    },
  };
  return new ssgan.ContainerModule(({ bind }) => {
    bind(ssgan.TOKENS.DatasetLoader).toConstantValue(loader);
    bind(ssgan.TOKENS.Preset).toConstantValue(preset);
  });
}
`;

function writePlugin(root: string, name: string, file: string, source: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), source);
  return dir;
}

function userPlugins(): string {
  const root = tempDir('plugins');
  writePlugin(root, 'blobs', 'index.ts', BLOBS_PLUGIN);
  writePlugin(root, 'a-throws', 'index.ts', `throw new Error('cannot find my data');\n`);
  writePlugin(root, 'b-bad-export', 'index.js', `module.exports = { plugin: 42 };\n`);
  writePlugin(root, 'c-needs-inversify', 'index.js', `const { ContainerModule } = require('inversify');\nmodule.exports = new ContainerModule(() => {});\n`);
  writePlugin(
    root,
    'd-bad-binding',
    'index.js',
    `module.exports = (ssgan) => new ssgan.ContainerModule(({ bind }) => {
      bind(ssgan.TOKENS.DatasetLoader).toDynamicValue(() => { throw new Error('no GPU here'); });
    });\n`,
  );
  writePlugin(root, 'e-clash', 'index.js', `module.exports = (ssgan) => new ssgan.ContainerModule(({ bind }) => {
    bind(ssgan.TOKENS.DatasetLoader).toConstantValue({ name: 'csv', description: 'mine', load: async () => { throw new Error(); } });
  });\n`);
  writePlugin(root, 'f-js-plugin', 'index.js', `module.exports = { plugin: (ssgan) => new ssgan.ContainerModule(({ bind }) => {
    bind(ssgan.TOKENS.Objective).toConstantValue({ name: 'zero', player: 'generator', description: 'adds nothing', create: () => ({ name: 'zero', weight: 0, loss: () => ssgan.tf.scalar(0) }) });
  }) };\n`);
  fs.mkdirSync(path.join(root, 'g-not-a-plugin'));
  return root;
}

test('the built-in plugins load and say what they provide', (t) => {
  const scan = discoverPlugins();
  const byName = new Map(scan.plugins.map((p) => [p.name, p]));
  t.deepEqual(byName.get('csv')?.provides.datasets, ['csv']);
  t.deepEqual(byName.get('image-folder')?.provides.datasets, ['image-folder']);
  t.deepEqual(byName.get('auto-model')?.provides.models, ['auto']);
  t.deepEqual(byName.get('example-dataset')?.provides.presets, ['shapes-fm']);
  t.regex(describePlugins(scan), /^csv {2}\(.*plugins\/csv\/index\.ts\)\n {2}datasets {4}csv$/m);
});

test('a user plugin folder: the good plugins load, each broken one is reported by name', (t) => {
  const root = userPlugins();
  const scan = discoverPlugins([path.resolve(__dirname, '../plugins'), root]);
  const names = scan.plugins.map((p) => p.name);
  t.true(names.includes('blobs') && names.includes('f-js-plugin') && names.includes('mnist'));
  t.false(names.includes('g-not-a-plugin'));
  t.true(scan.errors.every((e) => e instanceof PluginError));
  const messages = scan.errors.map((e) => e.message).filter((m) => m.includes(root) || /plugin [a-f]-/.test(m));
  t.is(messages.length, 5);
  t.is(messages[0], `plugin a-throws: ${path.join(root, 'a-throws', 'index.ts')}:1: cannot find my data`);
  t.regex(messages[1], /^plugin b-bad-export: .* must export definePlugin\(\{ \.\.\. \}\) \(from ssgan\/plugin\), a ContainerModule/);
  t.regex(messages[2], /^plugin c-needs-inversify: .*c-needs-inversify\/index\.js:1: Cannot find module 'inversify'.*imports ssgan\/plugin/);
  t.is(messages[3], 'plugin d-bad-binding: its bindings fail: no GPU here');
  t.is(messages[4], "plugin e-clash: datasets 'csv' is already provided by plugin csv");
  const registry = createRegistry(scan.plugins.map((p) => p.module));
  t.is(registry.objective('zero').name, 'zero');
});

test('a folder given directly is one plugin; a missing folder is reported', (t) => {
  const root = userPlugins();
  const scan = discoverPlugins([path.join(root, 'blobs'), path.join(root, 'nope')]);
  t.deepEqual(scan.plugins.map((p) => p.name), ['blobs']);
  t.deepEqual(scan.errors.map((e) => e.message), [`plugin ${path.join(root, 'nope')}: plugin folder does not exist`]);
});

test('a plugin written into a temporary folder trains from the command line', async (t) => {
  const root = userPlugins();
  const reports = tempDir('plugin-run');
  const code = await main(['run', '--plugins', root, '--preset', 'blobs-fm', '--reports', reports, '--run-id', 'blobs', '--backend', 'cpu']);
  t.is(code, 0);
  const metrics = fs.readFileSync(path.join(reports, 'blobs', 'seed-1', 'metrics.csv'), 'utf8').trim().split('\n');
  t.is(metrics.length, 3, 'a header and one row per epoch');
  const last = metrics[2].split(',');
  t.is(last[1], '6', '2 epochs of 3 iterations');
  const error = Number(last[metrics[0].split(',').indexOf('test_error_raw')]);
  t.true(error >= 0 && error <= 100);
});
