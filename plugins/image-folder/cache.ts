/**
 * The decoded-image cache: one binary file per (file list, sizes, times, target shape, fit) that
 * holds every split's labels and pixels, so that a second load skips decoding. Layout:
 * "SSGANIF1", uint32 LE header length, JSON header, zero padding to 4 bytes, then per split its
 * int32 LE labels and its uint8 HWC pixels.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageShape } from '../../src/data/options';

const MAGIC = 'SSGANIF1';
/** Caches kept per folder; older ones (from earlier file lists or shapes) are deleted. */
const KEEP = 4;

export interface CachedSplit {
  readonly name: string;
  readonly labels: Int32Array;
  readonly pixels: Uint8Array;
}

export interface CacheContent {
  readonly shape: ImageShape;
  readonly classNames: readonly string[];
  /** Files skipped as undecodable, relative to the dataset root. */
  readonly skipped: readonly string[];
  readonly splits: readonly CachedSplit[];
  /** How many images had each size ("HxW") before resizing; absent in caches written before it was kept. */
  readonly sizes?: Readonly<Record<string, number>>;
}

/** The cache file name for these inputs; any change to a file's size or time gives a new name. */
export function cacheFileName(root: string, files: readonly string[], settings: Record<string, unknown>): string {
  const hash = crypto.createHash('sha256');
  hash.update(JSON.stringify({ format: MAGIC, ...settings }));
  for (const file of files) {
    const stat = fs.statSync(file);
    hash.update(`\n${path.relative(root, file)}\t${stat.size}\t${stat.mtimeMs}`);
  }
  return `image-folder-${hash.digest('hex').slice(0, 20)}.bin`;
}

/** The cached content, or undefined when the file is absent or unreadable (it is then rebuilt). */
export function readCache(file: string): CacheContent | undefined {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    if (raw.toString('latin1', 0, 8) !== MAGIC) return undefined;
    const headerLength = raw.readUInt32LE(8);
    const header = JSON.parse(raw.toString('utf8', 12, 12 + headerLength)) as {
      shape: ImageShape;
      classNames: string[];
      skipped: string[];
      splits: { name: string; count: number }[];
      sizes?: Record<string, number>;
    };
    const perImage = header.shape[0] * header.shape[1] * header.shape[2];
    let offset = align4(12 + headerLength);
    // Copies of plain Uint8Array views, so the labels are 4-byte aligned whatever the offset.
    const bytes = (length: number) => new Uint8Array(raw.buffer, raw.byteOffset + offset, length).slice();
    const splits = header.splits.map(({ name, count }) => {
      const labels = new Int32Array(bytes(4 * count).buffer);
      offset += 4 * count;
      const pixels = bytes(perImage * count);
      offset += perImage * count;
      return { name, labels, pixels };
    });
    if (offset !== raw.length) return undefined;
    return { shape: header.shape, classNames: header.classNames, skipped: header.skipped, splits, sizes: header.sizes };
  } catch {
    return undefined;
  }
}

/** Writes atomically (a reader never sees half a file); returns a warning instead of failing. */
export function writeCache(file: string, content: CacheContent): string | undefined {
  const header = Buffer.from(
    JSON.stringify({
      shape: content.shape,
      classNames: content.classNames,
      skipped: content.skipped,
      splits: content.splits.map((s) => ({ name: s.name, count: s.labels.length })),
      sizes: content.sizes,
    }),
  );
  const prefix = Buffer.alloc(align4(12 + header.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, 8);
  header.copy(prefix, 12);
  const parts = [prefix, ...content.splits.flatMap((s) => [Buffer.from(s.labels.buffer, s.labels.byteOffset, s.labels.byteLength), Buffer.from(s.pixels.buffer, s.pixels.byteOffset, s.pixels.byteLength)])];
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, Buffer.concat(parts));
    fs.renameSync(temporary, file);
    prune(path.dirname(file));
    return undefined;
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    return `could not write the decoded-image cache ${file} (${(err as Error).message}); the next load decodes again`;
  }
}

function prune(dir: string): void {
  const caches = fs
    .readdirSync(dir)
    .filter((f) => /^image-folder-[0-9a-f]+\.bin$/.test(f))
    .map((f) => ({ file: path.join(dir, f), mtimeMs: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const old of caches.slice(KEEP)) fs.rmSync(old.file, { force: true });
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
