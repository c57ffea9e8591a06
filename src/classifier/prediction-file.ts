/**
 * The predictions file, written row by row as batches finish (memory holds one batch) into a
 * temporary file that is renamed into place only when complete: a file under the final name is
 * always whole. CSV by default, JSON (an array of objects) for a `.json` name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClassifierOutput } from './classifier';

export class PredictionFile {
  private readonly json: boolean;
  private readonly temporary: string;
  private readonly stream: fs.WriteStream;
  private rows = 0;
  /** A write error (a full disk, say), kept so the next call rejects with it instead of the process dying. */
  private failure: Error | undefined;

  constructor(readonly file: string, private readonly classNames: readonly string[], private readonly withGenerated: boolean) {
    this.json = file.toLowerCase().endsWith('.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.temporary = `${file}.${process.pid}.tmp`;
    this.stream = fs.createWriteStream(this.temporary);
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
    if (!this.json) {
      const columns = ['input', 'predicted', 'confidence', ...classNames.map((c) => `p_${c}`), ...(withGenerated ? ['generated'] : [])];
      this.stream.write(`${columns.map(csvCell).join(',')}\n`);
    }
  }

  /** Appends one batch; resolves once the stream can take more (so a slow disk slows predict, not memory). */
  async append(names: readonly string[], output: ClassifierOutput): Promise<void> {
    if (this.failure) throw this.failure;
    const k = this.classNames.length;
    const lines: string[] = [];
    names.forEach((name, i) => {
      const p = output.probabilities.subarray(i * k, (i + 1) * k);
      const best = argMax(p);
      const generated = output.generated?.[i];
      if (this.json) {
        const row = {
          input: name,
          predicted: this.classNames[best],
          confidence: round(p[best]),
          probabilities: Object.fromEntries(this.classNames.map((c, j) => [c, round(p[j])])),
          ...(this.withGenerated && { generated: round(generated!) }),
        };
        lines.push(`${this.rows + i === 0 ? '[\n' : ',\n'}  ${JSON.stringify(row)}`);
      } else {
        const cells = [name, this.classNames[best], ...[p[best], ...p].map(round), ...(this.withGenerated ? [round(generated!)] : [])];
        lines.push(`${cells.map((c) => csvCell(String(c))).join(',')}\n`);
      }
    });
    this.rows += names.length;
    if (!this.stream.write(lines.join(''))) await new Promise<void>((resolve) => this.stream.once('drain', resolve).once('close', resolve));
    if (this.failure) throw this.failure;
  }

  /** Finishes the file and renames it into place. */
  async commit(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.json) this.stream.write(this.rows === 0 ? '[]\n' : '\n]\n');
    await new Promise<void>((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(this.temporary, this.file);
  }

  /**
   * Drops the temporary file (after an error): nothing half-written remains. The stream opens its
   * file asynchronously, so the file is removed only once the stream has closed; a write still
   * pending then fails with an error the listener set in the constructor takes.
   */
  async abort(): Promise<void> {
    if (!this.stream.closed) {
      await new Promise<void>((resolve) => {
        this.stream.once('close', () => resolve());
        this.stream.destroy();
      });
    }
    fs.rmSync(this.temporary, { force: true });
  }
}

export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

/** Six significant digits: what float32 probabilities hold. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
