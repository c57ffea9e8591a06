/**
 * Downloads one official dataset file with progress and an MD5 check, into `<dir>/<name>.part`
 * first so that an interrupted or corrupt download never looks like the real file. Without a
 * network it fails within the connect timeout, saying where to put the file by hand.
 * Part of the plugin API (src/core/plugin-api.ts): dataset plugins fetch their official files with it.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { SsganError } from '../core/errors';

export interface RemoteFile {
  readonly url: string;
  /** File name in the data folder. */
  readonly name: string;
  readonly md5: string;
  /** Where a user finds the file by hand, for the message when the download fails. */
  readonly homepage: string;
}

export interface DownloadProgress {
  readonly name: string;
  readonly receivedBytes: number;
  /** From Content-Length, when the server sends it. */
  readonly totalBytes?: number;
}

export interface DownloadOptions {
  /** Until the response headers arrive (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Longest pause between two received chunks (default 60 s). */
  readonly idleTimeoutMs?: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

/** The download could not be done; the message says why and what to do instead. */
export class DownloadError extends SsganError {}

/** Fetches `remote` into `dir` unless a file with the right checksum is there; returns its path. */
export async function downloadFile(remote: RemoteFile, dir: string, o: DownloadOptions = {}): Promise<{ file: string; downloaded: boolean }> {
  const file = path.join(dir, remote.name);
  if (fs.existsSync(file) && (await md5Of(file)) === remote.md5) return { file, downloaded: false };
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.part`;
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new Error(`no response within ${o.connectTimeoutMs ?? 10_000} ms`)), o.connectTimeoutMs ?? 10_000);
  const byHand = `put ${remote.name} into ${dir} by hand (from ${remote.homepage})`;
  try {
    const response = await fetch(remote.url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    const totalBytes = Number(response.headers.get('content-length')) || undefined;
    const hash = crypto.createHash('md5');
    const out = fs.createWriteStream(partial);
    let receivedBytes = 0;
    try {
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        clearTimeout(timer);
        timer = setTimeout(() => controller.abort(new Error(`stalled for ${o.idleTimeoutMs ?? 60_000} ms`)), o.idleTimeoutMs ?? 60_000);
        hash.update(chunk);
        receivedBytes += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
        o.onProgress?.({ name: remote.name, receivedBytes, totalBytes });
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
    const md5 = hash.digest('hex');
    if (md5 !== remote.md5) {
      fs.rmSync(partial, { force: true });
      throw new DownloadError(`${remote.url}: checksum mismatch (MD5 ${md5}, expected ${remote.md5}); try again, or ${byHand}`);
    }
    fs.renameSync(partial, file);
    return { file, downloaded: true };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    if (err instanceof DownloadError) throw err;
    throw new DownloadError(`could not download ${remote.url} (${reason(err)}); without internet access, ${byHand}`);
  } finally {
    clearTimeout(timer);
  }
}

async function md5Of(file: string): Promise<string> {
  const hash = crypto.createHash('md5');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** fetch's errors hide the cause (DNS failure, refused connection) one level down. */
function reason(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  const cause = e.cause;
  return cause ? `${e.message}: ${cause.code ?? cause.message}` : e.message;
}
