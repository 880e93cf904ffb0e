import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Batches small writes into large ones and honours backpressure, so replay outruns the terminal. */
export class BufferedOutput {
  #buffer = '';
  readonly #output: Writable;
  readonly #highWaterMark: number;

  constructor(output: Writable, highWaterMark = 1 << 16) {
    this.#output = output;
    this.#highWaterMark = highWaterMark;
  }

  async write(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= this.#highWaterMark) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#buffer === '') return;
    const text = this.#buffer;
    this.#buffer = '';
    if (!this.#output.write(text)) await once(this.#output, 'drain');
  }
}
