/**
 * Writes a results record and what is generated from it into one folder: <name>.json, <name>.md
 * and <name>-curves-l<labels>.svg per row, each atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { readJson, writeFileAtomic } from '../store/files';
import { curvesFileName, rowCurvesSvg } from './curves-svg';
import { resultsMarkdown } from './page';
import type { ResultsRecord } from './record';

/** Writes `record` and its page and curves into `dir`; returns the files written. */
export function writeResults(dir: string, record: ResultsRecord): string[] {
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileAtomic(path.join(dir, name), text);
    written.push(path.join(dir, name));
  };
  // Curves before the record: a page never links a chart that is not there.
  for (const row of record.rows) {
    const svg = rowCurvesSvg(row);
    if (svg) write(curvesFileName(record.name, row), svg);
  }
  write(`${record.name}.json`, recordJson(record));
  write(`${record.name}.md`, resultsMarkdown(record));
  return written;
}

/** Rewrites the page and curves of a record file (`<dir>/<name>.json`) from it alone. */
export function regenerateFromRecord(file: string): string[] {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: missing`);
  const record = readJson<ResultsRecord>(file);
  if (!Array.isArray(record.rows) || typeof record.name !== 'string') throw new ConfigError(`${file}: not a results record`);
  return writeResults(path.dirname(file), record);
}

/** The record as indented JSON, with each array of numbers on one line (curves stay readable in a diff). */
export function recordJson(record: ResultsRecord): string {
  const text = JSON.stringify(record, null, 2).replace(/\[\n\s*((?:-?[\d.e+-]+|null)(?:,\n\s*(?:-?[\d.e+-]+|null))*)\n\s*\]/g, (_, items: string) =>
    `[${items.split(/,\n\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}
