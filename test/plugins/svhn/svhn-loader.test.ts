/**
 * The SVHN loader and its level-5 MAT-file reader on files written here as MATLAB writes them
 * (compressed variables, small elements, a double array stored as uint8): shapes, pixel order,
 * labels (10 -> 0), class names; and on broken files, an error naming the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import test, { type ExecutionContext } from 'ava';
import { DatasetFormatError } from '../../../src/core/errors';
import { dims, pixelAt } from '../../helpers/image-sets';
import { parseMat } from '../../../plugins/svhn/mat-reader';
import { SvhnLoader } from '../../../plugins/svhn/svhn-loader';

// Element types and array classes of the level-5 format.
const MI = { INT8: 1, UINT8: 2, INT32: 5, UINT32: 6, DOUBLE: 9, MATRIX: 14, COMPRESSED: 15 } as const;
const CLASS = { CHAR: 4, DOUBLE: 6, UINT8: 9 } as const;

interface Variable {
  name: string;
  classId: number;
  dims: number[];
  storeType: number;
  values: ArrayLike<number>;
}

interface WriteOptions {
  compress?: boolean;
  bigEndian?: boolean;
}

/** A level-5 MAT-file as MATLAB writes it: header, then one (compressed) miMATRIX per variable. */
function matFile(variables: Variable[], o: WriteOptions = {}): Buffer {
  const le = !o.bigEndian;
  const header = Buffer.alloc(128, ' ');
  header.write('MATLAB 5.0 MAT-file, Platform: ssgan test, Created on: Mon Jan  1 00:00:00 2024', 0, 'latin1');
  header.fill(0, 116, 124);
  header.write(le ? 'IM' : 'MI', 126, 'latin1');
  if (le) header.writeUInt16LE(0x0100, 124);
  else header.writeUInt16BE(0x0100, 124);
  const parts = variables.map((v) => {
    const matrix = element(MI.MATRIX, Buffer.concat([
      element(MI.UINT32, words([v.classId, 0], 4, le)),
      element(MI.INT32, words(v.dims, 4, le)),
      nameElement(v.name, le),
      element(v.storeType, stored(v.storeType, v.values, le)),
    ]), le);
    if (!o.compress) return matrix;
    const deflated = zlib.deflateSync(matrix);
    return Buffer.concat([tag(MI.COMPRESSED, deflated.length, le), deflated]);
  });
  return Buffer.concat([header, ...parts]);

  function element(type: number, data: Buffer, little = le): Buffer {
    const pad = (8 - (data.length % 8)) % 8;
    return Buffer.concat([tag(type, data.length, little), data, Buffer.alloc(pad)]);
  }
}

function tag(type: number, size: number, le: boolean): Buffer {
  return words([type, size], 4, le);
}

/** Names of up to 4 bytes go in the small-element format, as MATLAB writes them. */
function nameElement(name: string, le: boolean): Buffer {
  const bytes = Buffer.from(name, 'latin1');
  if (bytes.length <= 4) return Buffer.concat([words([(bytes.length << 16) | MI.INT8], 4, le), bytes, Buffer.alloc(4 - bytes.length)]);
  const pad = (8 - (bytes.length % 8)) % 8;
  return Buffer.concat([tag(MI.INT8, bytes.length, le), bytes, Buffer.alloc(pad)]);
}

function words(values: ArrayLike<number>, bytes: 4 | 8, le: boolean): Buffer {
  const out = Buffer.alloc(values.length * bytes);
  for (let i = 0; i < values.length; i++) {
    if (bytes === 8) le ? out.writeDoubleLE(values[i], 8 * i) : out.writeDoubleBE(values[i], 8 * i);
    else le ? out.writeUInt32LE(values[i] >>> 0, 4 * i) : out.writeUInt32BE(values[i] >>> 0, 4 * i);
  }
  return out;
}

