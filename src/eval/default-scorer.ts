/**
 * The default scorer: a small supervised classifier trained on all labels of a dataset, because no
 * ImageNet Inception network can be downloaded here. It is trained once per dataset (and loader
 * options), saved under a cache folder with its test accuracy, and reused.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { indexRange } from '../data/image-set';
import { readJson, writeJsonAtomic } from '../store/files';
import { loadModelFile, saveLayersModel } from './model-file';
import { Scorer, type ScorerInfo } from './scorer';

/** scorer.json beside the cached model. */
export interface CachedScorerInfo extends ScorerInfo {
  readonly dataset: string;
  readonly datasetOptions: Readonly<Record<string, unknown>>;
  readonly trainExamples: number;
  readonly epochs: number;
  readonly architecture: string;
  readonly createdAt: string;
  readonly trainSeconds: number;
}

export interface ScorerTrainOptions {
  readonly epochs: number;
  /** Train on the first N training examples only (all when undefined); for quick checks. */
  readonly trainExamples?: number;
  readonly seed: number;
  readonly log: (line: string) => void;
}

/** $SSGAN_CACHE, else ~/.cache/ssgan. */
export function defaultCacheRoot(): string {
  return process.env.SSGAN_CACHE ?? path.join(os.homedir(), '.cache', 'ssgan');
}

/** One folder per dataset and loader options, so a different data folder gets its own scorer. */
export function scorerDir(cacheRoot: string, dataset: string, datasetOptions: Readonly<Record<string, unknown>>): string {
  const key = createHash('sha256').update(JSON.stringify(datasetOptions)).digest('hex').slice(0, 8);
  return path.join(cacheRoot, 'scorers', `${dataset}-${key}`);
}

/** The cached scorer in `dir`, or undefined when none has been trained there. */
export async function loadCachedScorer(dir: string): Promise<Scorer | undefined> {
  const infoFile = path.join(dir, 'scorer.json');
  if (!fs.existsSync(infoFile)) return undefined;
  const info = readJson<CachedScorerInfo>(infoFile);
  return new Scorer(info, await loadModelFile(path.join(dir, 'model.json')));
}

/** Trains the classifier on all of `dataset`'s training labels, saves it in `dir` and says how good it is. */
export async function trainScorer(dataset: Dataset, datasetOptions: Readonly<Record<string, unknown>>, dir: string, o: ScorerTrainOptions): Promise<CachedScorerInfo> {
  const total = dataset.trainImages.count;
  const n = Math.min(o.trainExamples ?? total, total);
  if (n < 1) throw new ConfigError('--train-examples must be positive');
  const k = dataset.classNames.length;
  const { model, architecture } = buildClassifier([...dataset.trainImages.shape], k, o.seed);
  // The scorer trains on the n images as one float32 tensor, for this command only.
  const x = dataset.trainImages.batch(indexRange(0, n));
  const y = tf.oneHot(tf.tensor1d(dataset.trainLabels.subarray(0, n), 'int32'), k);
  const startMs = Date.now();
  try {
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    await model.fit(x, y, {
      epochs: o.epochs,
      batchSize: 128,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochEnd: async (epoch, logs) => o.log(`scorer epoch ${epoch + 1}/${o.epochs}: loss ${logs?.loss?.toFixed(4)}`) },
    });
    const trainSeconds = (Date.now() - startMs) / 1000;
    const accuracy = await testAccuracyPercent(model, dataset);
    const info: CachedScorerInfo = {
      name: `${dataset.name}-classifier`,
      description:
        `classifier trained by ssgan on ${dataset.name} itself (${n} labeled images, ${o.epochs} epochs; test accuracy ${accuracy.toFixed(2)}%), ` +
        'not the ImageNet Inception network: compare only scores made by this same scorer',
      inputRange: [-dataset.scaling.offset / dataset.scaling.scale, (255 - dataset.scaling.offset) / dataset.scaling.scale],
      featureLayer: 'features',
      testAccuracyPercent: accuracy,
      dataset: dataset.name,
      datasetOptions,
      trainExamples: n,
      epochs: o.epochs,
      architecture,
      createdAt: new Date().toISOString(),
      trainSeconds,
    };
    fs.rmSync(dir, { recursive: true, force: true });
    await saveLayersModel(model, dir);
    writeJsonAtomic(path.join(dir, 'scorer.json'), info);
    return info;
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

/** An MLP for small grayscale images (MNIST reaches ~98% in a few epochs); a small convnet for colour. */
function buildClassifier(shape: [number, number, number], classes: number, seed: number): { model: tf.Sequential; architecture: string } {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const model = tf.sequential();
  if (shape[2] === 1) {
    model.add(tf.layers.flatten({ inputShape: shape }));
    model.add(tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(1) }));
  } else {
    model.add(tf.layers.conv2d({ inputShape: shape, filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
  }
  model.add(tf.layers.dense({ units: 128, activation: 'relu', name: 'features', kernelInitializer: init(3) }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', name: 'probabilities', kernelInitializer: init(4) }));
  const architecture = shape[2] === 1 ? 'flatten, dense 256 relu, dense 128 relu (features), softmax' : 'conv3x3 32, pool, conv3x3 64, pool, dense 128 relu (features), softmax';
  return { model, architecture };
}

async function testAccuracyPercent(model: tf.LayersModel, dataset: Dataset): Promise<number> {
  let correct = 0;
  const n = dataset.testLabels.length;
  for (let begin = 0; begin < n; begin += 1000) {
    const size = Math.min(1000, n - begin);
    const predicted = tf.tidy(() => tf.argMax(model.predict(dataset.testImages.batch(indexRange(begin, size))) as tf.Tensor, 1));
    const values = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < size; i++) if (values[i] === dataset.testLabels[begin + i]) correct += 1;
  }
  return (100 * correct) / n;
}
