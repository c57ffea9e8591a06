/**
 * Applies a classifier to an input source batch by batch: preprocess, classify, append to the
 * predictions file, count labelled inputs into the confusion matrix. Memory holds one batch.
 */
import { ProgressLine } from '../data/progress';
import type { Classifier } from './classifier';
import { ConfusionMatrix } from './confusion';
import type { InputSource } from './inputs';
import { type PredictionFile, argMax } from './prediction-file';
import { toModelInput } from './preprocessing';

export const DEFAULT_BATCH_SIZE = 256;

export interface PredictSummary {
  readonly predicted: number;
  readonly skipped: readonly string[];
  /** Over the inputs with a known class; undefined when none had one. */
  readonly confusion?: ConfusionMatrix;
}

export async function predictInputs(
  classifier: Classifier,
  source: InputSource,
  out: PredictionFile,
  o: { batchSize?: number; progress?: NodeJS.WriteStream | null } = {},
): Promise<PredictSummary> {
  const k = classifier.classNames.length;
  const confusion = new ConfusionMatrix(classifier.classNames);
  const stream = o.progress === undefined ? process.stderr : o.progress;
  const progress = new ProgressLine('predict', source.total ?? 0, 'items', stream);
  let predicted = 0;
  for await (const batch of source.batches(o.batchSize ?? DEFAULT_BATCH_SIZE)) {
    const n = batch.names.length;
    if (n > 0) {
      const images = toModelInput(batch.pixels, n, classifier.preprocessing);
      const output = await classifier.classify(images).finally(() => images.dispose());
      await out.append(batch.names, output);
      if (batch.labels) {
        for (let i = 0; i < n; i++) if (batch.labels[i] >= 0) confusion.add(batch.labels[i], argMax(output.probabilities.subarray(i * k, (i + 1) * k)));
      }
      predicted += n;
    }
    progress.update(predicted + source.skipped.length);
    if (source.total === undefined && stream && predicted % (40 * (o.batchSize ?? DEFAULT_BATCH_SIZE)) < n) stream.write(`predict: ${predicted} inputs\n`);
    // Let timers and signals through between batches (the backends compute synchronously).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  progress.done(source.skipped.length > 0 ? ` (${source.skipped.length} skipped)` : '');
  return { predicted, skipped: source.skipped, confusion: confusion.total > 0 ? confusion : undefined };
}
