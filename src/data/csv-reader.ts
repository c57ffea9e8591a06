/**
 * Streams one CSV file of images (one row per image: an optional label cell and the pixel cells)
 * into host arrays, reporting any fault with the file, line and column.
 */
import * as fs from 'node:fs';
import { parse } from 'csv-parse';
import { DatasetFormatError } from '../core/errors';
import { type ImageShape, type OptionReader, show } from './options';
import { ProgressLine } from './progress';

export interface CsvLayout {
  /** Label column: a header name, or an index (negative counts from the end); undefined: 'label' or the first. */
  readonly label?: string | number;
  readonly header: boolean | 'auto';
  readonly delimiter: string;
  /** Columns that are neither label nor pixel (an id, say), by header name or index. */
  readonly ignoreColumns: readonly (string | number)[];
  /** Pixel value that means full intensity (255 for bytes, 1 for pre-scaled data). */
  readonly pixelMax: number;
  readonly progress: boolean;
}

export interface CsvTable {
  readonly file: string;
  /** Label cell of every row, as written; empty for a file without labels. */
  readonly rawLabels: string[];
  /** Row-major pixels, rescaled to [0, 255]. */
  readonly pixels: Float32Array;
  readonly count: number;
  readonly pixelsPerRow: number;
}

/**
 * Reads `file`. With `labeled` false the file may lack the label column (as Kaggle's test.csv
 * does). `pixelsPerRow`, when known from another file or the shape, is checked against the file.
 */
export async function readCsvFile(file: string, layout: CsvLayout, labeled: boolean, pixelsPerRow?: number): Promise<CsvTable> {
  const chunks: CsvChunk[] = [];
  for await (const chunk of readCsvChunks(file, layout, labeled, pixelsPerRow)) chunks.push(chunk);
  const perRow = chunks[0].pixelsPerRow;
  const count = chunks.reduce((n, c) => n + c.count, 0);
  const pixels = new Float32Array(count * perRow);
  let offset = 0;
  for (const chunk of chunks) {
    pixels.set(chunk.pixels, offset);
    offset += chunk.pixels.length;
  }
  return { file, rawLabels: chunks.flatMap((c) => c.rawLabels), pixels, count, pixelsPerRow: perRow };
}

/** Rows of a CSV file, at most `chunkRows` at a time. */
export interface CsvChunk extends CsvTable {
  /** Line of the chunk's first row in the file. */
  readonly firstLine: number;
}

/**
 * Streams `file` in chunks of `chunkRows` rows: memory holds one chunk, whatever the file's size.
 * A label column, when the file has one, fills `rawLabels` even when `labeled` is false.
 */
