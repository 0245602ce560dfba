import type { CliIo } from '../io.js';

/**
 * One live status line per item. On a terminal the block of lines is redrawn in place
 * (log lines print above it); elsewhere each change prints one line, so logs stay readable.
 */
export class StatusBoard {
  private readonly lines = new Map<string, string>();
  private drawn = 0;

  constructor(private readonly io: CliIo) {}

  /** Sets the status of `item` (printed as `item  status`). */
  set(item: string, status: string): void {
    if (this.lines.get(item) === status) return;
    this.lines.set(item, status);
    if (this.io.isTty) this.redraw();
    else this.io.stdout(`${item}  ${status}\n`);
  }

  /** Prints a line above the status block. */
  log(line: string): void {
    if (!this.io.isTty) {
      this.io.stdout(`${line}\n`);
      return;
    }
    this.clear();
    this.io.stdout(`${line}\n`);
    this.redraw();
  }

  private clear(): void {
    // Cursor to the start of the first status line, then erase to the end of the screen.
    if (this.drawn > 0) this.io.stdout(`\u001b[${this.drawn}F\u001b[0J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    const width = Math.max(0, ...[...this.lines.keys()].map((k) => k.length));
    // A line longer than the terminal would wrap and break the count of lines to redraw.
    const max = (this.io.columns ?? 80) - 1;
    for (const [item, status] of this.lines) {
      const line = `${item.padEnd(width)}  ${status}`;
      this.io.stdout(`${line.length > max ? `${line.slice(0, max - 1)}…` : line}\n`);
    }
    this.drawn = this.lines.size;
  }
}
