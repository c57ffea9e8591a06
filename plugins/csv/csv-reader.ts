/**
 * Streams one CSV file of images (one row per image: an optional label cell and the pixel cells)
 * into host arrays, reporting any fault with the file, line and column.
 */
import * as fs from 'node:fs';
import { parse } from 'csv-parse';
import { DatasetFormatError } from '../../src/core/errors';
import { ProgressLine } from '../../src/data/progress';

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
  const size = fileSize(file);
  const stream = fs.createReadStream(file);
  const parser = stream.pipe(
    parse({ delimiter: layout.delimiter, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  stream.on('error', (err) => parser.destroy(err));
  const progress = new ProgressLine(`csv ${file}`, size, 'bytes', layout.progress && size > 10e6 ? process.stderr : null);
  const rows = new RowSink(file, layout, labeled, pixelsPerRow);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      rows.add(record, info.lines);
      if (rows.count % 1000 === 0) progress.update(stream.bytesRead);
    }
  } catch (err) {
    if (err instanceof DatasetFormatError) throw err;
    throw new DatasetFormatError(file, `not readable as CSV: ${(err as Error).message}`);
  }
  progress.done();
  return rows.finish();
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

/** Rows collected in fixed-size chunks, so a large file is never copied while it grows. */
const CHUNK_ROWS = 4096;

class RowSink {
  count = 0;
  private columns?: { label: number; pixels: Int32Array; width: number; names?: string[]; firstLine: number };
  private readonly rawLabels: string[] = [];
  private readonly chunks: Float32Array[] = [];

  constructor(
    private readonly file: string,
    private readonly layout: CsvLayout,
    private readonly labeled: boolean,
    private readonly expectedPixels?: number,
  ) {}

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
    const slot = this.count % CHUNK_ROWS;
    if (slot === 0) this.chunks.push(new Float32Array(CHUNK_ROWS * pixels.length));
    const out = this.chunks[this.chunks.length - 1];
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
    if (label >= 0 && this.labeled) {
      if (cells[label] === '') throw this.fault(line, `column ${label + 1}: the label is empty`);
      this.rawLabels.push(cells[label]);
    }
    this.count++;
  }

  finish(): CsvTable {
    if (!this.columns) throw new DatasetFormatError(this.file, 'is empty: no rows');
    if (this.count === 0) throw new DatasetFormatError(this.file, 'has a header row but no data rows');
    const perRow = this.columns.pixels.length;
    const pixels = new Float32Array(this.count * perRow);
    this.chunks.forEach((chunk, i) => {
      const rows = Math.min(CHUNK_ROWS, this.count - i * CHUNK_ROWS);
      pixels.set(chunk.subarray(0, rows * perRow), i * CHUNK_ROWS * perRow);
    });
    return { file: this.file, rawLabels: this.rawLabels, pixels, count: this.count, pixelsPerRow: perRow };
  }

  /** Which cell is the label and which are pixels, from the first row. */
  private resolveColumns(cells: string[], isHeader: boolean, line: number) {
    const width = cells.length;
    const names = isHeader ? cells : undefined;
    const ignored = new Set(this.layout.ignoreColumns.map((c) => this.columnIndex(c, names, width, line, 'ignoreColumns')));
    let label = this.labelColumn(names, width, line);
    // A file meant to be unlabeled may still carry the label column; it is then simply dropped.
    if (!this.labeled && label >= 0 && !names && this.expectedPixels !== undefined && width - ignored.size === this.expectedPixels) label = -1;
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
