/**
 * Entry of a seed worker process (`ssgan run --jobs N`): trains one seed of an existing run
 * folder, exactly as a single-process run would, and leaves result.json or error.json.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { selectBackend } from '../engine/backend';
import { testSetEvaluator } from '../eval/seed-evaluator';
import { writeJsonAtomic } from '../store/files';
import { disposeDataset } from '../data/dataset';
import { ProgressPrinter } from '../store/progress';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { SEED_ERROR_FILE, type SeedWorkerTask } from '../runner/seed-processes';
import { seedOf, trainSeed } from '../seed/seed-run';
import { loadPlugins } from './setup';

async function work(task: SeedWorkerTask): Promise<void> {
  const folder = RunFolder.open(DEFAULT_REPORTS_DIR, task.runDir);
  const config = folder.readJson<{ config: ExperimentConfig }>('config.json').config;
  const seedDir = folder.seedDir(seedOf(config, task.index).seed);
  try {
    const { registry } = loadPlugins(task.pluginDirs);
    await selectBackend(task.backend, { threads: task.threads });
    const dataset = await registry.dataset(config.dataset).load(config.datasetOptions);
    try {
      await trainSeed({ config, registry, dataset, folder, index: task.index, progress: new ProgressPrinter(), evaluator: testSetEvaluator });
    } finally {
      disposeDataset(dataset);
    }
  } catch (err) {
    writeJsonAtomic(path.join(seedDir, SEED_ERROR_FILE), { message: (err as Error).message, stack: (err as Error).stack });
    process.exitCode = 1;
  }
}

work(JSON.parse(process.argv[2]) as SeedWorkerTask).then(() => process.exit());
