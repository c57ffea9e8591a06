/**
 * Same weights, same batch, noise off: ssgan's losses and gradients of one D step and one G step
 * against the PyTorch peer's (bench/peer-parity/dump_peer.py). Prints relative errors.
 *   node --import tsx bench/peer-parity/compare.ts /tmp/peer-parity.json
 */
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { Network } from '../../src/core/contracts';
import { indexRange } from '../../src/data/image-set';
import { selectBackend } from '../../src/engine/backend';
import { DenseModels } from '../../plugins/mnist/models';
import { MnistLoader } from '../../plugins/mnist/mnist-loader';
import { RandomStreams } from '../../src/engine/random';
import { featureMatchingLoss, kPlusOneUnsupervisedLoss, supervisedLoss } from '../../src/gan/losses';
import { modelSpec } from '../../src/nn/model-layers';
(async () => {
  await selectBackend('wasm');
  const P = JSON.parse(fs.readFileSync(process.argv[2] ?? '/tmp/peer-parity.json', 'utf8'));
  const ds = await new MnistLoader().load({});
  const spec = modelSpec([], [28, 28, 1], 10, {});
  const m = new DenseModels(); const D = m.createDiscriminator(spec); const G = m.createGenerator(spec);
  const set = (net: Network, name: string, v: tf.Tensor) => { const w = net.namedWeights.find((x) => x.name === name); if (!w) throw new Error(name); if (w.variable.shape.join() !== v.shape.join()) throw new Error(`${name} ${w.variable.shape} vs ${v.shape}`); w.variable.assign(v); };
  const names = ['dense1', 'dense2', 'dense3', 'dense4', 'dense5', 'logits'];
  names.forEach((n, i) => { set(D, `${n}/v`, tf.tensor2d(P.D.theta[i]).transpose()); set(D, `${n}/g`, tf.tensor1d(P.D.scale[i])); set(D, `${n}/bias`, tf.tensor1d(P.D.b[i])); });
  set(G, 'dense1/kernel', tf.tensor2d(P.G.W1).transpose()); set(G, 'bn1/beta', tf.tensor1d(P.G.b1));
  set(G, 'dense2/kernel', tf.tensor2d(P.G.W2).transpose()); set(G, 'bn2/beta', tf.tensor1d(P.G.b2));
  set(G, 'output/v', tf.tensor2d(P.G.W3).transpose()); set(G, 'output/g', tf.tensor1d(P.G.s3)); set(G, 'output/bias', tf.tensor1d(P.G.b3));
  const ctx = { training: false, random: RandomStreams.fromSeed(1) };
  const [xl, xu, xu2] = [0, 100, 200].map((begin) => ds.trainImages.batch(indexRange(begin, 100)));
  const yl = tf.tensor1d(Array.from(ds.trainLabels.slice(0, 100)), 'int32');
  const z1 = tf.tensor2d(P.z1) as tf.Tensor2D, z2 = tf.tensor2d(P.z2) as tf.Tensor2D;
  const fake = G.apply(z1, ctx);
  const dw = [...D.trainableWeights];
  let lab = 0, unl = 0;
  const { grads } = tf.variableGrads(() => {
    const { logits } = D.apply(tf.concat([xl, xu, fake]), ctx);
    const [a, b, c] = tf.split(logits, 3) as tf.Tensor2D[];
    const l1 = supervisedLoss(a, yl), l2 = kPlusOneUnsupervisedLoss(b, c);
    lab = l1.dataSync()[0]; unl = l2.dataSync()[0];
    return tf.add(l1, l2) as tf.Scalar;
  }, dw);
  console.log('loss_lab', lab, 'peer', P.loss_lab, ' loss_unl', unl, 'peer', P.loss_unl);
  const rel = (a: tf.Tensor, b: tf.Tensor) => tf.div(tf.norm(tf.sub(a, b)), tf.norm(b).add(1e-12)).dataSync()[0];
  names.forEach((n, i) => {
    const gv = grads[D.namedWeights.find((x) => x.name === `${n}/v`)!.variable.name];
    const gb = grads[D.namedWeights.find((x) => x.name === `${n}/bias`)!.variable.name];
    console.log(`D ${n}: v grad rel err ${rel(gv.transpose(), tf.tensor2d(P.dgrads[2 * i])).toExponential(2)}, bias ${rel(gb, tf.tensor1d(P.dgrads[2 * i + 1])).toExponential(2)}`);
  });
  const gs = grads[D.namedWeights.find((x) => x.name === 'logits/g')!.variable.name];
  console.log('D logits/g', rel(gs, tf.tensor1d(P.dgrads[12])).toExponential(2));
  const gwts = [...G.trainableWeights];
  const fr = D.features(xu2, ctx);
  let lg = 0;
  const gg = tf.variableGrads(() => { const { features } = D.apply(G.apply(z2, ctx), ctx); const l = featureMatchingLoss(fr, features, 'squared'); lg = l.dataSync()[0]; return l; }, gwts).grads;
  console.log('loss_g', lg, 'peer', P.loss_g);
  const gnames = ['dense1/kernel', 'bn1/beta', 'dense2/kernel', 'bn2/beta', 'output/v', 'output/g', 'output/bias'];
  gnames.forEach((n, i) => { let g = gg[G.namedWeights.find((x) => x.name === n)!.variable.name]; if (g.rank === 2) g = g.transpose(); console.log(`G ${n} rel err ${rel(g, tf.tensor(P.ggrads[i])).toExponential(2)}`); });
})();
