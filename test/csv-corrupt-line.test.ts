/**
 * A corrupt line in the middle of a 100 MB CSV file: the run stops with one line naming the file
 * and the line, and keeps nothing that looks like data or a finished run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { ssgan } from './helpers/cli';
import { tempDir } from './helpers/own-data';

const TARGET_BYTES = 100e6;
const PIXELS = 784;

/** Writes a Kaggle-layout CSV of about TARGET_BYTES, a few MB at a time, with one bad cell in row `badRow`; returns the row count. */
function writeLargeCsv(file: string, badCell: (rows: number) => number): { rows: number; badRow: number } {
  const row = (i: number) => `${i % 10},${Array.from({ length: PIXELS }, (_, j) => (i * 31 + j * 7) % 256).join(',')}\n`;
  const block = Array.from({ length: 1000 }, (_, i) => row(i)).join('');
  const blocks = Math.ceil(TARGET_BYTES / block.length);
  const rows = blocks * 1000;
  const badRow = badCell(rows);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `label,${Array.from({ length: PIXELS }, (_, j) => `pixel${j}`).join(',')}\n`);
    for (let b = 0; b < blocks; b++) {
      if (Math.floor(badRow / 1000) !== b) {
        fs.writeSync(fd, block);
        continue;
      }
      const lines = block.split('\n');
      const cells = lines[badRow % 1000].split(',');
      cells[4] = '7x';
      lines[badRow % 1000] = cells.join(',');
      fs.writeSync(fd, lines.join('\n'));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { rows, badRow };
}

test('a corrupt line in the middle of a 100 MB CSV names the file and the line, and leaves no data and no finished-looking run', (t) => {
  const dir = tempDir('csv-corrupt');
  const file = path.join(dir, 'big.csv');
  const { rows, badRow } = writeLargeCsv(file, (n) => Math.floor(n / 2) + 123);
  t.true(fs.statSync(file).size >= TARGET_BYTES, `${fs.statSync(file).size} bytes`);
  const line = badRow + 2; // the header is line 1

  const reports = path.join(dir, 'reports');
  const r = ssgan(['run', '--dataset', file, '--run-id', 'big', '--reports', reports, '--backend', 'wasm', '--jobs', '1', '--epochs', '1']);
  t.is(r.status, 1, r.stderr);
  t.is(r.stderr.split('\n').filter((l) => l.startsWith('ssgan run:')).join('\n'), `ssgan run: ${file}: line ${line}: column 5 (pixel3): pixel value "7x" is not a number`);
  t.notRegex(r.stderr, /^\s+at /m, 'no stack trace');
  t.true(line > rows / 2 && line < rows, `line ${line} of ${rows + 1} lies in the second half`);

  // Nothing kept: the run folder says failed and holds no seed, summary or report; the data folder holds only the file.
  const run = path.join(reports, 'big');
  const status = JSON.parse(fs.readFileSync(path.join(run, 'status.json'), 'utf8'));
  t.is(status.state, 'failed');
  t.regex(status.error, new RegExp(`big\\.csv: line ${line}:`));
  t.deepEqual(fs.readdirSync(run).sort(), ['config.json', 'status.json']);
  t.deepEqual(fs.readdirSync(dir).sort(), ['big.csv', 'reports']);
});
