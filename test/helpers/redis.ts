/**
 * A private redis-server per test: a free loopback port, no persistence, stopped by the test.
 * A missing redis-server fails the test with the package to install; nothing is skipped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';

export interface TestRedis {
  readonly port: number;
  /** redis://[:password@]127.0.0.1:port */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startRedis(password?: string): Promise<TestRedis> {
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error) throw new Error('redis-server is not installed: apt-get install redis-server (.ci/apt-packages lists it)');
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])];
  const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout?.on('data', (chunk) => (output += chunk));
  await waitForReady(server, port, () => output);
  return {
    port,
    url: `redis://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}`,
    stop: () => stopProcess(server),
  };
}

/** Sends SIGTERM and waits for the exit (SIGKILL after 10 s). */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForReady(server: ChildProcess, port: number, output: () => string): Promise<void> {
  for (let waitedMs = 0; waitedMs < 10_000; waitedMs += 50) {
    if (server.exitCode !== null) throw new Error(`redis-server on port ${port} exited: ${output()}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not start within 10 s: ${output()}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
