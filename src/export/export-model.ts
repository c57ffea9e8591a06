/**
 * Writes a run's classifier as a standard TensorFlow.js LayersModel folder: model.json and
 * weights.bin, which plain `tf.loadLayersModel` reads with no ssgan code, and metadata.json with
 * what a user of the model needs: class names, input shape, pixel scaling, fit and provenance.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PixelScaling } from '../core/contracts';
import type { Fit } from '../data/image-decode';
import type { RunDiscriminators, WeightChoice } from '../classifier/run-classifier';
import { codeVersion } from '../store/code-version';
import { writeFileAtomic, writeJsonAtomic } from '../store/files';
import type { RunFolder } from '../store/run-folder';
import { foldClassifier } from './fold';

export const MODEL_FILE = 'model.json';
export const METADATA_FILE = 'metadata.json';
const WEIGHTS_FILE = 'weights.bin';

/** metadata.json of an exported classifier. */
export interface ExportMetadata {
  readonly format: 'ssgan-classifier';
  /** The model's output: probabilities over these classes, in this order. */
  readonly classNames: readonly string[];
  /** [H, W, C] of one input image. */
  readonly inputShape: readonly number[];
  /** Model inputs are (p - offset) / scale of pixels p in [0, 255]. */
  readonly pixelScaling: PixelScaling;
  /** How images of another size were fitted to the shape in training (cover, contain or fill). */
  readonly fit: Fit;
  readonly runId: string;
  readonly seeds: readonly number[];
  readonly weights: WeightChoice;
  /** Test error (%) the run measured for these weights; null where it measured none. */
  readonly testError: number | null;
  /** ssgan versions that trained the run and that exported it. */
  readonly codeVersion: { readonly training: string | null; readonly export: string };
}

export async function exportClassifier(loaded: RunDiscriminators, folder: RunFolder, outDir: string): Promise<ExportMetadata> {
  const model = foldClassifier(loaded.members, loaded.preprocessing.imageShape, folder.dir);
  try {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const { modelTopology, weightSpecs, weightData } = artifacts!;
    const seeds = loaded.members.map((m) => m.seed);
    const metadata: ExportMetadata = {
      format: 'ssgan-classifier',
      classNames: loaded.classNames,
      inputShape: loaded.preprocessing.imageShape,
      pixelScaling: loaded.preprocessing.scaling,
      fit: loaded.preprocessing.fit,
      runId: folder.runId,
      seeds,
      weights: loaded.weights,
      testError: testErrorOf(folder, seeds, loaded.weights),
      codeVersion: { training: trainingVersion(folder), export: codeVersion() },
    };
    // model.json last: a folder with model.json is complete.
    writeFileAtomic(path.join(outDir, WEIGHTS_FILE), new Uint8Array(weightData as ArrayBuffer));
    writeJsonAtomic(path.join(outDir, METADATA_FILE), metadata);
    writeJsonAtomic(path.join(outDir, MODEL_FILE), {
      format: 'layers-model',
      generatedBy: `ssgan ${codeVersion()} with TensorFlow.js ${tf.version.tfjs}`,
      convertedBy: null,
      modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs }],
    });
    return metadata;
  } finally {
    model.dispose();
  }
}

/** The test error the run reports for one seed's weights, or for the ensemble `ssgan ensemble` measured. */
function testErrorOf(folder: RunFolder, seeds: readonly number[], weights: WeightChoice): number | null {
  try {
    if (seeds.length === 1) {
      const result = JSON.parse(fs.readFileSync(path.join(folder.seedDir(seeds[0]), 'result.json'), 'utf8'));
      return weights === 'averaged' ? result.testErrorAveraged : result.testErrorRaw;
    }
    const ensemble = folder.readJson<{ ensemble?: { seeds: number[]; testError: number } }>('summary.json').ensemble;
    return weights === 'averaged' && ensemble && ensemble.seeds.join() === seeds.join() ? ensemble.testError : null;
  } catch {
    return null;
  }
}

function trainingVersion(folder: RunFolder): string | null {
  try {
    return folder.readJson<{ codeVersion?: string }>('config.json').codeVersion ?? null;
  } catch {
    return null;
  }
}
