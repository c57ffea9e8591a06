/** A classifier `ssgan export` wrote, read back with plain TensorFlow.js: probabilities over the K classes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DatasetFormatError } from '../core/errors';
import type { Classifier } from './classifier';
import { named } from '../util/number-text';

/** The fields of the export's metadata.json that classifying needs (see export/export-model.ts). */
interface Metadata {
  classNames: string[];
  inputShape: [number, number, number];
  pixelScaling: { offset: number; scale: number };
  fit: 'cover' | 'contain' | 'fill';
  runId: string;
  seeds: number[];
  weights: string;
}

export function isExportedClassifier(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'metadata.json'));
}

export async function loadExportedClassifier(dir: string): Promise<Classifier> {
  const read = (file: string) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (err) {
      throw new DatasetFormatError(path.join(dir, file), `not readable (${(err as Error).message})`);
    }
  };
  const meta = read('metadata.json') as Metadata;
  const modelJson = read('model.json') as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  const buffers = modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const joined = Buffer.concat(buffers);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
    }),
  );
  return {
    classNames: meta.classNames,
    preprocessing: { imageShape: meta.inputShape, scaling: meta.pixelScaling, fit: meta.fit },
    description: `export of run '${meta.runId}', ${named('seed', meta.seeds)}, ${meta.weights} weights`,
    async classify(images) {
      const output = model.predict(images) as tf.Tensor;
      const probabilities = (await output.data()) as Float32Array;
      output.dispose();
      return { probabilities };
    },
    dispose: () => model.dispose(),
  };
}
