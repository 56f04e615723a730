/** A small stderr progress bar: redrawn in place on a TTY, occasional plain lines otherwise. */
export class Progress {
  private done = 0;
  private lastLine = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  tick(n = 1): void {
    this.done += n;
    this.draw(false);
  }

  finish(): void {
    this.done = this.total;
    this.draw(true);
    if (this.tty) process.stderr.write("\n");
  }

  private draw(force: boolean): void {
    const frac = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const now = Date.now();
    if (this.tty) {
      if (!force && now - this.lastLine < 100) return;
      const width = 30;
      const full = Math.round(frac * width);
      const bar = `${"#".repeat(full)}${"-".repeat(width - full)}`;
      process.stderr.write(`\r${this.label} [${bar}] ${this.done}/${this.total}`);
    } else {
      // Plain logs get a line every 10 s at most, so CI output stays short.
      if (!force && now - this.lastLine < 10_000) return;
      process.stderr.write(`${this.label}: ${this.done}/${this.total} (${Math.round(frac * 100)}%)\n`);
    }
    this.lastLine = now;
  }
}
