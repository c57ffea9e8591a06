/**
 * Trains the MNIST recipe for a few iterations on the wasm backend with the thread count given as
 * the first argument (and wasm's own threads as the third; default the same), and prints the
 * backend and the losses after every iteration as JSON. A process per thread count, because tfjs
 * holds one wasm backend per process.
 */
import { selectBackend } from '../../src/engine/backend';
import { wasmThreads } from '../../src/engine/wasm-threads';
import { mnistTraining } from './mnist-training';

export interface ThreadLosses {
  readonly detail: string;
  readonly wasmThreads: number;
  readonly losses: Record<string, number>[];
}

async function main(): Promise<void> {
  const threads = Number(process.argv[2]);
  const iterations = Number(process.argv[3]);
  // Explicitly: with the native addon, wasm's own threads default to one.
  const backend = await selectBackend('wasm', { threads, wasmThreads: Number(process.argv[4] ?? threads) });
  const setup = await mnistTraining({ iterations, seed: 3 });
  const losses: Record<string, number>[] = [];
  await setup.trainer.train({ progressEvery: 1, onProgress: (report) => losses.push({ ...report.losses }) });
  setup.dispose();
  const result: ThreadLosses = { detail: backend.detail, wasmThreads: wasmThreads(), losses };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
