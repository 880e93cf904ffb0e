import type { WriteStream } from 'node:tty';

const width = 30;

/** A progress line on a terminal's stderr, redrawn at most every 200 ms; silent elsewhere. */
export class ProgressBar {
  readonly #terminal: WriteStream;
  readonly #totalBytes: number | null;
  readonly #started = performance.now();
  #bytes = 0;
  #lines = 0;
  #drawnAt = 0;

  constructor(terminal: WriteStream, totalBytes: number | null) {
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

  done(): void {
    this.#draw();
    this.#terminal.write('\n');
  }

  #draw(): void {
    this.#drawnAt = performance.now();
    const seconds = (this.#drawnAt - this.#started) / 1000;
    const rate = Math.round(this.#lines / Math.max(seconds, 0.001)).toLocaleString('en');
    const lines = this.#lines.toLocaleString('en');
    if (this.#totalBytes === null || this.#totalBytes === 0) {
      this.#terminal.write(`\r${lines} lines · ${rate} lines/s`);
      return;
    }
    const share = Math.min(1, this.#bytes / this.#totalBytes);
    const filled = Math.round(share * width);
    this.#terminal.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0)}% · ${lines} lines · ${rate} lines/s`);
  }
}
