/** `ssgan` processes in the background, their output, and waiting for a condition. */
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN } from './cli';
import { type TestRedis, startRedis, stopProcess } from './redis';

export interface Started {
  readonly child: ChildProcess;
  output(): string;
}

export function start(args: string[], env: NodeJS.ProcessEnv = process.env): Started {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let text = '';
  child.stdout?.on('data', (c) => (text += c));
  child.stderr?.on('data', (c) => (text += c));
  return { child, output: () => text };
}

export async function finish(s: Started): Promise<{ status: number | null; output: string }> {
  const status = s.child.exitCode ?? (await new Promise<number | null>((resolve) => s.child.once('exit', resolve)));
  return { status, output: s.output() };
}

export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  for (const startMs = Date.now(); !(await condition()); ) {
    if (Date.now() - startMs > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A fresh redis-server for `body`, stopped (with every worker `body` started) however it ends. */
export async function withRedis(password: string | undefined, body: (redis: TestRedis, workers: Started[]) => Promise<void>): Promise<void> {
  const redis = await startRedis(password);
  const workers: Started[] = [];
  try {
    await body(redis, workers);
  } finally {
    await Promise.all(workers.map((w) => stopProcess(w.child)));
    await redis.stop();
  }
}
