/**
 * ssgan's MNIST networks of seed S as a run starts them (after data-dependent init) and its labeled
 * subset, in the PyTorch peer's layout (weights as out x in), for
 * `bench/peer-parity/peer_variant.py --init-from FILE`:
 *   node --import tsx bench/peer-parity/dump_init.ts SEED FILE.json
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Network } from '../../src/core/contracts';
import { LabeledSubsetSampler } from '../../src/data/sampler';
import { selectBackend } from '../../src/engine/backend';
import { RandomStreams } from '../../src/engine/random';
import { initializeDiscriminator } from '../../src/seed/seed-run';
import { DenseModels } from '../../plugins/mnist/models';
import { MnistLoader } from '../../plugins/mnist/mnist-loader';
import { modelSpec } from '../../src/nn/model-layers';

const LABELS = 100;
const INIT_EXAMPLES = 500;
const D_LAYERS = ['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'logits'];

async function main(): Promise<void> {
  const [seedArg, file] = process.argv.slice(2);
  if (!seedArg || !file) throw new Error('usage: dump_init.ts SEED FILE.json');
  const seed = Number(seedArg);
  await selectBackend('wasm', { threads: 1 });
  const dataset = await new MnistLoader().load({});
  const spec = modelSpec([], [28, 28, 1], 10, { initSeed: seed });
  const models = new DenseModels();
  const d = models.createDiscriminator(spec);
  const g = models.createGenerator(spec);
  initializeDiscriminator(d, dataset.trainImages, INIT_EXAMPLES, seed, RandomStreams.fromSeed(seed));
  const labeled = new LabeledSubsetSampler(dataset.trainLabels, 10).sample(LABELS, seed);
  const weight = (net: Network, name: string): tf.Tensor => {
    const w = net.namedWeights.find((x) => x.name === name);
    if (!w) throw new Error(`no weight ${name}`);
    return w.variable;
  };
  const outByIn = (net: Network, name: string) => tf.tidy(() => tf.transpose(weight(net, name)).arraySync());
  const values = (net: Network, name: string) => weight(net, name).arraySync();
  const peerLayout = {
    D: {
      theta: D_LAYERS.map((n) => outByIn(d, `${n}/v`)),
      b: D_LAYERS.map((n) => values(d, `${n}/bias`)),
      scale: D_LAYERS.map((n) => values(d, `${n}/g`)),
    },
    G: {
      W1: outByIn(g, 'dense1/kernel'), b1: values(g, 'bn1/beta'),
      W2: outByIn(g, 'dense2/kernel'), b2: values(g, 'bn2/beta'),
      W3: outByIn(g, 'output/v'), s3: values(g, 'output/g'), b3: values(g, 'output/bias'),
    },
    labeled: Array.from(labeled),
  };
  fs.writeFileSync(file, JSON.stringify(peerLayout));
  console.log(`wrote ${file}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
