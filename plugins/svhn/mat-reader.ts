/**
 * Reads the subset of MATLAB level-5 MAT-files that SVHN's official files use: a 128-byte header,
 * then data elements, each variable an miMATRIX (possibly inside a zlib-compressed miCOMPRESSED
 * element) holding a real, non-sparse numeric array stored column-major.
 *
 * Written here because the one level-5 reader on npm (mat-for-js) is GPL-licensed and turns arrays
 * into nested JavaScript numbers, which SVHN's 225 MB pixel array cannot afford.
 */
import { constants as bufferConstants } from 'node:buffer';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { DatasetFormatError } from '../../src/core/errors';

/** A numeric variable: its MATLAB class, dimensions and values in column-major order. */
export interface MatArray {
  readonly name: string;
  /** 'uint8', 'double', ... */
  readonly className: string;
  readonly dims: readonly number[];
  /** Values as stored (MATLAB may store a double array in a smaller integer type). */
  readonly data: Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
}

/** Variables of a MAT-file; unsupported ones (cells, structs, sparse, complex) are listed by fault. */
export interface MatFile {
  readonly file: string;
  readonly arrays: ReadonlyMap<string, MatArray>;
  readonly unsupported: ReadonlyMap<string, string>;
}

const HEADER_BYTES = 128;
const TAG_BYTES = 8;
const MI_INT8 = 1;
const MI_UINT32 = 6;
const MI_INT32 = 5;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const COMPLEX_FLAG = 0x0800;

/** Data types of stored values: element type -> bytes per value and typed-array reader. */
const NUMERIC_TYPES: Record<number, { bytes: number; read: (view: DataView, offset: number, count: number, le: boolean) => MatArray['data'] }> = {
  1: { bytes: 1, read: (v, o, n) => new Int8Array(v.buffer.slice(v.byteOffset + o, v.byteOffset + o + n)) },
  2: { bytes: 1, read: (v, o, n) => new Uint8Array(v.buffer, v.byteOffset + o, n) },
  3: { bytes: 2, read: (v, o, n, le) => fill(new Int16Array(n), (i) => v.getInt16(o + 2 * i, le)) },
  4: { bytes: 2, read: (v, o, n, le) => fill(new Uint16Array(n), (i) => v.getUint16(o + 2 * i, le)) },
  5: { bytes: 4, read: (v, o, n, le) => fill(new Int32Array(n), (i) => v.getInt32(o + 4 * i, le)) },
  6: { bytes: 4, read: (v, o, n, le) => fill(new Uint32Array(n), (i) => v.getUint32(o + 4 * i, le)) },
  7: { bytes: 4, read: (v, o, n, le) => fill(new Float32Array(n), (i) => v.getFloat32(o + 4 * i, le)) },
  9: { bytes: 8, read: (v, o, n, le) => fill(new Float64Array(n), (i) => v.getFloat64(o + 8 * i, le)) },
};

/** MATLAB array classes (mxCLASS ids) that hold plain numbers. */
const NUMERIC_CLASSES: Record<number, string> = {
  6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32',
};
const OTHER_CLASSES: Record<number, string> = { 1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 14: 'int64', 15: 'uint64' };

/** Reads and parses a whole MAT-file. */
export function readMatFile(file: string): MatFile {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatasetFormatError(file, code === 'ENOENT' ? 'missing' : `cannot read file (${code ?? (err as Error).message})`);
  }
  return parseMat(file, raw);
}

export function parseMat(file: string, raw: Buffer): MatFile {
  const fault = (message: string): never => {
    throw new DatasetFormatError(file, message);
  };
  if (raw.length < HEADER_BYTES) fault(`truncated: ${raw.length} bytes, shorter than the 128-byte MAT-file header`);
  const text = raw.toString('latin1', 0, 116);
  if (text.startsWith('MATLAB 7.3')) fault('a MATLAB 7.3 (HDF5) MAT-file; only level-5 files (MATLAB 5 to 7) are read');
  if (!text.startsWith('MATLAB 5.0 MAT-file')) fault("not a level-5 MAT-file (the header does not start with 'MATLAB 5.0 MAT-file')");
  const endian = raw.toString('latin1', 126, 128);
  if (endian !== 'IM' && endian !== 'MI') fault(`bad endian indicator '${endian}' in the header`);
  const le = endian === 'IM';
  const arrays = new Map<string, MatArray>();
  const unsupported = new Map<string, string>();
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let offset = HEADER_BYTES;
  while (offset + TAG_BYTES <= raw.length) {
    const type = view.getUint32(offset, le);
    const size = view.getUint32(offset + 4, le);
    const start = offset + TAG_BYTES;
    if (start + size > raw.length) {
      fault(`truncated: the element at byte ${offset} claims ${size} bytes, only ${raw.length - start} remain`);
    }
    if (type === MI_COMPRESSED) {
      let inflated: Buffer;
      try {
        inflated = inflate(raw.subarray(start, start + size), le);
      } catch (err) {
        return fault(`corrupt compressed variable at byte ${offset} (${(err as Error).message})`);
      }
      readVariable(new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength), 0, le, arrays, unsupported, fault);
      offset = start + size;
    } else {
      if (type === MI_MATRIX) readVariable(view, offset, le, arrays, unsupported, fault);
      offset = start + padded(size);
    }
  }
  if (offset < raw.length) fault(`truncated: ${raw.length - offset} stray bytes at the end, too few for an element`);
  return { file, arrays, unsupported };
}

