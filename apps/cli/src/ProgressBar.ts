import type { Writable } from 'node:stream';

const width = 30;
const clearLine = '\r\x1b[2K';

/**
 * A progress line on a terminal's stderr, redrawn at most every 200 ms. It never shares a line
 * with output: `clear()` wipes it before output is written (stdout may be the same terminal), and
 * `done()` wipes it for the closing summary. Only made when stderr is a terminal.
 */
export class ProgressBar {
  readonly #terminal: Writable;
  readonly #totalBytes: number | null;
  readonly #started = performance.now();
  #bytes = 0;
  #lines = 0;
  /** When it last drew; the first lines always draw. */
  #drawnAt = Number.NEGATIVE_INFINITY;
  #shown = false;

  constructor(terminal: Writable, totalBytes: number | null) {
    this.#terminal = terminal;
    this.#totalBytes = totalBytes;
  }

  advance(bytes: number): void {
    this.#bytes += bytes;
  }

  lines(count: number): void {
    this.#lines += count;
    if (performance.now() - this.#drawnAt > 200) this.#draw();
  }

  clear(): void {
    if (!this.#shown) return;
    this.#terminal.write(clearLine);
    this.#shown = false;
  }

  done(): void {
    this.clear();
  }

  #draw(): void {
    this.#drawnAt = performance.now();
    this.#shown = true;
    const seconds = (this.#drawnAt - this.#started) / 1000;
    const rate = Math.round(this.#lines / Math.max(seconds, 0.001)).toLocaleString('en');
    const lines = this.#lines.toLocaleString('en');
    if (this.#totalBytes === null || this.#totalBytes === 0) {
      this.#terminal.write(`${clearLine}${lines} lines · ${rate} lines/s`);
      return;
    }
    const share = Math.min(1, this.#bytes / this.#totalBytes);
    const filled = Math.round(share * width);
    this.#terminal.write(`${clearLine}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0)}% · ${lines} lines · ${rate} lines/s`);
  }
}
