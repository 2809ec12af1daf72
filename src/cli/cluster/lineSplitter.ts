// Splits a child's output into lines with a bound on line length: an overlong line is dropped whole (counted), so
// a runaway child cannot grow the parent's memory. Pure push machine over text chunks.

export interface LineSplitterConfig {
  readonly lineCharsMax: number;
}

export class LineSplitter {
  private readonly lineCharsMax: number;
  private partial = '';
  /** True while discarding the rest of a line that already went over the limit. */
  private skipping = false;
  private droppedCount = 0;

  constructor(config: LineSplitterConfig) {
    this.lineCharsMax = config.lineCharsMax;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** The complete lines in `chunk` (without '\n' or a trailing '\r'). */
  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      this.take(chunk.slice(start, newline));
      if (!this.skipping) lines.push(this.partial.replace(/\r$/, ''));
      this.partial = '';
      this.skipping = false;
      start = newline + 1;
    }
    this.take(chunk.slice(start));
    return lines;
  }

  /** What is left without a final newline, e.g. at EOF. */
  flush(): string[] {
    const rest = this.skipping || this.partial === '' ? [] : [this.partial];
    this.partial = '';
    this.skipping = false;
    return rest;
  }

  private take(piece: string): void {
    if (this.skipping) return;
    if (this.partial.length + piece.length > this.lineCharsMax) {
      this.partial = '';
      this.skipping = true;
      this.droppedCount += 1;
      return;
    }
    this.partial += piece;
  }
}