/** Parses the miMATRIX element whose tag is at `offset`. */
function readVariable(
  view: DataView, offset: number, le: boolean, arrays: Map<string, MatArray>, unsupported: Map<string, string>,
  fault: (message: string) => never,
): void {
  const where = (what: string): string => `variable at byte ${offset}: ${what}`;
  if (view.byteLength < offset + TAG_BYTES || view.getUint32(offset, le) !== MI_MATRIX) fault(where('not an miMATRIX element'));
  const end = offset + TAG_BYTES + view.getUint32(offset + 4, le);
  if (end > view.byteLength) fault(where('truncated'));
  const elements = subElements(view, offset + TAG_BYTES, end, le, (m) => fault(where(m)));
  if (elements.length < 3) fault(where('fewer than 3 sub-elements (flags, dimensions, name)'));
  const [flags, dimsElement, nameElement, real] = elements;
  if (flags.type !== MI_UINT32 || flags.size < 8) fault(where('array flags missing'));
  const flagWord = view.getUint32(flags.offset, le);
  const classId = flagWord & 0xff;
  if (dimsElement.type !== MI_INT32) fault(where('dimensions are not int32'));
  const dims = Array.from(fill(new Int32Array(dimsElement.size / 4), (i) => view.getInt32(dimsElement.offset + 4 * i, le)));
  if (nameElement.type !== MI_INT8) fault(where('name is not int8 text'));
  const name = Buffer.from(view.buffer, view.byteOffset + nameElement.offset, nameElement.size).toString('latin1');
  const className = NUMERIC_CLASSES[classId];
  if (!className) {
    unsupported.set(name, `a ${OTHER_CLASSES[classId] ?? `class-${classId}`} array`);
    return;
  }
  if (flagWord & COMPLEX_FLAG) {
    unsupported.set(name, 'a complex array');
    return;
  }
  if (!real) fault(where(`'${name}' has no data`));
  const stored = NUMERIC_TYPES[real.type];
  if (!stored) fault(where(`'${name}' stores its values as unsupported type ${real.type}`));
  const count = dims.reduce((a, b) => a * b, 1);
  if (real.size !== count * stored.bytes) {
    fault(where(`'${name}' has ${real.size} bytes of data for dimensions [${dims.join(', ')}] (${count * stored.bytes} expected)`));
  }
  arrays.set(name, { name, className, dims, data: stored.read(view, real.offset, count, le) });
}

interface Element {
  readonly type: number;
  readonly size: number;
  /** Byte offset of the element's data. */
  readonly offset: number;
}

/** The data elements between `begin` and `end`, in both the normal and the small (packed) format. */
function subElements(view: DataView, begin: number, end: number, le: boolean, fault: (message: string) => never): Element[] {
  const elements: Element[] = [];
  let offset = begin;
  while (offset + TAG_BYTES <= end) {
    const first = view.getUint32(offset, le);
    // Small element: size in the upper 16 bits, type in the lower, up to 4 data bytes in the tag.
    if (first >>> 16 !== 0) {
      elements.push({ type: first & 0xffff, size: first >>> 16, offset: offset + 4 });
      offset += TAG_BYTES;
      continue;
    }
    const size = view.getUint32(offset + 4, le);
    if (offset + TAG_BYTES + size > end) fault(`sub-element at byte ${offset} runs past the variable's end`);
    elements.push({ type: first, size, offset: offset + TAG_BYTES });
    offset += TAG_BYTES + padded(size);
  }
  return elements;
}

/**
 * Inflates a compressed variable into one buffer of its size, read from the miMATRIX tag its first
 * bytes hold: zlib's default growing chunks would briefly hold it twice (3.3 GB for SVHN's extra).
 */
function inflate(compressed: Buffer, le: boolean): Buffer {
  let size = 0;
  try {
    const head = zlib.inflateSync(compressed.subarray(0, 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    if (head.length >= TAG_BYTES) size = TAG_BYTES + new DataView(head.buffer, head.byteOffset, TAG_BYTES).getUint32(4, le);
  } catch {
    // A corrupt stream fails again below, with zlib's message.
  }
  // Deflate shrinks data at most about 1032-fold: a larger claim is a corrupt tag, not a size to allocate.
  const plausible = size > 0 && size <= Math.min(bufferConstants.MAX_LENGTH, 1032 * compressed.length + 1024);
  return zlib.inflateSync(compressed, plausible ? { chunkSize: Math.max(size, zlib.constants.Z_MIN_CHUNK) } : {});
}

/** Elements are padded to 8-byte boundaries. */
function padded(size: number): number {
  return Math.ceil(size / 8) * 8;
}

function fill<T extends { length: number; [i: number]: number }>(array: T, value: (i: number) => number): T {
  for (let i = 0; i < array.length; i++) array[i] = value(i);
  return array;
}
