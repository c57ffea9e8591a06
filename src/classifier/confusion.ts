/**
 * Accuracy on labelled inputs: the confusion matrix (rows: true class, columns: predicted),
 * per-class precision and recall, as text for the terminal, CSV, and an HTML page with a picture.
 */
import { argMax } from './prediction-file';

/** One off-diagonal cell of a confusion matrix: inputs of `trueClass` predicted as `predicted`. */
export interface Confusion {
  readonly trueClass: string;
  readonly predicted: string;
  readonly count: number;
}

export class ConfusionMatrix {
  /** counts[t * K + p]: inputs of true class t predicted as p. */
  readonly counts: Int32Array;

  constructor(readonly classNames: readonly string[]) {
    this.counts = new Int32Array(classNames.length ** 2);
  }

  /** The matrix of [N, K] class probabilities (row by row) against N labels: each row's most probable class. */
  static fromProbabilities(classNames: readonly string[], probabilities: Float32Array, labels: Int32Array): ConfusionMatrix {
    const k = classNames.length;
    if (probabilities.length !== labels.length * k) throw new RangeError(`${probabilities.length} probabilities for ${labels.length} labels of ${k} classes`);
    const matrix = new ConfusionMatrix(classNames);
    for (let i = 0; i < labels.length; i++) matrix.add(labels[i], argMax(probabilities.subarray(i * k, (i + 1) * k)));
    return matrix;
  }

  add(trueClass: number, predicted: number): void {
    this.counts[trueClass * this.classNames.length + predicted] += 1;
  }

  get total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  get correct(): number {
    const k = this.classNames.length;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += this.counts[c * k + c];
    return sum;
  }

  get accuracy(): number {
    return this.total === 0 ? NaN : this.correct / this.total;
  }

  /** The `n` largest off-diagonal cells, largest first: where the classifier's errors concentrate. */
  largestConfusions(n: number): Confusion[] {
    const k = this.classNames.length;
    const cells: Confusion[] = [];
    for (let t = 0; t < k; t++) {
      for (let p = 0; p < k; p++) {
        const count = this.counts[t * k + p];
        if (t !== p && count > 0) cells.push({ trueClass: this.classNames[t], predicted: this.classNames[p], count });
      }
    }
    // A stable sort keeps ties in row-major order, so the list is the same on every machine.
    return cells.sort((a, b) => b.count - a.count).slice(0, n);
  }

  /** Per class: inputs of it (support), recall (found of them) and precision (right of those predicted as it). */
  perClass(): { name: string; support: number; recall: number; precision: number }[] {
    const k = this.classNames.length;
    return this.classNames.map((name, c) => {
      let support = 0;
      let predicted = 0;
      for (let j = 0; j < k; j++) {
        support += this.counts[c * k + j];
        predicted += this.counts[j * k + c];
      }
      const hit = this.counts[c * k + c];
      return { name, support, recall: support ? hit / support : NaN, precision: predicted ? hit / predicted : NaN };
    });
  }

  /** The accuracy line, the per-class table and the matrix, for the terminal. */
  text(): string {
    const k = this.classNames.length;
    const width = Math.max(5, ...this.classNames.map((n) => n.length), String(Math.max(...this.counts)).length);
    const pad = (s: string) => s.padStart(width);
    const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(2)}%`);
    const lines = [`accuracy: ${pct(this.accuracy)} (${this.correct} of ${this.total} labelled inputs)`, '', `${pad('class')}  ${'inputs'.padStart(7)}  ${'recall'.padStart(8)}  ${'precision'.padStart(9)}`];
    for (const row of this.perClass()) lines.push(`${pad(row.name)}  ${String(row.support).padStart(7)}  ${pct(row.recall).padStart(8)}  ${pct(row.precision).padStart(9)}`);
    lines.push('', 'confusion matrix (rows: true class, columns: predicted):', `${pad('')} ${this.classNames.map(pad).join(' ')}`);
    for (let t = 0; t < k; t++) lines.push(`${pad(this.classNames[t])} ${Array.from(this.counts.subarray(t * k, (t + 1) * k), (n) => pad(String(n))).join(' ')}`);
    return lines.join('\n');
  }

  csv(): string {
    const k = this.classNames.length;
    const cell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = [['true \\ predicted', ...this.classNames].map(cell).join(',')];
    for (let t = 0; t < k; t++) rows.push([cell(this.classNames[t]), ...this.counts.subarray(t * k, (t + 1) * k)].join(','));
    return `${rows.join('\n')}\n`;
  }

  /** A page with the matrix as a picture (cell shade: share of the true class) and the per-class table. */
  html(title: string, predictionsFile: string): string {
    const k = this.classNames.length;
    const cellSize = Math.max(18, Math.min(48, Math.floor(560 / k)));
    const labelWidth = 12 + 8 * Math.max(...this.classNames.map((n) => n.length));
    const size = labelWidth + k * cellSize;
    const rows = this.perClass();
    const cells: string[] = [];
    for (let t = 0; t < k; t++) {
      for (let p = 0; p < k; p++) {
        const n = this.counts[t * k + p];
        const share = rows[t].support ? n / rows[t].support : 0;
        const colour = t === p ? `rgba(22, 120, 60, ${0.1 + 0.9 * share})` : `rgba(190, 40, 40, ${share === 0 ? 0 : 0.15 + 0.85 * share})`;
        const x = labelWidth + p * cellSize;
        const y = labelWidth + t * cellSize;
        cells.push(`<rect x="${x}" y="${y}" width="${cellSize}" height="${cellSize}" fill="${colour}" stroke="#ddd"><title>true ${escape(this.classNames[t])}, predicted ${escape(this.classNames[p])}: ${n}</title></rect>`);
        if (n > 0 && cellSize >= 24) cells.push(`<text x="${x + cellSize / 2}" y="${y + cellSize / 2 + 4}" text-anchor="middle" font-size="11">${n}</text>`);
      }
    }
    const axis = this.classNames.map((name, i) => {
      const mid = labelWidth + i * cellSize + cellSize / 2;
      return `<text x="${labelWidth - 4}" y="${mid + 4}" text-anchor="end" font-size="12">${escape(name)}</text><text x="${mid}" y="${labelWidth - 4}" text-anchor="start" font-size="12" transform="rotate(-60 ${mid} ${labelWidth - 4})">${escape(name)}</text>`;
    });
    const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(2)}%`);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right;border-bottom:1px solid #eee}</style></head>
<body><h1>${escape(title)}</h1>
<p id="accuracy">accuracy: <b>${pct(this.accuracy)}</b> (${this.correct} of ${this.total} labelled inputs); predictions: <a href="${escape(predictionsFile)}">${escape(predictionsFile)}</a>, matrix: <a href="confusion.csv">confusion.csv</a></p>
<h2>Confusion matrix</h2><p>Rows: true class; columns: predicted class. Shade: share of the true class.</p>
<svg id="confusion" xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" data-total="${this.total}">${axis.join('')}${cells.join('')}</svg>
<h2>Per class</h2><table><tr><th>class</th><th>inputs</th><th>recall</th><th>precision</th></tr>
${rows.map((r) => `<tr><td>${escape(r.name)}</td><td>${r.support}</td><td>${pct(r.recall)}</td><td>${pct(r.precision)}</td></tr>`).join('\n')}
</table></body></html>
`;
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
