/**
 * The dataset download helper (used by `ssgan download cifar10|svhn`) against a local HTTP server:
 * progress and checksum, no partial file on failure, and a quick failure without a network that
 * says where to put the files by hand. The real URLs are never contacted here.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { DownloadError, type DownloadProgress, type RemoteFile, downloadFile } from '../src/data/download-file';
import { CIFAR10_REMOTE } from '../plugins/cifar10/download';
import { SVHN_REMOTES } from '../plugins/svhn/download';

const PAYLOAD = crypto.randomBytes(300_000);
const MD5 = crypto.createHash('md5').update(PAYLOAD).digest('hex');
let server: http.Server;
let base = '';

test.before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/data.bin') {
      res.writeHead(200, { 'content-length': String(PAYLOAD.length) });
      // Several chunks, so progress is reported more than once.
      for (let i = 0; i < PAYLOAD.length; i += 65_536) res.write(PAYLOAD.subarray(i, i + 65_536));
      res.end();
    } else if (req.url === '/silent') {
      // Accepts the request and never answers.
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.after.always(() => {
  server.closeAllConnections();
  server.close();
});

function remote(pathname: string, md5 = MD5): RemoteFile {
  return { url: `${base}${pathname}`, name: 'data.bin', md5, homepage: 'the test page' };
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = http.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-download-'));
}

test('downloads with progress, verifies the checksum, and skips a file already verified', async (t) => {
  const dir = path.join(tempDir(), 'nested', 'cifar10');
  const progress: DownloadProgress[] = [];
  const first = await downloadFile(remote('/data.bin'), dir, { onProgress: (p) => progress.push(p) });
  t.deepEqual(first, { file: path.join(dir, 'data.bin'), downloaded: true });
  t.true(fs.readFileSync(first.file).equals(PAYLOAD));
  t.true(progress.length > 1);
  t.deepEqual(progress.at(-1), { name: 'data.bin', receivedBytes: PAYLOAD.length, totalBytes: PAYLOAD.length });
  const second = await downloadFile(remote('/data.bin'), dir);
  t.false(second.downloaded);
});

test('a checksum mismatch fails and leaves no file behind', async (t) => {
  const dir = tempDir();
  const err = await t.throwsAsync(downloadFile(remote('/data.bin', '0'.repeat(32)), dir), { instanceOf: DownloadError });
  t.regex(err?.message ?? '', new RegExp(`checksum mismatch \\(MD5 ${MD5}, expected 0{32}\\)`));
  t.deepEqual(fs.readdirSync(dir), []);
});

test('an HTTP error fails with the status and the way to get the file by hand', async (t) => {
  const dir = tempDir();
  const err = await t.throwsAsync(downloadFile(remote('/missing'), dir), { instanceOf: DownloadError });
  t.regex(err?.message ?? '', /HTTP 404.*put data\.bin into .* by hand \(from the test page\)/);
  t.deepEqual(fs.readdirSync(dir), []);
});

test('without a network it fails within seconds: refused connection, silent server', async (t) => {
  const dir = tempDir();
  let start = Date.now();
  const refused = { ...remote('/x'), url: `http://127.0.0.1:${await closedPort()}/data.bin` };
  const err = await t.throwsAsync(downloadFile(refused, dir), { instanceOf: DownloadError });
  t.regex(err?.message ?? '', /could not download http:\/\/127\.0\.0\.1:\d+\/data\.bin \(fetch failed: ECONNREFUSED\); without internet access, put data\.bin into/);
  t.true(Date.now() - start < 5000);
  start = Date.now();
  const silent = await t.throwsAsync(downloadFile(remote('/silent'), dir, { connectTimeoutMs: 300 }), { instanceOf: DownloadError });
  t.regex(silent?.message ?? '', /no response within 300 ms/);
  t.true(Date.now() - start < 5000);
});

test('the official files are named as the loaders expect, with MD5 checksums', (t) => {
  t.is(CIFAR10_REMOTE.name, 'cifar-10-binary.tar.gz');
  t.deepEqual(Object.values(SVHN_REMOTES).map((r) => r.name), ['train_32x32.mat', 'test_32x32.mat', 'extra_32x32.mat']);
  for (const r of [CIFAR10_REMOTE, ...Object.values(SVHN_REMOTES)]) t.regex(r.md5, /^[0-9a-f]{32}$/);
});
