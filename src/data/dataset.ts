/** What every holder of a loaded Dataset needs: its facts for config.json, and freeing its tensors. */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../core/contracts';

/** Facts about the loaded data for config.json: what `ssgan sample` needs to rebuild a generator. */
export function describeData(dataset: Dataset): Record<string, unknown> {
  const [, height, width, channels] = dataset.trainImages.shape;
  return {
    imageShape: [height, width, channels],
    classNames: dataset.classNames,
    scaling: dataset.scaling,
    trainExamples: dataset.trainLabels.length,
    testExamples: dataset.testLabels.length,
    unlabeledExtra: dataset.unlabeledImages?.shape[0] ?? 0,
    sources: dataset.sources,
    skippedFiles: dataset.skippedFiles ?? [],
  };
}

export function disposeDataset(dataset: Dataset): void {
  tf.dispose([dataset.trainImages, dataset.testImages, ...(dataset.unlabeledImages ? [dataset.unlabeledImages] : [])]);
}
