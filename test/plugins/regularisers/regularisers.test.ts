/**
 * The regularisers inside the paper's D as switches: off sets the neutral value, on hands the
 * choice back to the model. And what the switch does to the MNIST model: without noise, a
 * training pass is deterministic; without weight norm, the length of a unit's weights matters.
 */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import type { ExperimentConfig } from '../../../src/core/contracts';
import { selectBackend } from '../../../src/engine/backend';
import { RandomStreams } from '../../../src/engine/random';
import { modelSpec } from '../../../src/nn/model-layers';
import { DenseModels } from '../../../plugins/mnist/models';
import { MNIST_FEATURE_MATCHING } from '../../../plugins/mnist/presets';
import { DROPOUT, GAUSSIAN_NOISE, WEIGHT_NORM } from '../../../plugins/regularisers/techniques';

test.before(async () => {
  await selectBackend('wasm');
});

const base = MNIST_FEATURE_MATCHING.config;

test('off sets each regulariser\'s neutral values; on removes them so the model\'s own apply; set values are its parameters', (t) => {
  const cases = [
    [GAUSSIAN_NOISE, { inputNoiseStd: 0, hiddenNoiseStd: 0 }],
    [DROPOUT, { inputDropout: 0, hiddenDropout: 0 }],
    [WEIGHT_NORM, { weightNorm: false }],
  ] as const;
  for (const [technique, neutral] of cases) {
    t.true(technique.enabledIn(base), `${technique.name} is the model's own by default`);
    t.deepEqual(technique.parameters(base), {}, `${technique.name}: nothing set, nothing to report`);
    const off = technique.disable(base);
    t.like(off.modelOptions, neutral);
    t.false(technique.enabledIn(off));
    t.deepEqual(technique.enable(off).modelOptions, base.modelOptions, `${technique.name}: on again is the model's own`);
  }
  const louder = { ...base, modelOptions: { ...base.modelOptions, inputNoiseStd: 0.5 } };
  t.true(GAUSSIAN_NOISE.enabledIn(louder));
  t.deepEqual(GAUSSIAN_NOISE.parameters(louder), { inputNoiseStd: 0.5 });
});

/** A narrow MNIST-model discriminator under `config`'s model options, on 4x4 images. */
function discriminator(config: ExperimentConfig) {
  const options = { ...config.modelOptions, discriminatorUnits: [8, 6], initSeed: 5 };
  return new DenseModels().createDiscriminator(modelSpec([], [4, 4, 1], 3, options));
}

function free(d: ReturnType<typeof discriminator>): void {
  for (const w of d.namedWeights) w.variable.dispose();
}

const images = () => tf.tensor4d(Array.from({ length: 2 * 16 }, (_, i) => (i % 7) / 7), [2, 4, 4, 1]);

function logits(d: ReturnType<typeof discriminator>, training: boolean, seed: number): number[] {
  return tf.tidy(() => Array.from(d.apply(images(), { training, random: RandomStreams.fromSeed(seed) }).logits.dataSync()));
}

test('Gaussian noise off: a training pass is the inference pass; on, two training passes differ', (t) => {
  const noisy = discriminator(base);
  t.notDeepEqual(logits(noisy, true, 1), logits(noisy, true, 2));
  t.notDeepEqual(logits(noisy, true, 1), logits(noisy, false, 1));
  const quiet = discriminator(GAUSSIAN_NOISE.disable(base));
  t.deepEqual(logits(quiet, true, 1), logits(quiet, true, 2));
  t.deepEqual(logits(quiet, true, 1), logits(quiet, false, 1));
  free(noisy);
  free(quiet);
});

test('weight norm on: a unit\'s weight length does not change the output; off, it does', (t) => {
  for (const [config, invariant] of [[base, true], [WEIGHT_NORM.disable(base), false]] as const) {
    const d = discriminator(config);
    const before = logits(d, false, 1);
    const v = d.namedWeights.find((w) => w.name === 'dense1/v')!.variable;
    v.assign(tf.tidy(() => v.mul(3)));
    const after = logits(d, false, 1);
    const moved = Math.max(...before.map((b, i) => Math.abs(b - after[i])));
    if (invariant) t.true(moved < 1e-5, `normalised: the outputs moved ${moved}`);
    else t.true(moved > 1e-3, `not normalised: the outputs moved only ${moved}`);
    free(d);
  }
});
