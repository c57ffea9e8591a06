/**
 * Every technique switched on together (minibatch discrimination with its generator loss, virtual
 * batch norm, label smoothing, historical averaging, instance noise) trains through the real seed
 * runner, on MNIST with the mbd preset and on the narrowed SVHN conv model: no NaN, no tensor leak.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import type { Dataset, ExperimentConfig } from '../src/core/contracts';
import { createRegistry } from '../src/core/container';
import { discoverPlugins } from '../src/core/plugins';
import { selectBackend } from '../src/engine/backend';
import { RandomStreams } from '../src/engine/random';
import { coreModule } from '../src/gan/module';
import { ProgressPrinter } from '../src/store/progress';
import { RunFolder } from '../src/store/run-folder';
import { trainSeed } from '../src/seed/seed-run';
import { techniqueSwitches } from '../src/runner/techniques';
import { imageSetOf } from './helpers/image-sets';
import { loadMnist } from './helpers/mnist-training';
import { testSetEvaluator } from '../src/eval/seed-evaluator';

const registry = createRegistry([coreModule, ...discoverPlugins().plugins.map((p) => p.module)]);
const EVERY_TECHNIQUE = ['mbd', 'vbn', 'label-smoothing', 'historical-averaging', 'instance-noise'];

test.before(async () => {
  await selectBackend('wasm');
});

function everythingOn(preset: string, overrides: Partial<ExperimentConfig>): ExperimentConfig {
  const base = { ...registry.preset(preset).config, epochs: 1, evaluateEveryEpochs: 1, ...overrides };
  return EVERY_TECHNIQUE.reduce((c, name) => registry.technique(name).enable(c), base);
}

type Assertions = { true(v: boolean, m?: string): void; is(a: unknown, b: unknown, m?: string): void };

/** Tensors a seed leaves behind, and checks of its losses and errors. */
async function trainOnce(t: Assertions, config: ExperimentConfig, dataset: Dataset): Promise<number> {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-techniques-'));
  const folder = RunFolder.create(reports, config.preset, 'run');
  const before = tf.memory().numTensors;
  const result = await trainSeed({ config, registry, dataset, folder, index: 0, progress: new ProgressPrinter(), evaluator: testSetEvaluator });
  const left = tf.memory().numTensors - before;
  t.true(Number.isFinite(result.testErrorAveraged) && Number.isFinite(result.testErrorRaw), `test errors ${result.testErrorAveraged}, ${result.testErrorRaw}`);
  const csv = fs.readFileSync(folder.file('seed-1', 'metrics.csv'), 'utf8').trim().split('\n');
  const header = csv[0].split(',');
  const row = csv[1].split(',').map(Number);
  for (const name of ['k-plus-one', 'k-plus-one-minimax', 'historical-averaging-d', 'historical-averaging-g']) {
    const i = header.findIndex((h) => h.includes(name));
    t.true(i >= 0 && Number.isFinite(row[i]), `${name} in metrics.csv: ${row[i]}`);
  }
  fs.rmSync(reports, { recursive: true, force: true });
  return left;
}

/** A seed with every technique on leaves no tensor behind: not per iteration, not per seed. */
async function noLeak(t: Assertions, config: ExperimentConfig, dataset: Dataset): Promise<void> {
  t.is(await trainOnce(t, config, dataset), 0, 'tensors left after the seed');
}

test.serial('mnist-mbd with every technique on: finite losses, no tensor left after the seed', async (t) => {
  const config = everythingOn('mnist-mbd', { iterationsPerEpoch: 6 });
  const switches = techniqueSwitches(registry, config);
  for (const name of ['minibatch-discrimination', 'virtual-batch-norm', 'label-smoothing', 'historical-averaging', 'instance-noise']) {
    t.true(switches[name].enabled, `${name} is on`);
  }
  await noLeak(t, config, await loadMnist());
});

test.serial('svhn-mbd (narrowed conv model) with every technique on: finite losses, no tensor left after the seed', async (t) => {
  const config = everythingOn('svhn-mbd', {
    iterationsPerEpoch: 2, initExamples: 100, labels: 100,
    modelOptions: { ...registry.preset('svhn-mbd').config.modelOptions, firstWidth: 16, width: 32, generatorChannels: [64, 32, 16] },
  });
  const dataset = syntheticColour(300, 200);
  await noLeak(t, config, dataset);
});

/** Random 32x32 colour images in [-1, 1] with balanced labels: enough to exercise the conv models. */
function syntheticColour(train: number, testCount: number): Dataset {
  const random = RandomStreams.fromSeed(3);
  const labels = (n: number) => Int32Array.from({ length: n }, (_, i) => i % 10);
  const images = (n: number) => {
    const values = tf.tidy(() => tf.clipByValue(random.normal([n, 32, 32, 3], 0.5), -1, 1)) as tf.Tensor4D;
    const set = imageSetOf(values);
    values.dispose();
    return set;
  };
  return {
    name: 'synthetic', trainImages: images(train), trainLabels: labels(train), testImages: images(testCount), testLabels: labels(testCount),
    classNames: [...'0123456789'], scaling: { offset: 127.5, scale: 127.5 }, sources: ['synthetic'],
  };
}
