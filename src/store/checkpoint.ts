/**
 * Networks and training state on disk in the tfjs weights format: a model.json whose
 * weightsManifest describes a weights.bin, so tfjs tools can read the weights too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Network } from '../core/contracts';
import { SsganError } from '../core/errors';
import { readJson, writeFileAtomic, writeJsonAtomic } from './files';

const WEIGHTS_FILE = 'weights.bin';

interface ModelJson {
  format: string;
  generatedBy: string;
  modelTopology: Record<string, unknown>;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Writes named tensors (and a description) as `dir`/model.json + `dir`/weights.bin. */
export async function saveTensors(dir: string, tensors: Record<string, tf.Tensor>, topology: Record<string, unknown>): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  writeFileAtomic(path.join(dir, WEIGHTS_FILE), new Uint8Array(data as ArrayBuffer));
  const modelJson: ModelJson = {
    format: 'ssgan-weights',
    generatedBy: `ssgan with TensorFlow.js ${tf.version.tfjs}`,
    modelTopology: topology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  writeJsonAtomic(path.join(dir, 'model.json'), modelJson);
}

/** Reads what `saveTensors` wrote. */
export function loadTensors(dir: string): Record<string, tf.Tensor> {
  const jsonFile = path.join(dir, 'model.json');
  if (!fs.existsSync(jsonFile)) throw new SsganError(`${jsonFile}: missing checkpoint file`);
  const modelJson = readJson<ModelJson>(jsonFile);
  const buffer = fs.readFileSync(path.join(dir, WEIGHTS_FILE));
  const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  return tf.io.decodeWeights(bytes, modelJson.weightsManifest.flatMap((group) => group.weights));
}

export async function saveNetwork(dir: string, network: Network): Promise<void> {
  const tensors = Object.fromEntries(network.namedWeights.map((w) => [w.name, w.variable as tf.Tensor]));
  await saveTensors(dir, tensors, network.getConfig());
}

/** Assigns a saved network's weights to `network`, which must have the same names and shapes. */
export function loadNetwork(dir: string, network: Network): void {
  const tensors = loadTensors(dir);
  try {
    for (const w of network.namedWeights) {
      const saved = tensors[w.name];
      if (!saved) throw new SsganError(`${dir}: checkpoint has no weight '${w.name}'`);
      if (saved.shape.join() !== w.variable.shape.join()) {
        throw new SsganError(`${dir}: weight '${w.name}' has shape [${saved.shape}], the model expects [${w.variable.shape}]`);
      }
      w.variable.assign(saved);
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
