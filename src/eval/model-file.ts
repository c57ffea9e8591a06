/**
 * tfjs models on local disk without tfjs-node: an IO handler that reads a model.json and the weight
 * files it names (or writes one model.json + weights.bin), and a loader that tells Layers models
 * from Graph models.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SsganError } from '../core/errors';
import { writeFileAtomic, writeJsonAtomic } from '../store/files';

/** A model file that is missing or not a tfjs model. */
export class ModelFileError extends SsganError {
  constructor(readonly file: string, fault: string) {
    super(`${file}: ${fault}`);
  }
}

interface ModelJson {
  format?: string;
  modelTopology?: Record<string, unknown>;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  [key: string]: unknown;
}

export type LoadedModel = { kind: 'layers'; model: tf.LayersModel } | { kind: 'graph'; model: tf.GraphModel };

/** Loads a tfjs Layers or Graph model from `file` (a model.json with its weight files beside it). */
export async function loadModelFile(file: string): Promise<LoadedModel> {
  const json = readModelJson(file);
  const handler = fileHandler(file, json);
  const topology = json.modelTopology ?? {};
  // Graph models carry a TensorFlow GraphDef (node list); Layers models a Keras config.
  const isGraph = json.format === 'graph-model' || Array.isArray((topology as { node?: unknown }).node);
  try {
    return isGraph ? { kind: 'graph', model: await tf.loadGraphModel(handler) } : { kind: 'layers', model: await tf.loadLayersModel(handler) };
  } catch (err) {
    throw new ModelFileError(file, `not a loadable tfjs ${isGraph ? 'Graph' : 'Layers'} model (${(err as Error).message})`);
  }
}

/** Saves a Layers model as `dir`/model.json + `dir`/weights.bin. */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save({
    save: async (artifacts: tf.io.ModelArtifacts) => {
      const weights = artifacts.weightData as ArrayBuffer;
      writeFileAtomic(path.join(dir, 'weights.bin'), new Uint8Array(weights));
      writeJsonAtomic(path.join(dir, 'model.json'), {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
}

function readModelJson(file: string): ModelJson {
  if (!fs.existsSync(file)) throw new ModelFileError(file, 'no such file');
  let json: ModelJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelJson;
  } catch (err) {
    throw new ModelFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError(file, 'not a tfjs model.json: it needs "modelTopology" and "weightsManifest"');
  }
  return json;
}

function fileHandler(file: string, json: ModelJson): tf.io.IOHandler {
  return {
    load: async () => {
      const manifest = json.weightsManifest ?? [];
      const buffers = manifest.flatMap((group) =>
        group.paths.map((p) => {
          const weightsFile = path.resolve(path.dirname(file), p);
          if (!fs.existsSync(weightsFile)) throw new ModelFileError(file, `weight file ${weightsFile} is missing`);
          return fs.readFileSync(weightsFile);
        }),
      );
      const all = Buffer.concat(buffers);
      const { weightsManifest: _, ...rest } = json;
      return {
        ...(rest as tf.io.ModelArtifacts),
        weightSpecs: manifest.flatMap((group) => group.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}
