/**
 * Techniques' layers reach the models through the slots of `ModelSpec.layers`, filled from the
 * registered `ModelLayerFactory`s: the models name no technique, a plugin's own layer lands where
 * the slot is, and export refuses a layer by what it says of itself, not by its class.
 */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import type { FeatureLayerFactory, Generator, GeneratorNormFactory, Network } from '../src/core/contracts';
import { createRegistry } from '../src/core/container';
import { ConfigError } from '../src/core/errors';
import { discoverPlugins } from '../src/core/plugins';
import { selectBackend } from '../src/engine/backend';
import { foldLogits } from '../src/export/fold';
import { coreModule } from '../src/gan/module';
import { BatchNorm } from '../src/nn/batch-norm';
import { BaseLayer } from '../src/nn/layer';
import { modelSpec } from '../src/nn/model-layers';
import { DenseModels } from '../plugins/mnist/models';

test.before(async () => {
  await selectBackend('wasm');
});

/** A third party's layer: appends each row's batch mean, so its output depends on the batch. */
class BatchMeanColumn extends BaseLayer {
  readonly batchDependent = true;

  build(inputShape: readonly number[]): number[] {
    return [inputShape[0] + 1];
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.concat([x, tf.tile(tf.mean(x, undefined, true), [x.shape[0], 1])], 1));
  }

  getConfig(): Record<string, unknown> {
    return { className: 'BatchMeanColumn', name: this.name };
  }
}

const BATCH_MEAN: FeatureLayerFactory = {
  slot: 'discriminator-features',
  name: 'batch-mean',
  description: 'a column of the batch mean',
  create: (options) => (options.batchMean === true ? new BatchMeanColumn('batch_mean') : undefined),
};

const SMALL = { discriminatorUnits: [16, 8], generatorUnits: [12, 12], latentDim: 4, initSeed: 3 };
const free = (...networks: Network[]) => tf.dispose(networks.flatMap((n) => n.namedWeights.map((w) => w.variable)));
const layerNames = (n: Network) => (n.getConfig() as { layers: { name: string }[] }).layers.map((l) => l.name);

test("a plugin's feature layer goes right after D's feature layer when its option is on, and makes D compare batches apart", (t) => {
  const models = new DenseModels();
  const plain = models.createDiscriminator(modelSpec([BATCH_MEAN], [28, 28, 1], 10, SMALL));
  const withLayer = models.createDiscriminator(modelSpec([BATCH_MEAN], [28, 28, 1], 10, { ...SMALL, batchMean: true }));
  t.deepEqual(layerNames(plain), ['flatten', 'noise1', 'dense1', 'noise2', 'dense2', 'noise3', 'logits']);
  t.deepEqual(layerNames(withLayer), ['flatten', 'noise1', 'dense1', 'noise2', 'dense2', 'batch_mean', 'noise3', 'logits']);
  t.false(plain.batchStatistics);
  t.true(withLayer.batchStatistics);
  // The logits layer reads the feature layer's 8 units plus the plugin's column.
  t.deepEqual(withLayer.namedWeights.find((w) => w.name === 'logits/v')?.variable.shape, [9, 10]);
  free(plain, withLayer);
});

test('export refuses a layer that says its output depends on the batch, naming it', (t) => {
  const d = new DenseModels().createDiscriminator(modelSpec([BATCH_MEAN], [28, 28, 1], 10, { ...SMALL, batchMean: true }));
  const error = t.throws(() => foldLogits(d, tf.input({ shape: [28, 28, 1] }), '', 'run'), { instanceOf: ConfigError });
  t.is(error?.message, "run: the discriminator's layer 'batch_mean' (BatchMeanColumn) compares the images of a batch; it has no single-image form and cannot be exported");
  free(d);
});

test("model option generatorNorm picks a plugin's normalisation by name; an unknown one is refused with the loaded ones", (t) => {
  const asked: string[] = [];
  const wrapped: { plain: Generator; seed: number }[] = [];
  const recording: GeneratorNormFactory = {
    slot: 'generator-norm',
    name: 'recording',
    description: 'batch norm that records what the model asks',
    layer: (_options, name, activation) => (asked.push(`${name}:${activation}`), new BatchNorm(name, { activation })),
    generator: (_options, plain, seed) => (wrapped.push({ plain, seed }), plain),
  };
  const models = new DenseModels();
  const g = models.createGenerator(modelSpec([recording], [28, 28, 1], 10, { ...SMALL, generatorNorm: 'recording' }));
  t.deepEqual(asked, ['bn1:softplus', 'bn2:softplus']);
  t.is(wrapped.length, 1);
  t.is(wrapped[0].plain, g);
  t.is(wrapped[0].seed, SMALL.initSeed, "the model's weight seed, from which a normalisation derives what it draws");
  const batch = models.createGenerator(modelSpec([recording], [28, 28, 1], 10, SMALL));
  t.is(asked.length, 2, 'without the option: batch norm, the factory is not asked');
  t.throws(() => models.createGenerator(modelSpec([recording], [28, 28, 1], 10, { ...SMALL, generatorNorm: 'nope' })), {
    instanceOf: ConfigError,
    message: "model option generatorNorm must be one of 'batch', 'recording', got 'nope'",
  });
  free(g, batch);
});

test('mnist-mbd builds the weights its checkpoints hold, by name and shape, so checkpoints of earlier runs load', (t) => {
  const registry = createRegistry([coreModule, ...discoverPlugins().plugins.map((p) => p.module)]);
  const config = registry.preset('mnist-mbd').config;
  const spec = modelSpec(registry.modelLayers(), [28, 28, 1], 10, { ...config.modelOptions, initSeed: 1 });
  const models = registry.model(config.model);
  const d = models.createDiscriminator(spec);
  const g = models.createGenerator(spec);
  const shapes = (n: Network) => n.namedWeights.map((w) => `${w.name} ${w.variable.shape.join('x')}`);
  const dense = (i: number, inputs: number, units: number) => [`dense${i}/v ${inputs}x${units}`, `dense${i}/g ${units}`, `dense${i}/bias ${units}`];
  t.deepEqual(shapes(d), [
    ...dense(1, 784, 1000), ...dense(2, 1000, 500), ...dense(3, 500, 250), ...dense(4, 250, 250), ...dense(5, 250, 250),
    'minibatch/t 250x500', 'minibatch/log_scale 500', 'minibatch/bias 100', 'logits/v 350x10', 'logits/g 10', 'logits/bias 10',
  ]);
  t.deepEqual(shapes(g), [
    'dense1/kernel 100x500', 'bn1/beta 500', 'dense2/kernel 500x500', 'bn2/beta 500',
    'output/v 500x784', 'output/g 784', 'output/bias 784', 'reference/z 100x100',
  ]);
  t.true(d.batchStatistics);
  free(d, g);
});
