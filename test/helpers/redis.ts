/**
 * A private redis-server per test: a free loopback port, no persistence, stopped by the test.
 * A missing redis-server fails the test with the package to install; nothing is skipped.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface TestRedis {
  readonly port: number;
  /** redis://[:password@]127.0.0.1:port */
  readonly url: string;
  stop(): Promise<void>;
}

/** A server certificate and key, and the authority that signed them (see makeTestCertificates). */
export interface TestCertificates {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** With `tls`, the server speaks only TLS (`rediss://`), with that certificate. */
export async function startRedis(password?: string, tls?: TestCertificates): Promise<TestRedis> {
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error) throw new Error('redis-server is not installed: apt-get install redis-server (.ci/apt-packages lists it)');
  const port = await freePort();
  const listen = tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', tls.certFile, '--tls-key-file', tls.keyFile, '--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])];
  const server = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout?.on('data', (chunk) => (output += chunk));
  await waitForReady(server, port, () => output);
  return {
    port,
    url: `${tls ? 'rediss' : 'redis'}://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}`,
    stop: () => stopProcess(server),
  };
}

/** A throwaway certificate authority and a server certificate it signed for 127.0.0.1, made by openssl in `dir`. */
export function makeTestCertificates(dir: string): TestCertificates {
  const files = { caFile: path.join(dir, 'ca.crt'), certFile: path.join(dir, 'server.crt'), keyFile: path.join(dir, 'server.key') };
  const caKey = path.join(dir, 'ca.key');
  const request = path.join(dir, 'server.csr');
  const extensions = path.join(dir, 'server.ext');
  fs.writeFileSync(extensions, 'subjectAltName=IP:127.0.0.1\n');
  const steps = [
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', files.caFile, '-days', '1', '-subj', '/CN=ssgan test authority'],
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', files.keyFile, '-out', request, '-subj', '/CN=127.0.0.1'],
    ['x509', '-req', '-in', request, '-CA', files.caFile, '-CAkey', caKey, '-CAcreateserial', '-out', files.certFile, '-days', '1', '-extfile', extensions],
  ];
  for (const args of steps) {
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
  }
  return files;
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
