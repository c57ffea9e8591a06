/**
 * One seed process of the sweep-throughput bench: builds an MNIST training iteration on
 * `threads` threads, runs the warm-up, says it is ready, then times `iters` iterations on 'go'.
 * Arguments: backend threads warmup iters seed.
 */
import { type BackendChoice, selectBackend } from '../src/engine/backend';
import { BENCH_MODELS } from './measure';
import { trainerIteration } from './trainer-iteration';

async function main(): Promise<void> {
  const [backend, threads, warmup, iters, seed] = process.argv.slice(2);
  await selectBackend(backend as BackendChoice, { threads: Number(threads) });
  const iteration = trainerIteration(BENCH_MODELS.mnist, Number(seed));
  iteration.run(Number(warmup));
  process.once('message', () => {
    const start = performance.now();
    iteration.run(Number(iters));
    process.send!({ ms: performance.now() - start });
  });
  process.send!({ ready: true });
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
