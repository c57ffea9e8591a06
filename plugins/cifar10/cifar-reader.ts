/**
 * The CIFAR-10 binary version: data_batch_1..5.bin and test_batch.bin hold records of one label
 * byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, each 32 rows of 32); batches.meta.txt
 * names the classes, one per line. Read from the unpacked folder or streamed out of
 * cifar-10-binary.tar.gz without unpacking it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as tar from 'tar-stream';
import { DatasetFormatError } from '../../src/core/errors';

export const IMAGE_SIZE = 32;
export const CHANNELS = 3;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
export const RECORD_BYTES = 1 + PIXELS;
export const TRAIN_BATCHES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const TEST_BATCH = 'test_batch.bin';
export const META_FILE = 'batches.meta.txt';
export const FOLDER = 'cifar-10-batches-bin';
export const ARCHIVE = 'cifar-10-binary.tar.gz';
const NUM_CLASSES = 10;

/** One official file's bytes and where they came from (a path, or `archive:member`). */
export interface CifarFile {
  readonly source: string;
  readonly bytes: Buffer;
}

/** Decoded records: pixels in [N, 32, 32, 3] order (row, column, channel), labels 0..9. */
export interface CifarRecords {
  readonly count: number;
  readonly pixels: Uint8Array;
  readonly labels: Int32Array;
}

/** Reads the official files from an unpacked folder; the meta file is optional. */
export function readCifarFolder(dir: string): Map<string, CifarFile> {
  const files = new Map<string, CifarFile>();
  for (const name of [...TRAIN_BATCHES, TEST_BATCH, META_FILE]) {
    const file = path.join(dir, name);
    if (name === META_FILE && !fs.existsSync(file)) continue;
    files.set(name, { source: file, bytes: readWhole(file) });
  }
  return files;
}

/** Streams the official files out of cifar-10-binary.tar.gz (members matched by base name). */
export async function readCifarArchive(archive: string): Promise<Map<string, CifarFile>> {
  const wanted = new Set([...TRAIN_BATCHES, TEST_BATCH, META_FILE]);
  const files = new Map<string, CifarFile>();
  const source = fs.createReadStream(archive);
  const gunzip = zlib.createGunzip();
  const extract = tar.extract();
  // Any stage's failure ends the iteration below with that stage's error.
  source.on('error', (err) => extract.destroy(err));
  gunzip.on('error', (err) => extract.destroy(err));
  source.pipe(gunzip).pipe(extract);
  try {
    for await (const entry of extract) {
      const name = path.posix.basename(entry.header.name);
      if (entry.header.type !== 'file' || !wanted.has(name)) {
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(name, { source: `${archive}:${entry.header.name}`, bytes: Buffer.concat(chunks) });
    }
  } catch (err) {
    throw new DatasetFormatError(archive, describeArchiveError(err as NodeJS.ErrnoException));
  } finally {
    source.destroy();
  }
  for (const name of [...TRAIN_BATCHES, TEST_BATCH]) {
    if (!files.has(name)) throw new DatasetFormatError(archive, `no member named ${name} (expected ${FOLDER}/${name})`);
  }
  return files;
}

/** Checks and decodes one batch file's records. */
export function parseRecords(file: CifarFile): CifarRecords {
  const { source, bytes } = file;
  if (bytes.length === 0) throw new DatasetFormatError(source, 'empty file');
  if (bytes.length % RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / RECORD_BYTES);
    throw new DatasetFormatError(
      source,
      `truncated: ${bytes.length} bytes is not a whole number of ${RECORD_BYTES}-byte records ` +
        `(record ${whole + 1} has only ${bytes.length - whole * RECORD_BYTES} bytes)`,
    );
  }
  const count = bytes.length / RECORD_BYTES;
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let n = 0; n < count; n++) {
    const record = n * RECORD_BYTES;
    const label = bytes[record];
    if (label >= NUM_CLASSES) throw new DatasetFormatError(source, `record ${n}: label ${label} is outside 0..9`);
    labels[n] = label;
    // Planar (all red, then green, then blue) to interleaved [row, column, channel].
    const out = n * PIXELS;
    for (let p = 0; p < plane; p++) {
      for (let ch = 0; ch < CHANNELS; ch++) pixels[out + p * CHANNELS + ch] = bytes[record + 1 + ch * plane + p];
    }
  }
  return { count, pixels, labels };
}

/** Class names from batches.meta.txt: the first ten non-empty lines. */
export function parseClassNames(file: CifarFile): string[] {
  const names = file.bytes.toString('utf8').split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  if (names.length < NUM_CLASSES) {
    throw new DatasetFormatError(file.source, `${names.length} class names, expected ${NUM_CLASSES} (one per line)`);
  }
  return names.slice(0, NUM_CLASSES);
}

function readWhole(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatasetFormatError(file, code === 'ENOENT' ? 'missing' : `cannot read file (${code ?? (err as Error).message})`);
  }
}

function describeArchiveError(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'missing';
  // zlib's errors carry codes such as Z_DATA_ERROR (bad data) and Z_BUF_ERROR (cut short).
  if (err.code?.startsWith('Z_')) return `corrupt gzip stream (${err.message})`;
  if (err.code) return `cannot read file (${err.code})`;
  return `not a valid tar archive (${err.message})`;
}
