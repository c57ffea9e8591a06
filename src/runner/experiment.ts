/**
 * Runs an experiment: one training per seed (labeled subset), each resumable, then aggregates
 * the seeds' test errors. The run folder's status says whether it is running, complete, failed
 * or interrupted; the summary says how many seeds it covers.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExperimentConfig, Preset } from '../core/contracts';
import type { Registry } from '../core/registry';
import type { BackendInfo } from '../engine/backend';
import { writeFileAtomic } from './files';
import type { ProgressPrinter } from './progress';
import type { RunFolder } from './run-folder';
import { type SeedResult, trainSeed } from './seed-run';
import { type RunSummary, summarize, summaryMarkdown } from './summary';

export interface ExperimentOptions {
  readonly config: ExperimentConfig;
  readonly preset: Preset;
  readonly registry: Registry;
  readonly folder: RunFolder;
  readonly backend: BackendInfo;
  readonly progress: ProgressPrinter;
  /** Extra facts for config.json (command line, versions). */
  readonly provenance: Record<string, unknown>;
}

export async function runExperiment(o: ExperimentOptions): Promise<RunSummary> {
  const { config, folder } = o;
  const configJson = { config, backend: o.backend, ...o.provenance };
  folder.writeJson('config.json', configJson);
  const results: SeedResult[] = [];
  let skippedFiles: readonly string[] = [];
  const writeSummary = (): RunSummary => {
    const published = o.preset.published?.[config.labels];
    const summary = summarize(folder.runId, config, o.backend, results, published, o.preset.config.epochs, skippedFiles);
    folder.writeJson('summary.json', summary);
    writeFileAtomic(folder.file('summary.md'), summaryMarkdown(summary));
    return summary;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    folder.writeStatus('interrupted', results.length, config.seeds, `stopped by ${signal}`);
    o.progress.log(`\n${signal}: run ${folder.runId} stopped after ${results.length} of ${config.seeds} seeds; resume with --resume ${folder.runId}`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  folder.writeStatus('running', 0, config.seeds);
  try {
    const dataset = await o.registry.dataset(config.dataset).load(config.datasetOptions);
    skippedFiles = dataset.skippedFiles ?? [];
    const [, height, width, channels] = dataset.trainImages.shape;
    folder.writeJson('config.json', {
      ...configJson,
      data: {
        imageShape: [height, width, channels],
        classNames: dataset.classNames,
        scaling: dataset.scaling,
        trainExamples: dataset.trainLabels.length,
        testExamples: dataset.testLabels.length,
        unlabeledExtra: dataset.unlabeledImages?.shape[0] ?? 0,
        sources: dataset.sources,
        skippedFiles: dataset.skippedFiles ?? [],
      },
    });
    try {
      for (let index = 0; index < config.seeds; index++) {
        results.push(await trainSeed({ config, registry: o.registry, dataset, folder, index, progress: o.progress }));
        writeSummary();
        folder.writeStatus('running', results.length, config.seeds);
      }
    } finally {
      tf.dispose([dataset.trainImages, dataset.testImages, ...(dataset.unlabeledImages ? [dataset.unlabeledImages] : [])]);
    }
    const summary = writeSummary();
    folder.writeStatus('complete', results.length, config.seeds);
    return summary;
  } catch (err) {
    folder.writeStatus('failed', results.length, config.seeds, (err as Error).message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