export async function* readCsvChunks(file: string, layout: CsvLayout, labeled: boolean, pixelsPerRow?: number, chunkRows = CHUNK_ROWS): AsyncGenerator<CsvChunk> {
  const size = fileSize(file);
  const stream = fs.createReadStream(file);
  const parser = stream.pipe(
    parse({ delimiter: layout.delimiter, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  stream.on('error', (err) => parser.destroy(err));
  const progress = new ProgressLine(`csv ${file}`, size, 'bytes', layout.progress && size > 10e6 ? process.stderr : null);
  const rows = new RowSink(file, layout, labeled, chunkRows, pixelsPerRow);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      rows.add(record, info.lines);
      if (rows.count % 1000 === 0) progress.update(stream.bytesRead);
      if (rows.full) yield rows.take();
    }
  } catch (err) {
    if (err instanceof DatasetFormatError) throw err;
    throw new DatasetFormatError(file, `not readable as CSV: ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
  progress.done();
  rows.checkNotEmpty();
  if (rows.pending > 0) yield rows.take();
}

function fileSize(file: string): number {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new DatasetFormatError(file, 'is not a file');
    return stat.size;
  } catch (err) {
    if (err instanceof DatasetFormatError) throw err;
    throw new DatasetFormatError(file, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** Rows per chunk: bounds the memory a chunk takes and the copies a growing table makes. */
const CHUNK_ROWS = 4096;

class RowSink {
  /** Rows read so far. */
  count = 0;
  /** Rows in the current chunk. */
  pending = 0;
  private columns?: { label: number; pixels: Int32Array; width: number; names?: string[]; firstLine: number };
  private rawLabels: string[] = [];
  private chunk?: Float32Array;
  private chunkLine = 0;

  constructor(
    private readonly file: string,
    private readonly layout: CsvLayout,
    private readonly labeled: boolean,
    private readonly chunkRows: number,
    private readonly expectedPixels?: number,
  ) {}

  get full(): boolean {
    return this.pending === this.chunkRows;
  }

  add(cells: string[], line: number): void {
    if (!this.columns) {
      const isHeader = this.layout.header === 'auto' ? looksLikeHeader(cells) : this.layout.header;
      this.columns = this.resolveColumns(cells, isHeader, line);
      if (isHeader) return;
    }
    const { label, pixels, width, names, firstLine } = this.columns;
    if (cells.length !== width) {
      throw this.fault(line, `${cells.length} cells, expected ${width} like line ${firstLine}`);
    }
    if (this.pending === 0) {
      this.chunk = new Float32Array(this.chunkRows * pixels.length);
      this.chunkLine = line;
    }
    const out = this.chunk!;
    const slot = this.pending;
    const toBytes = 255 / this.layout.pixelMax;
    for (let j = 0; j < pixels.length; j++) {
      const column = pixels[j];
      const cell = cells[column];
      const value = cell === '' ? NaN : Number(cell);
      if (!(value >= 0 && value <= this.layout.pixelMax)) {
        const where = `column ${column + 1}${names ? ` (${names[column]})` : ''}`;
        const fault = Number.isFinite(value) ? `is outside 0..${this.layout.pixelMax} (set pixelMax if the data uses another range)` : 'is not a number';
        throw this.fault(line, `${where}: pixel value ${JSON.stringify(cell)} ${fault}`);
      }
      out[slot * pixels.length + j] = value * toBytes;
    }
    if (label >= 0) {
      if (cells[label] === '' && this.labeled) throw this.fault(line, `column ${label + 1}: the label is empty`);
      this.rawLabels.push(cells[label]);
    }
    this.count++;
    this.pending++;
  }

  checkNotEmpty(): void {
    if (!this.columns) throw new DatasetFormatError(this.file, 'is empty: no rows');
    if (this.count === 0) throw new DatasetFormatError(this.file, 'has a header row but no data rows');
  }

  /** The rows since the last take. */
  take(): CsvChunk {
    const perRow = this.columns!.pixels.length;
    const chunk: CsvChunk = {
      file: this.file,
      rawLabels: this.rawLabels,
      pixels: this.chunk!.subarray(0, this.pending * perRow),
      count: this.pending,
      pixelsPerRow: perRow,
      firstLine: this.chunkLine,
    };
    this.rawLabels = [];
    this.pending = 0;
    return chunk;
  }

  /** Which cell is the label and which are pixels, from the first row. */
  private resolveColumns(cells: string[], isHeader: boolean, line: number) {
    const width = cells.length;
    const names = isHeader ? cells : undefined;
    const ignored = new Set(this.layout.ignoreColumns.map((c) => this.columnIndex(c, names, width, line, 'ignoreColumns')));
    let label = this.labelColumn(names, width, line);
    // A file meant to be unlabeled may still carry the label column; it is then simply dropped.
    if (!this.labeled && label >= 0 && !names && this.expectedPixels !== undefined && width - ignored.size === this.expectedPixels) label = -1;
    // ... and a headerless one with one cell more than the pixels carries it first, as labeled files do.
    if (!this.labeled && label < 0 && this.layout.label === undefined && !names && width - ignored.size === (this.expectedPixels ?? NaN) + 1) label = 0;
    const pixels = Int32Array.from({ length: width }, (_, i) => i).filter((i) => i !== label && !ignored.has(i));
    if (this.expectedPixels !== undefined && pixels.length !== this.expectedPixels) {
      throw this.fault(line, `${pixels.length} pixel columns, expected ${this.expectedPixels} (from the image shape or the training file)`);
    }
    if (pixels.length === 0) throw this.fault(line, 'no pixel columns');
    return { label, pixels, width, names, firstLine: isHeader ? line + 1 : line };
  }

  private labelColumn(names: string[] | undefined, width: number, line: number): number {
    const option = this.layout.label;
    if (option !== undefined) {
      if (!this.labeled && names && typeof option === 'string' && !names.includes(option)) return -1;
      return this.columnIndex(option, names, width, line, 'label');
    }
    if (!names) return this.labeled ? 0 : -1;
    const found = names.findIndex((n) => n.toLowerCase() === 'label');
    if (found >= 0 || !this.labeled) return found;
    throw this.fault(line, `the header has no 'label' column; set the option 'label' to the label column's name or index (a file with no labels, like Kaggle's test.csv, goes in the option 'unlabeled')`);
  }

  private columnIndex(column: string | number, names: string[] | undefined, width: number, line: number, option: string): number {
    if (typeof column === 'number') {
      const index = column < 0 ? width + column : column;
      if (index < 0 || index >= width) throw this.fault(line, `option '${option}' is column ${column}, but rows have ${width} cells`);
      return index;
    }
    if (!names) throw this.fault(line, `option '${option}' names column '${column}', but the file has no header row`);
    const index = names.indexOf(column);
    if (index < 0) throw this.fault(line, `option '${option}' names column '${column}', not in the header (${preview(names)})`);
    return index;
  }

  private fault(line: number, message: string): DatasetFormatError {
    return new DatasetFormatError(this.file, `line ${line}: ${message}`);
  }
}

/** A first row is a header when most of its cells are not numbers. */
function looksLikeHeader(cells: string[]): boolean {
  const words = cells.filter((c) => c === '' || !Number.isFinite(Number(c))).length;
  return words * 2 > cells.length;
}

function preview(names: string[]): string {
  return names.length > 6 ? `${names.slice(0, 5).join(', ')}, ... ${names.length} columns` : names.join(', ');
}

/** The layout options of a csv dataset (label, header, delimiter, ignoreColumns, pixelMax, progress). */
export function csvLayout(o: OptionReader): CsvLayout {
  const label = o.options.label;
  if (label !== undefined && !(typeof label === 'string' && label !== '') && !Number.isInteger(label)) {
    throw o.error('label', `must be a column name or an integer index (negative counts from the end), got ${show(label)}`);
  }
  const header = o.options.header ?? 'auto';
  if (header !== 'auto' && typeof header !== 'boolean') throw o.error('header', `must be true, false or "auto", got ${show(header)}`);
  if (typeof label === 'string' && header === false) throw o.error('label', `names a column ('${label}') but header is false`);
  const ignoreColumns = o.options.ignoreColumns ?? [];
  if (!Array.isArray(ignoreColumns) || ignoreColumns.some((c) => !(typeof c === 'string' || Number.isInteger(c)))) {
    throw o.error('ignoreColumns', `must be a list of column names or indices, got ${show(ignoreColumns)}`);
  }
  const delimiter = o.string('delimiter') ?? ',';
  return {
    label: label as string | number | undefined,
    header: typeof label === 'string' && header === 'auto' ? true : header,
    delimiter,
    ignoreColumns: ignoreColumns as (string | number)[],
    pixelMax: o.number('pixelMax', 255, { min: Number.MIN_VALUE }),
    progress: o.boolean('progress', true),
  };
}

/** CHW rows (all red, then all green, ...) to the HWC order tensors use. */
export function planarToInterleaved(pixels: Float32Array, shape: ImageShape): Float32Array {
  const [h, w, c] = shape;
  const plane = h * w;
  const perImage = plane * c;
  if (pixels.length % perImage !== 0) throw new DatasetFormatError('csv', `pixel count is not a multiple of ${perImage}`);
  const out = new Float32Array(pixels.length);
  for (let base = 0; base < pixels.length; base += perImage) {
    for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[base + p * c + k] = pixels[base + k * plane + p];
  }
  return out;
}
