/**
 * Entry of a seed worker process (`ssgan run --jobs N`, and each job of `ssgan worker`): trains
 * one seed of an existing run folder, exactly as a single-process run would, and leaves
 * result.json or error.json. It tells its parent the data's facts and its progress, and ends
 * when its parent is gone, so no orphan goes on writing the seed's files.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { selectBackend } from '../engine/backend';
import { testSetEvaluator } from '../eval/seed-evaluator';
import type { ProgressReport } from '../gan/trainer';
import { writeJsonAtomic } from '../store/files';
import { describeData } from '../data/dataset';
import { ProgressPrinter } from '../store/progress';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { SEED_ERROR_FILE, type SeedWorkerMessage, type SeedWorkerTask } from '../runner/seed-processes';
import { seedOf, trainSeed } from '../seed/seed-run';
import { loadPlugins } from './setup';
import { loadDataset } from '../data/load-dataset';

/** Prints as usual, and sends each update and line to the parent. */
class ParentProgressPrinter extends ProgressPrinter {
  override update(prefix: string, r: ProgressReport): void {
    super.update(prefix, r);
    tellParent({ kind: 'progress', epoch: r.epoch, iteration: r.iteration, totalIterations: r.totalIterations });
  }

  override log(line: string): void {
    super.log(line);
    tellParent({ kind: 'log', line });
  }
}

function tellParent(message: SeedWorkerMessage): void {
  if (process.connected) process.send?.(message);
}

async function work(task: SeedWorkerTask): Promise<void> {
  const folder = RunFolder.open(DEFAULT_REPORTS_DIR, task.runDir);
  const config = folder.readJson<{ config: ExperimentConfig }>('config.json').config;
  const seedDir = folder.seedDir(seedOf(config, task.index).seed);
  try {
    const { registry } = loadPlugins(task.pluginDirs);
    await selectBackend(task.backend, { threads: task.threads });
    const dataset = await loadDataset(registry, config.dataset, config.datasetOptions);
    tellParent({ kind: 'data', data: describeData(dataset) });
    await trainSeed({ config, registry, dataset, folder, index: task.index, progress: new ParentProgressPrinter(), evaluator: testSetEvaluator });
  } catch (err) {
    writeJsonAtomic(path.join(seedDir, SEED_ERROR_FILE), { message: (err as Error).message, stack: (err as Error).stack });
    process.exitCode = 1;
  }
}

process.on('disconnect', () => process.exit(1));
work(JSON.parse(process.argv[2]) as SeedWorkerTask).then(() => process.exit());
