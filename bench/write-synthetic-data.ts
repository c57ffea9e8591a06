/**
 * Writes synthetic CIFAR-10 and SVHN sets in the official file formats, so full-size training runs
 * go through the real loaders where the real files cannot be downloaded (speed does not depend on
 * the pixels). Each class is a colour and a stripe orientation plus noise, so a classifier can learn it.
 *
 *   node --import tsx bench/write-synthetic-data.ts --out DIR [--train 50000] [--test 10000] [--extra 0]
 *
 * writes DIR/cifar10/cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin and batches.meta.txt,
 * and DIR/svhn/{train,test}_32x32.mat (MATLAB level-5, zlib-compressed variables, y = 10 for 0),
 * with --extra N (SVHN's own: 531131) also DIR/svhn/extra_32x32.mat.
 * Tests import writeCifar and writeSvhn for small sets of their own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as zlib from 'node:zlib';
import { Rng } from '../src/engine/random';

const SIDE = 32;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
const CIFAR_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function main(): void {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, train: { type: 'string', default: '50000' }, test: { type: 'string', default: '10000' }, extra: { type: 'string', default: '0' } },
  });
  if (!values.out) throw new Error('write-synthetic-data: --out DIR is required');
  const train = Number(values.train);
  const test = Number(values.test);
  const rng = new Rng(2016);
  writeCifar(path.join(values.out, 'cifar10', 'cifar-10-batches-bin'), train, test, rng);
  writeSvhn(path.join(values.out, 'svhn'), train, test, rng, Number(values.extra));
  console.log(`wrote ${train} training and ${test} test images of each dataset (and ${values.extra} SVHN extra) under ${values.out}`);
}

/** Channel-planar image (1024 R, 1024 G, 1024 B, rows of 32) of class `label`. */
function image(label: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(3 * PIXELS);
  const noise = new Float32Array(3 * PIXELS);
  rng.fillNormal(noise, 30);
  const colour = [(label * 83) % 256, (label * 157 + 60) % 256, (label * 41 + 120) % 256];
  const period = 3 + (label % 5);
  for (let ch = 0; ch < 3; ch++) {
    for (let row = 0; row < SIDE; row++) {
      for (let col = 0; col < SIDE; col++) {
        const stripe = (label < 5 ? row : col) % period < period / 2 ? 40 : -40;
        const i = ch * PIXELS + row * SIDE + col;
        out[i] = Math.max(0, Math.min(255, Math.round(colour[ch] + stripe + noise[i])));
      }
    }
  }
  return out;
}

export function writeCifar(dir: string, train: number, test: number, rng: Rng): void {
  fs.mkdirSync(dir, { recursive: true });
  const batch = (count: number): Buffer => {
    const out = Buffer.alloc(count * (1 + 3 * PIXELS));
    for (let n = 0; n < count; n++) {
      const label = n % CLASSES;
      out[n * (1 + 3 * PIXELS)] = label;
      out.set(image(label, rng), n * (1 + 3 * PIXELS) + 1);
    }
    return out;
  };
  for (let b = 0; b < 5; b++) {
    const count = Math.floor((train * (b + 1)) / 5) - Math.floor((train * b) / 5);
    fs.writeFileSync(path.join(dir, `data_batch_${b + 1}.bin`), batch(count));
  }
  fs.writeFileSync(path.join(dir, 'test_batch.bin'), batch(test));
  fs.writeFileSync(path.join(dir, 'batches.meta.txt'), `${CIFAR_NAMES.join('\n')}\n`);
}

export function writeSvhn(dir: string, train: number, test: number, rng: Rng, extra = 0): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = (count: number): Buffer => {
    // X is 32x32x3xN column-major: index row + 32 col + 1024 ch + 3072 n.
    const x = new Uint8Array(3 * PIXELS * count);
    const y = new Float64Array(count);
    for (let n = 0; n < count; n++) {
      const label = n % CLASSES;
      y[n] = label === 0 ? 10 : label;
      const planar = image(label, rng);
      for (let ch = 0; ch < 3; ch++) {
        for (let row = 0; row < SIDE; row++) {
          for (let col = 0; col < SIDE; col++) x[row + SIDE * col + PIXELS * ch + 3 * PIXELS * n] = planar[ch * PIXELS + row * SIDE + col];
        }
      }
    }
    return matFile([
      { name: 'X', classId: MAT_CLASS.UINT8, dims: [SIDE, SIDE, 3, count], type: MI.UINT8, data: Buffer.from(x.buffer) },
      { name: 'y', classId: MAT_CLASS.DOUBLE, dims: [count, 1], type: MI.DOUBLE, data: Buffer.from(y.buffer) },
    ]);
  };
  fs.writeFileSync(path.join(dir, 'train_32x32.mat'), file(train));
  fs.writeFileSync(path.join(dir, 'test_32x32.mat'), file(test));
  if (extra > 0) fs.writeFileSync(path.join(dir, 'extra_32x32.mat'), file(extra));
}

/** Element types and array classes of the level-5 format. */
const MI = { INT8: 1, UINT8: 2, INT32: 5, UINT32: 6, DOUBLE: 9, MATRIX: 14, COMPRESSED: 15 } as const;
const MAT_CLASS = { DOUBLE: 6, UINT8: 9 } as const;

interface MatVariable {
  name: string;
  classId: number;
  dims: number[];
  type: number;
  data: Buffer;
}

/** Little-endian level-5 MAT-file: 128-byte header, then one compressed miMATRIX per variable. */
function matFile(variables: MatVariable[]): Buffer {
  const header = Buffer.alloc(128, ' ');
  header.write('MATLAB 5.0 MAT-file, Platform: ssgan synthetic data', 0, 'latin1');
  header.fill(0, 116, 124);
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const parts = variables.map((v) => {
    const matrix = element(MI.MATRIX, Buffer.concat([
      element(MI.UINT32, u32([v.classId, 0])),
      element(MI.INT32, u32(v.dims)),
      element(MI.INT8, Buffer.from(v.name, 'latin1')),
      element(v.type, v.data),
    ]));
    const deflated = zlib.deflateSync(matrix);
    return Buffer.concat([u32([MI.COMPRESSED, deflated.length]), deflated]);
  });
  return Buffer.concat([header, ...parts]);
}

/** Tag, data, padding to 8 bytes. */
function element(type: number, data: Buffer): Buffer {
  return Buffer.concat([u32([type, data.length]), data, Buffer.alloc((8 - (data.length % 8)) % 8)]);
}

function u32(values: number[]): Buffer {
  const out = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => out.writeUInt32LE(v >>> 0, 4 * i));
  return out;
}

if (require.main === module) main();
