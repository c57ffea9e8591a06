/**
 * An exported classifier loaded as a TensorFlow.js user loads it: model.json and its weight files
 * from disk, with nothing but @tensorflow/tfjs (no ssgan code), plus its metadata.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface PlainExport {
  readonly model: tf.LayersModel;
  readonly meta: Record<string, any>;
  readonly json: Record<string, any>;
}

export async function loadExport(dir: string): Promise<PlainExport> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
  const weights = Buffer.concat(json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  return { model, meta, json };
}
