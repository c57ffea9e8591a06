/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST): a big-endian header of two zero bytes,
 * a type code, the number of dimensions, then one uint32 per dimension, then the data. Files may
 * be gzip-compressed.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { DatasetFormatError } from '../core/errors';

/** Type code of unsigned bytes, the only element type MNIST uses. */
const UBYTE = 0x08;
export const IDX_IMAGES_MAGIC = 0x0803; // 2051: ubyte, 3 dimensions
export const IDX_LABELS_MAGIC = 0x0801; // 2049: ubyte, 1 dimension

export interface IdxArray {
  readonly file: string;
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/** Reads and validates one IDX file of unsigned bytes; `expectedMagic` checks type and rank. */
export function readIdxFile(file: string, expectedMagic: number): IdxArray {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (err) {
    throw new DatasetFormatError(file, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = zlib.gunzipSync(raw);
    } catch (err) {
      throw new DatasetFormatError(file, `corrupt gzip data (${(err as Error).message})`);
    }
  }
  return parseIdx(file, raw, expectedMagic);
}

export function parseIdx(file: string, raw: Buffer, expectedMagic: number): IdxArray {
  if (raw.length < 4) throw new DatasetFormatError(file, `truncated: ${raw.length} bytes, no IDX header`);
  const magic = raw.readUInt32BE(0);
  if (magic !== expectedMagic) {
    throw new DatasetFormatError(
      file,
      `wrong magic number ${magic} (0x${magic.toString(16).padStart(8, '0')}); expected ${expectedMagic} for an IDX ` +
        `${expectedMagic === IDX_IMAGES_MAGIC ? 'image' : 'label'} file`,
    );
  }
  if (raw[2] !== UBYTE) throw new DatasetFormatError(file, `element type 0x${raw[2].toString(16)} is not unsigned byte`);
  const rank = raw[3];
  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) throw new DatasetFormatError(file, `truncated header: ${raw.length} bytes`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(raw.readUInt32BE(4 + 4 * i));
  if (dims.some((d) => d === 0)) throw new DatasetFormatError(file, `a dimension is zero: [${dims.join(', ')}]`);
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = raw.length - headerBytes;
  if (actual !== expected) {
    throw new DatasetFormatError(
      file,
      `${actual < expected ? 'truncated' : 'trailing bytes'}: header says [${dims.join(', ')}] = ${expected} bytes of data, file has ${actual}`,
    );
  }
  return { file, dims, data: new Uint8Array(raw.buffer, raw.byteOffset + headerBytes, expected) };
}
