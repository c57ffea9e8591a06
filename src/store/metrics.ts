/** Per-epoch metrics of one seed, kept in memory and mirrored to metrics.csv. */
import { writeFileAtomic } from './files';

export type MetricsRow = Record<string, number>;

export class MetricsTable {
  constructor(private readonly file: string, readonly rows: MetricsRow[] = []) {}

  append(row: MetricsRow): void {
    this.rows.push(row);
    writeFileAtomic(this.file, this.toCsv());
  }

  toCsv(): string {
    const columns = [...new Set(this.rows.flatMap((row) => Object.keys(row)))];
    const lines = this.rows.map((row) => columns.map((c) => (row[c] === undefined ? '' : formatNumber(row[c]))).join(','));
    return `${[columns.join(','), ...lines].join('\n')}\n`;
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
