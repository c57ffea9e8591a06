/** What every holder of a loaded Dataset needs: its facts for config.json. */
import type { Dataset } from '../core/contracts';

/** Facts about the loaded data for config.json: what `ssgan sample` needs to rebuild a generator. */
export function describeData(dataset: Dataset): Record<string, unknown> {
  return {
    imageShape: [...dataset.trainImages.shape],
    classNames: dataset.classNames,
    scaling: dataset.scaling,
    trainExamples: dataset.trainLabels.length,
    testExamples: dataset.testLabels.length,
    unlabeledExtra: dataset.unlabeledImages?.count ?? 0,
    sources: dataset.sources,
    skippedFiles: dataset.skippedFiles ?? [],
  };
}
