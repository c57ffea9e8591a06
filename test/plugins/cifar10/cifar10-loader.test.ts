/**
 * The CIFAR-10 loader on files written here in the official binary format (folder and tar.gz):
 * shapes, pixel order, labels, class names, scaling; and on broken files, an error naming the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import test from 'ava';
import * as tar from 'tar-stream';
import { DatasetFormatError } from '../../../src/core/errors';
import { dims, pixelAt } from '../../helpers/image-sets';
import { Cifar10Loader, CIFAR10_CLASSES } from '../../../plugins/cifar10/cifar10-loader';
import { FOLDER, RECORD_BYTES, TEST_BATCH, TRAIN_BATCHES } from '../../../plugins/cifar10/cifar-reader';

const RECORDS_PER_BATCH = 3;
const META = 'plane\ncar\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n';

/** Record `n` of batch `b`: label (b + n) % 10, pixel value (b*31 + n*7 + channel*3 + i) % 256, except one marked pixel. */
function batchBytes(b: number, count = RECORDS_PER_BATCH): Buffer {
  const bytes = Buffer.alloc(count * RECORD_BYTES);
  for (let n = 0; n < count; n++) {
    const record = n * RECORD_BYTES;
    bytes[record] = (b + n) % 10;
    for (let ch = 0; ch < 3; ch++) {
      for (let i = 0; i < 1024; i++) bytes[record + 1 + ch * 1024 + i] = (b * 31 + n * 7 + ch * 3 + i) % 256;
    }
    // Row 1, column 2 of every image: R=10, G=20, B=30 (planes of 32 rows of 32).
    for (let ch = 0; ch < 3; ch++) bytes[record + 1 + ch * 1024 + 1 * 32 + 2] = 10 * (ch + 1);
  }
  return bytes;
}

function officialFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  TRAIN_BATCHES.forEach((name, i) => files.set(name, batchBytes(i)));
  files.set(TEST_BATCH, batchBytes(9));
  files.set('batches.meta.txt', Buffer.from(META));
  return files;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-cifar10-'));
}

function writeFolder(files: Map<string, Buffer>): string {
  const root = tempDir();
  fs.mkdirSync(path.join(root, FOLDER));
  for (const [name, bytes] of files) fs.writeFileSync(path.join(root, FOLDER, name), bytes);
  return root;
}

async function tarGz(files: Map<string, Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: `${FOLDER}/`, type: 'directory' });
  pack.entry({ name: `${FOLDER}/readme.html` }, '<p>not a batch</p>');
  for (const [name, bytes] of files) pack.entry({ name: `${FOLDER}/${name}` }, bytes);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return zlib.gzipSync(Buffer.concat(chunks));
}

async function writeArchive(files: Map<string, Buffer>, mangle: (gz: Buffer) => Buffer = (gz) => gz): Promise<string> {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'cifar-10-binary.tar.gz'), mangle(await tarGz(files)));
  return root;
}

async function checkDataset(t: import('ava').ExecutionContext, dataDir: string, classNames: readonly string[]): Promise<void> {
  const data = await new Cifar10Loader().load({ dataDir });
  t.deepEqual(dims(data.trainImages), [5 * RECORDS_PER_BATCH, 32, 32, 3]);
  t.deepEqual(dims(data.testImages), [RECORDS_PER_BATCH, 32, 32, 3]);
  t.deepEqual(Array.from(data.trainLabels), [0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6]);
  t.deepEqual(Array.from(data.testLabels), [9, 0, 1]);
  t.deepEqual(data.classNames, classNames);
  t.deepEqual(data.scaling, { offset: 127.5, scale: 128 });
  const scaled = (p: number): number => (p - 127.5) / 128;
  // The marked pixel lands at [n, 1, 2, :] as R, G, B.
  t.deepEqual(pixelAt(data.trainImages, 4, 1, 2, 3), [10, 20, 30].map(scaled));
  // Row 0, column 5 of test image 2, channel 1: (9*31 + 2*7 + 1*3 + 5) % 256.
  t.is(pixelAt(data.testImages, 2, 0, 5, 2)[1], scaled((9 * 31 + 14 + 3 + 5) % 256));
  t.is(data.sources.length, classNames === CIFAR10_CLASSES ? 6 : 7);
}

