/** Everything `ssgan turing` starts for one run: data, generator, image pool, sessions and server. */
import type { Registry } from '../core/registry';
import type { RunFolder } from '../store/run-folder';
import { loadGenerator, readSavedRun } from '../store/saved-run';
import { buildImagePool } from './image-pool';
import { TuringRecord } from './record';
import { type TuringServer, startTuringServer } from './server';
import { TuringSessions } from './session';
import { loadDataset } from '../data/load-dataset';

export interface TuringOptions {
  readonly registry: Registry;
  readonly folder: RunFolder;
  /** Generator seed of the run. */
  readonly seed: number;
  /** Images per session. */
  readonly sessionLength: number;
  /** Real and generated images prepared of each kind. */
  readonly poolSize: number;
  readonly port: number;
}

export async function startTuringTest(o: TuringOptions): Promise<TuringServer & { readonly record: TuringRecord }> {
  const saved = readSavedRun(o.folder);
  const dataset = await loadDataset(o.registry, saved.config.dataset, saved.config.datasetOptions);
  const loaded = loadGenerator(o.registry, o.folder, saved, o.seed);
  try {
    const pool = await buildImagePool(dataset, loaded.generator, o.poolSize, Date.now() % 2 ** 31);
    const record = new TuringRecord(o.folder);
    const sessions = new TuringSessions(pool, record, o.sessionLength, o.seed);
    const server = await startTuringServer(sessions, { port: o.port, title: `run ${o.folder.runId}, seed ${o.seed}` });
    return { ...server, record };
  } finally {
    loaded.dispose();
  }
}
