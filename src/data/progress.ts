/**
 * A progress line on stderr for slow loads: rewritten in place on a terminal, and printed at every
 * tenth otherwise (so CI logs stay short).
 */
export class ProgressLine {
  private lastTenth = -1;
  private lastDrawMs = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    /** 'bytes' counts are shown in MB. */
    private readonly unit: 'items' | 'bytes' = 'items',
    private readonly stream: NodeJS.WriteStream | null = process.stderr,
  ) {}

  update(done: number): void {
    if (!this.stream || this.total <= 0) return;
    if (this.stream.isTTY) {
      const now = Date.now();
      // Redrawing more than ~10 times a second costs time and shows nothing more.
      if (now - this.lastDrawMs < 100 && done < this.total) return;
      this.lastDrawMs = now;
      this.stream.write(`\r${this.text(done)}`);
      return;
    }
    const tenth = Math.floor((10 * done) / this.total);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.stream.write(`${this.text(done)}\n`);
  }

  done(note = ''): void {
    if (!this.stream || this.total <= 0) return;
    if (this.stream.isTTY) this.stream.write(`\r${this.text(this.total)}${note}\n`);
    else if (note) this.stream.write(`${this.label}:${note}\n`);
  }

  private text(done: number): string {
    const amount = (n: number) => (this.unit === 'bytes' ? `${(n / 1e6).toFixed(1)} MB` : String(n));
    return `${this.label}: ${amount(done)}/${amount(this.total)} (${Math.floor((100 * done) / this.total)}%)`;
  }
}
