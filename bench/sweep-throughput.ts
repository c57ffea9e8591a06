/**
 * Sweep throughput: seed-iterations per second on all the machine's cores, for the two ways of
 * using two cores on MNIST seeds: two seeds side by side, one thread each (a sweep's `--jobs 2
 * --threads 1`), and one seed on two threads (`--jobs 1 --threads 2`). Each layout runs in its
 * own processes, as the runner's seeds do, and starts timing together once every process is warm.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';

export interface SweepLayout {
  readonly seeds: number;
  readonly threadsPerSeed: number;
  /** Wall time from the common start until the last seed's last iteration. */
  readonly wallMs: number;
  /** seeds x iterations / wall time. */
  readonly seedIterationsPerSecond: number;
}

export interface SweepThroughput {
  readonly iterationsPerSeed: number;
  readonly twoSeedsOneThreadEach: SweepLayout;
  readonly oneSeedTwoThreads: SweepLayout;
  /** Side by side over one seed on two threads: above 1, a sweep gains from running seeds side by side. */
  readonly ratio: number;
}

/** What a seed process reports: ready once warm, then its timed run. */
type ChildMessage = { readonly ready: true } | { readonly ms: number };

export async function measureSweepThroughput(o: { backend: string; iters: number; warmup: number }): Promise<SweepThroughput> {
  const twoSeedsOneThreadEach = await runLayout(2, 1, o);
  const oneSeedTwoThreads = await runLayout(1, 2, o);
  return {
    iterationsPerSeed: o.iters,
    twoSeedsOneThreadEach,
    oneSeedTwoThreads,
    ratio: twoSeedsOneThreadEach.seedIterationsPerSecond / oneSeedTwoThreads.seedIterationsPerSecond,
  };
}

async function runLayout(seeds: number, threadsPerSeed: number, o: { backend: string; iters: number; warmup: number }): Promise<SweepLayout> {
  const children = Array.from({ length: seeds }, (_, i) =>
    fork(path.join(__dirname, 'sweep-seed.ts'), [o.backend, String(threadsPerSeed), String(o.warmup), String(o.iters), String(i + 1)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const next = (child: (typeof children)[number]) =>
    new Promise<ChildMessage>((resolve, reject) => {
      child.once('message', (m) => resolve(m as ChildMessage));
      child.once('exit', (code) => reject(new Error(`sweep seed process exited with code ${code}`)));
    });
  await Promise.all(children.map(next));
  const start = performance.now();
  const done = children.map(next);
  for (const child of children) child.send('go');
  await Promise.all(done);
  const wallMs = performance.now() - start;
  for (const child of children) child.kill();
  return { seeds, threadsPerSeed, wallMs, seedIterationsPerSecond: (seeds * o.iters) / (wallMs / 1000) };
}
