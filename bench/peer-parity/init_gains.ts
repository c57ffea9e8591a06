/**
 * ssgan's MNIST discriminator of seed S after data-dependent init on 500 random training images,
 * with the noise of the run's streams: per layer, the gain g (mean and std over units), to set
 * beside bench/peer-parity/init_gains.py.
 *   node --import tsx bench/peer-parity/init_gains.ts [SEED]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { RandomStreams, Rng } from '../../src/engine/random';
import { DenseModels } from '../../plugins/mnist/models';
import { MnistLoader } from '../../plugins/mnist/mnist-loader';
import { modelSpec } from '../../src/nn/model-layers';

const INIT_EXAMPLES = 500;

async function main(): Promise<void> {
  const seed = Number(process.argv[2] ?? 1);
  await selectBackend('wasm', { threads: 1 });
  const dataset = await new MnistLoader().load({});
  const d = new DenseModels().createDiscriminator(modelSpec([], [28, 28, 1], 10, { initSeed: seed }));
  const indices = new Rng(seed).permutation(dataset.trainImages.count).subarray(0, INIT_EXAMPLES);
  tf.tidy(() => d.initialize(dataset.trainImages.batch(indices), { training: true, random: RandomStreams.fromSeed(seed) }));
  const gains = d.namedWeights.filter((w) => w.name.endsWith('/g')).map((w, i) => {
    const { mean, variance } = tf.moments(w.variable);
    return `L${i} g ${mean.dataSync()[0].toFixed(3)}±${Math.sqrt(variance.dataSync()[0]).toFixed(3)}`;
  });
  console.log(`ssgan, seed ${seed}:`.padEnd(34), gains.join('  '));
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