async function rejectsNaming(t: import('ava').ExecutionContext, dataDir: string, file: string, fault: RegExp): Promise<void> {
  const err = await t.throwsAsync(new Cifar10Loader().load({ dataDir }), { instanceOf: DatasetFormatError });
  t.is(err?.file, file);
  t.regex(err?.message ?? '', fault);
  t.true(err?.message.includes(file), 'the message names the file');
}

test('reads the unpacked folder: shapes, pixel order, labels, class names from batches.meta.txt', async (t) => {
  await checkDataset(t, writeFolder(officialFiles()), META.trim().split('\n'));
});

test('reads the folder without batches.meta.txt, with the standard class names', async (t) => {
  const files = officialFiles();
  files.delete('batches.meta.txt');
  const root = writeFolder(files);
  await checkDataset(t, path.join(root, FOLDER), CIFAR10_CLASSES);
});

test('streams cifar-10-binary.tar.gz, found in the data folder or named directly', async (t) => {
  const root = await writeArchive(officialFiles());
  await checkDataset(t, root, META.trim().split('\n'));
  await checkDataset(t, path.join(root, 'cifar-10-binary.tar.gz'), META.trim().split('\n'));
});

test('a record cut short: the error names the batch file', async (t) => {
  const files = officialFiles();
  files.set('data_batch_3.bin', batchBytes(2).subarray(0, 2 * RECORD_BYTES - 100));
  const root = writeFolder(files);
  await rejectsNaming(t, root, path.join(root, FOLDER, 'data_batch_3.bin'), /truncated: 6046 bytes .*\(record 2 has only 2973 bytes\)/);
});

test('a record cut short inside the archive: the error names the archive member', async (t) => {
  const files = officialFiles();
  files.set(TEST_BATCH, batchBytes(9).subarray(0, RECORD_BYTES + 1));
  const root = await writeArchive(files);
  const archive = path.join(root, 'cifar-10-binary.tar.gz');
  await rejectsNaming(t, root, `${archive}:${FOLDER}/${TEST_BATCH}`, /truncated/);
});

test('a corrupt gzip stream: the error names the archive', async (t) => {
  const root = await writeArchive(officialFiles(), (gz) => {
    const bad = Buffer.from(gz);
    for (let i = 100; i < 400; i++) bad[i] ^= 0x5a;
    return bad;
  });
  await rejectsNaming(t, root, path.join(root, 'cifar-10-binary.tar.gz'), /corrupt gzip stream/);
});

test('an archive cut short: the error names the archive', async (t) => {
  const root = await writeArchive(officialFiles(), (gz) => gz.subarray(0, Math.floor(gz.length / 2)));
  await rejectsNaming(t, root, path.join(root, 'cifar-10-binary.tar.gz'), /corrupt gzip stream|not a valid tar/);
});

test('a missing batch file: the error names it', async (t) => {
  const files = officialFiles();
  files.delete('data_batch_5.bin');
  const root = writeFolder(files);
  await rejectsNaming(t, root, path.join(root, FOLDER, 'data_batch_5.bin'), /missing/);
});

test('an archive without a batch: the error names the archive and the member', async (t) => {
  const files = officialFiles();
  files.delete('data_batch_2.bin');
  const root = await writeArchive(files);
  await rejectsNaming(t, root, path.join(root, 'cifar-10-binary.tar.gz'), /no member named data_batch_2\.bin/);
});

test('no data at all: the error names the folder and says how to get the files', async (t) => {
  const root = tempDir();
  await rejectsNaming(t, root, root, /ssgan download cifar10/);
});

test('a label outside 0..9: the error names the file and the record', async (t) => {
  const files = officialFiles();
  const bad = batchBytes(0);
  bad[2 * RECORD_BYTES] = 10;
  files.set('data_batch_1.bin', bad);
  const root = writeFolder(files);
  await rejectsNaming(t, root, path.join(root, FOLDER, 'data_batch_1.bin'), /record 2: label 10/);
});