function stored(type: number, values: ArrayLike<number>, le: boolean): Buffer {
  if (type === MI.UINT8) return Buffer.from(Uint8Array.from(values));
  if (type === MI.DOUBLE) return words(values, 8, le);
  throw new Error(`test writer: type ${type}`);
}

/** X: image n has value (n*13 + row*5 + col*3 + ch*50) % 256, and R,G,B = 10,20,30 at row 1, column 2. */
function pixelsX(count: number): Variable {
  const values = new Uint8Array(32 * 32 * 3 * count);
  for (let n = 0; n < count; n++) {
    for (let ch = 0; ch < 3; ch++) {
      for (let col = 0; col < 32; col++) {
        for (let row = 0; row < 32; row++) {
          const marked = row === 1 && col === 2;
          values[row + 32 * col + 1024 * ch + 3072 * n] = marked ? 10 * (ch + 1) : (n * 13 + row * 5 + col * 3 + ch * 50) % 256;
        }
      }
    }
  }
  return { name: 'X', classId: CLASS.UINT8, dims: [32, 32, 3, count], storeType: MI.UINT8, values };
}

/** y, a double array; MATLAB stores small whole numbers as uint8 data. */
function labelsY(values: number[], storeType: number = MI.UINT8): Variable {
  return { name: 'y', classId: CLASS.DOUBLE, dims: [values.length, 1], storeType, values };
}

const TRAIN_Y = [10, 1, 5, 10, 9];
const TEST_Y = [3, 10, 7];

function writeSvhn(files: Record<string, Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-svhn-'));
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
  return dir;
}

function officialSvhn(o: WriteOptions = { compress: true }): Record<string, Buffer> {
  return {
    'train_32x32.mat': matFile([pixelsX(TRAIN_Y.length), labelsY(TRAIN_Y)], o),
    'test_32x32.mat': matFile([pixelsX(TEST_Y.length), labelsY(TEST_Y, MI.DOUBLE)], o),
  };
}

