/** Instance noise: sigma follows its schedule, reaches 0 at the horizon, and the hook noises D's inputs until then. */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import type { TrainingState } from '../../../src/core/contracts';
import { selectBackend } from '../../../src/engine/backend';
import { RandomStreams } from '../../../src/engine/random';
import { INSTANCE_NOISE_HOOK } from '../../../plugins/instance-noise/hook';
import { instanceNoiseStd, readInstanceNoiseOptions } from '../../../plugins/instance-noise/schedule';

test.before(async () => {
  await selectBackend('wasm');
});

test('linear: sigma falls in equal steps from its start to 0 at the horizon, and stays 0', (t) => {
  const o = readInstanceNoiseOptions({ std: 0.4, annealIterations: 100 });
  t.is(instanceNoiseStd(o, 1, 1000), 0.4);
  t.true(Math.abs(instanceNoiseStd(o, 51, 1000) - 0.2) < 1e-12);
  t.is(instanceNoiseStd(o, 101, 1000), 0);
  t.is(instanceNoiseStd(o, 900, 1000), 0);
});

test('cosine and the default horizon (half the run)', (t) => {
  const o = readInstanceNoiseOptions({ std: 1, schedule: 'cosine' });
  t.is(instanceNoiseStd(o, 1, 200), 1);
  t.true(Math.abs(instanceNoiseStd(o, 51, 200) - 0.5) < 1e-12);
  t.true(instanceNoiseStd(o, 99, 200) > 0);
  t.is(instanceNoiseStd(o, 101, 200), 0);
  t.throws(() => readInstanceNoiseOptions({ schedule: 'step' }), { message: /schedule/ });
});

test('the hook adds noise of the scheduled std before the horizon and leaves inputs alone after it', (t) => {
  const hook = INSTANCE_NOISE_HOOK.create({ std: 0.5, annealIterations: 10 });
  const random = RandomStreams.fromSeed(1);
  const x = tf.zeros([200, 8, 8, 1]) as tf.Tensor4D;
  const state = (iteration: number) => ({ iteration, totalIterations: 100 }) as TrainingState;
  const early = hook.transformDiscriminatorInput!(x, state(1), random);
  const std = tf.tidy(() => tf.sqrt(tf.mean(tf.square(early))).dataSync()[0]);
  t.true(Math.abs(std - 0.5) < 0.02, `std of the noise ${std}`);
  t.is(hook.transformDiscriminatorInput!(x, state(11), random), x);
  tf.dispose([x, early]);
});
