/**
 * Many training iterations against the PyTorch peer (bench/peer-parity/dump_peer_steps.py): the
 * peer's initial weights, batches and latent draws, through ssgan's own Trainer and Adam, with the
 * noise layers off, or adding the peer's own noise tensors where the dump has them. Prints each
 * player's loss beside the peer's; equal dynamics keep them as close as two runs of the peer on
 * different thread counts, a mis-stated optimiser, loss or noise layer drifts apart at once.
 *   node --import tsx bench/peer-parity/compare_steps.ts /tmp/peer-steps.json
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { DiscriminatorObjective, GeneratorObjective, Network } from '../../src/core/contracts';
import { BatchIndices, BatchSchedule } from '../../src/data/batches';
import { selectBackend } from '../../src/engine/backend';
import { RandomStreams } from '../../src/engine/random';
import { Adam } from '../../src/gan/adam';
import { FEATURE_MATCHING, K_PLUS_ONE, SUPERVISED } from '../../src/gan/objectives';
import { Trainer } from '../../src/gan/trainer';
import { indexRange, selectImages } from '../../src/data/image-set';
import { DenseModels } from '../../plugins/mnist/models';
import { MnistLoader } from '../../plugins/mnist/mnist-loader';
import { modelSpec } from '../../src/nn/model-layers';

interface PeerStep { lab: number[]; unl: number[]; unl2: number[]; z1: number[][]; z2: number[][]; loss_lab: number; loss_unl: number; loss_g: number }

/** The peer's batches, in the peer's order. */
class PeerBatches extends BatchSchedule {
  constructor(private readonly steps: readonly PeerStep[]) {
    super(100, 60000, 100, steps.length);
  }

  override startEpoch(): void {}

  override batch(i: number): BatchIndices {
    const s = this.steps[i];
    return { labeled: Int32Array.from(s.lab), unlabeled: Int32Array.from(s.unl), unlabeledForGenerator: Int32Array.from(s.unl2) };
  }
}

(async () => {
  await selectBackend((process.env.SSGAN_BACKEND as 'wasm' | 'cpu' | undefined) ?? 'wasm');
  const P = JSON.parse(fs.readFileSync(process.argv[2] ?? '/tmp/peer-steps.json', 'utf8'));
  const steps: PeerStep[] = P.steps;
  const ds = await new MnistLoader().load({});
  const noiseFile = `${process.argv[2] ?? '/tmp/peer-steps.json'}.noise.f32`;
  const peerNoise = fs.existsSync(noiseFile) ? new Float32Array(fs.readFileSync(noiseFile).buffer.slice(0)) : undefined;
  const spec = modelSpec([], [28, 28, 1], 10, peerNoise ? {} : { inputNoiseStd: 0, hiddenNoiseStd: 0 });
  const models = new DenseModels();
  const D = models.createDiscriminator(spec);
  const G = models.createGenerator(spec);
  const set = (net: Network, name: string, v: tf.Tensor): void => {
    const w = net.namedWeights.find((x) => x.name === name);
    if (!w) throw new Error(name);
    w.variable.assign(v);
  };
  ['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'logits'].forEach((n, i) => {
    set(D, `${n}/v`, tf.tensor2d(P.D.theta[i]).transpose());
    set(D, `${n}/g`, tf.tensor1d(P.D.scale[i]));
    set(D, `${n}/bias`, tf.tensor1d(P.D.b[i]));
  });
  set(G, 'dense1/kernel', tf.tensor2d(P.G.W1).transpose());
  set(G, 'bn1/beta', tf.tensor1d(P.G.b1));
  set(G, 'dense2/kernel', tf.tensor2d(P.G.W2).transpose());
  set(G, 'bn2/beta', tf.tensor1d(P.G.b2));
  set(G, 'output/v', tf.tensor2d(P.G.W3).transpose());
  set(G, 'output/g', tf.tensor1d(P.G.s3));
  set(G, 'output/bias', tf.tensor1d(P.G.b3));
  // The trainer draws z once for the D step, then once for the G step: hand it the peer's draws.
  const draws = steps.flatMap((s) => [s.z1, s.z2]);
  G.sampleLatent = () => tf.tensor2d(draws.shift()!);
  const random = RandomStreams.fromSeed(1);
  if (peerNoise) {
    // Per iteration ssgan draws 6 noise tensors in the D step and 5 + 6 in the G step; the peer's
    // G step stops at the feature layer, so the 17th (before D's logits) has no twin: zeros.
    let calls = 0;
    let offset = 0;
    random.normal = (shape: number[], std: number): tf.Tensor => {
      if (calls++ % 17 === 16) return tf.zeros(shape);
      const n = shape.reduce((a, b) => a * b, 1);
      const values = peerNoise.subarray(offset, offset + n);
      offset += n;
      if (offset > peerNoise.length) throw new Error('the dump has less noise than ssgan draws');
      const sampleStd = Math.sqrt(values.reduce((a, v) => a + v * v, 0) / n);
      if (Math.abs(sampleStd / std - 1) > 0.02) throw new Error(`ssgan asks for noise of std ${std} where the peer adds ${sampleStd.toFixed(3)}`);
      return tf.tensor(values, shape);
    };
  }
  const cumulative: Record<string, number>[] = [];
  const trainer = new Trainer({
    seed: 1,
    discriminator: D,
    generator: G,
    discriminatorObjectives: [SUPERVISED.create(1, {}) as DiscriminatorObjective, K_PLUS_ONE.create(1, {}) as DiscriminatorObjective],
    generatorObjectives: [FEATURE_MATCHING.create(1, { distance: 'squared' }) as GeneratorObjective],
    hooks: [],
    data: { labeledImages: selectImages(ds.trainImages, indexRange(0, 100)), labeledLabels: ds.trainLabels.slice(0, 100), unlabeledImages: ds.trainImages },
    batches: new PeerBatches(steps),
    random,
    epochs: 1,
    discriminatorOptimizer: new Adam(D.trainableWeights, { beta1: 0.5 }),
    generatorOptimizer: new Adam(G.trainableWeights, { beta1: 0.5 }),
    learningRate: () => 0.003,
  });
  await trainer.train({ progressEvery: 1, onProgress: (r) => cumulative.push({ ...r.losses }) });
  // Progress reports running means; step k's own value is k * mean_k - (k - 1) * mean_(k-1).
  const own = (name: string, k: number): number => (k + 1) * cumulative[k][name] - (k > 0 ? k * cumulative[k - 1][name] : 0);
  let worst = 0;
  for (let k = 0; k < steps.length; k++) {
    const pairs: [string, number, number][] = [
      ['lab', own('supervised', k), steps[k].loss_lab],
      ['unl', own('k-plus-one', k), steps[k].loss_unl],
      ['gen', own('feature-matching', k), steps[k].loss_g],
    ];
    const rel = Math.max(...pairs.map(([, a, b]) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-3)));
    worst = Math.max(worst, rel);
    if (k < 5 || k % 25 === 24 || k === steps.length - 1) {
      console.log(`step ${String(k + 1).padStart(4)}  ${pairs.map(([n, a, b]) => `${n} ${a.toPrecision(5)} / peer ${b.toPrecision(5)}`).join('   ')}   max rel diff ${rel.toExponential(1)}`);
    }
  }
  console.log(`worst relative loss difference over ${steps.length} steps: ${worst.toExponential(2)}`);
})();