async function checkLoads(t: ExecutionContext, files: Record<string, Buffer>): Promise<void> {
  const data = await new SvhnLoader().load({ dataDir: writeSvhn(files) });
  t.deepEqual(dims(data.trainImages), [5, 32, 32, 3]);
  t.deepEqual(dims(data.testImages), [3, 32, 32, 3]);
  t.deepEqual(Array.from(data.trainLabels), [0, 1, 5, 0, 9]);
  t.deepEqual(Array.from(data.testLabels), [3, 0, 7]);
  t.deepEqual(data.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const scaled = (p: number): number => Math.fround((p - 127.5) / 127.5);
  t.deepEqual(pixelAt(data.trainImages, 3, 1, 2, 3), [10, 20, 30].map(scaled));
  // Test image 2, row 7, column 4, blue: rows vary fastest in the file, columns in the batch.
  t.is(pixelAt(data.testImages, 2, 7, 4, 3)[2], scaled((2 * 13 + 7 * 5 + 4 * 3 + 2 * 50) % 256));
}

async function rejectsNaming(t: ExecutionContext, dir: string, name: string, fault: RegExp, options = {}): Promise<void> {
  const err = await t.throwsAsync(new SvhnLoader().load({ dataDir: dir, ...options }), { instanceOf: DatasetFormatError });
  t.is(err?.file, path.join(dir, name));
  t.regex(err?.message ?? '', fault);
}

test('reads compressed level-5 MAT-files: shapes, pixel order, labels with 10 -> 0, class names', async (t) => {
  await checkLoads(t, officialSvhn());
});

test('reads uncompressed and big-endian MAT-files alike', async (t) => {
  await checkLoads(t, officialSvhn({ compress: false }));
  await checkLoads(t, officialSvhn({ compress: true, bigEndian: true }));
});

test('extra_32x32.mat, when asked for, becomes the unlabeled images', async (t) => {
  const dir = writeSvhn({ ...officialSvhn(), 'extra_32x32.mat': matFile([pixelsX(2), labelsY([4, 10])], { compress: true }) });
  const data = await new SvhnLoader().load({ dataDir: dir, extra: true });
  t.deepEqual(dims(data.unlabeledImages), [2, 32, 32, 3]);
  t.is(data.sources.length, 3);
});

test('variables the loader does not need, of any class, are skipped', (t) => {
  const notes: Variable = { name: 'notes', classId: CLASS.CHAR, dims: [1, 2], storeType: MI.UINT8, values: [104, 105] };
  const mat = parseMat('f.mat', matFile([notes, labelsY([1, 2, 3], MI.DOUBLE)], { compress: true }));
  t.deepEqual([...mat.arrays.keys()], ['y']);
  t.deepEqual(Array.from(mat.arrays.get('y')!.data), [1, 2, 3]);
  t.is(mat.unsupported.get('notes'), 'a char array');
});

test('a MAT-file without y: the error names the file and lists its variables', async (t) => {
  const files = officialSvhn();
  files['test_32x32.mat'] = matFile([pixelsX(3)], { compress: true });
  await rejectsNaming(t, writeSvhn(files), 'test_32x32.mat', /no variable named y \(variables: X\)/);
});

test('a corrupt zlib stream in a compressed variable: the error names the file', async (t) => {
  const files = officialSvhn();
  const bad = Buffer.from(files['train_32x32.mat']);
  for (let i = 140; i < 200; i++) bad[i] ^= 0xa5;
  files['train_32x32.mat'] = bad;
  await rejectsNaming(t, writeSvhn(files), 'train_32x32.mat', /corrupt compressed variable at byte 128/);
});

test('a file cut short: the error names the file', async (t) => {
  const files = officialSvhn({ compress: false });
  files['train_32x32.mat'] = files['train_32x32.mat'].subarray(0, 5000);
  await rejectsNaming(t, writeSvhn(files), 'train_32x32.mat', /truncated: the element at byte 128 claims \d+ bytes/);
});

test('a missing file: the error names it', async (t) => {
  const files = officialSvhn();
  delete files['test_32x32.mat'];
  await rejectsNaming(t, writeSvhn(files), 'test_32x32.mat', /missing/);
  await rejectsNaming(t, writeSvhn(officialSvhn()), 'extra_32x32.mat', /missing/, { extra: true });
});

test('not a level-5 MAT-file: HDF5-based v7.3 and other files are named with the reason', async (t) => {
  const v73 = Buffer.alloc(512, ' ');
  v73.write('MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00', 0, 'latin1');
  await rejectsNaming(t, writeSvhn({ ...officialSvhn(), 'train_32x32.mat': v73 }), 'train_32x32.mat', /7\.3 \(HDF5\)/);
  await rejectsNaming(t, writeSvhn({ ...officialSvhn(), 'train_32x32.mat': Buffer.from('hello') }), 'train_32x32.mat', /truncated: 5 bytes/);
});

test('labels outside 1..10 and X of the wrong shape are refused, naming the file', async (t) => {
  const badLabels = { ...officialSvhn(), 'test_32x32.mat': matFile([pixelsX(3), labelsY([3, 0, 7])], { compress: true }) };
  await rejectsNaming(t, writeSvhn(badLabels), 'test_32x32.mat', /y\(2\) = 0 is not a digit label/);
  const x = pixelsX(3);
  const badX = { ...officialSvhn(), 'test_32x32.mat': matFile([{ ...x, dims: [32, 96, 1, 3] }, labelsY(TEST_Y)], { compress: true }) };
  await rejectsNaming(t, writeSvhn(badX), 'test_32x32.mat', /expected uint8 \[32, 32, 3, N\]/);
  const fewLabels = { ...officialSvhn(), 'test_32x32.mat': matFile([pixelsX(3), labelsY([1, 2])], { compress: true }) };
  await rejectsNaming(t, writeSvhn(fewLabels), 'test_32x32.mat', /expected 3 labels/);
});
