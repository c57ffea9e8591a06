/**
 * The programmatic API: `loadClassifier(folder)` takes a run folder or an exported classifier and
 * returns an object that classifies image files, preprocessed as the run's training data was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRegistry } from '../core/container';
import { ConfigError } from '../core/errors';
import { BUILTIN_PLUGIN_DIR, discoverPlugins } from '../core/plugins';
import { decodeOne } from '../data/image-decode';
import { type BackendChoice, selectBackend } from '../engine/backend';
import { coreModule } from '../gan/module';
import { RunFolder } from '../store/run-folder';
import type { Classifier } from './classifier';
import { isExportedClassifier, loadExportedClassifier } from './exported-classifier';
import { argMax } from './prediction-file';
import { toModelInput } from './preprocessing';
import { type ClassifierChoice, loadRunDiscriminators, runClassifier } from './run-classifier';

export interface LoadClassifierOptions extends ClassifierChoice {
  /** Compute backend (default 'auto': tensorflow, then wasm, then cpu). */
  readonly backend?: BackendChoice;
  /** Folders of plugins beyond the built-in ones, for runs whose model a plugin defines. */
  readonly plugins?: readonly string[];
}

export interface Prediction {
  /** The image as given. */
  readonly input: string;
  /** The most probable class. */
  readonly className: string;
  readonly confidence: number;
  /** Probability of each class (softmax over the K real classes). */
  readonly probabilities: Readonly<Record<string, number>>;
  /** Probability that the image is generated (run folders only): an out-of-distribution hint. */
  readonly generated?: number;
}

export interface LoadedClassifier {
  readonly classNames: readonly string[];
  /** Which weights classify. */
  readonly description: string;
  /** Classifies image files (any format sharp reads). */
  predict(images: readonly string[]): Promise<Prediction[]>;
  /** Frees the model's tensors. */
  dispose(): void;
}

/** Images decoded and classified at once. */
const BATCH = 256;

export async function loadClassifier(folder: string, options: LoadClassifierOptions = {}): Promise<LoadedClassifier> {
  const dir = path.resolve(folder);
  await selectBackend(options.backend ?? 'auto');
  let classifier: Classifier;
  if (isExportedClassifier(dir)) {
    classifier = await loadExportedClassifier(dir);
  } else if (fs.existsSync(path.join(dir, 'config.json'))) {
    const scan = discoverPlugins([BUILTIN_PLUGIN_DIR, ...(options.plugins ?? []).map((d) => path.resolve(d))]);
    const registry = createRegistry([coreModule, ...scan.plugins.map((p) => p.module)]);
    classifier = runClassifier(loadRunDiscriminators(registry, RunFolder.open(path.dirname(dir), dir), options));
  } else {
    throw new ConfigError(`${dir}: neither a run folder (config.json) nor an exported classifier (model.json and metadata.json)`);
  }
  return {
    classNames: classifier.classNames,
    description: classifier.description,
    async predict(images) {
      const out: Prediction[] = [];
      const { imageShape, fit } = classifier.preprocessing;
      const perImage = imageShape[0] * imageShape[1] * imageShape[2];
      for (let begin = 0; begin < images.length; begin += BATCH) {
        const files = images.slice(begin, begin + BATCH);
        const pixels = new Uint8Array(files.length * perImage);
        (await Promise.all(files.map((f) => decodeOne(f, imageShape, fit)))).forEach((p, i) => pixels.set(p, i * perImage));
        const input = toModelInput(pixels, files.length, classifier.preprocessing);
        const result = await classifier.classify(input).finally(() => input.dispose());
        const k = classifier.classNames.length;
        files.forEach((file, i) => {
          const p = result.probabilities.subarray(i * k, (i + 1) * k);
          const best = argMax(p);
          out.push({
            input: file,
            className: classifier.classNames[best],
            confidence: p[best],
            probabilities: Object.fromEntries(classifier.classNames.map((name, j) => [name, p[j]])),
            ...(result.generated && { generated: result.generated[i] }),
          });
        });
      }
      return out;
    },
    dispose: () => classifier.dispose(),
  };
}
