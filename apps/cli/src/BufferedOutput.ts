import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { OutputClosedError } from './cliErrors.js';

/**
 * Batches small writes into large ones and honours backpressure, so replay outruns the terminal.
 * When the reader of the output goes away (EPIPE), writing throws OutputClosedError, so the work
 * stops instead of running on for nobody. `beforeWrite` runs first (the progress bar clears itself).
 */
export class BufferedOutput {
  #buffer = '';
  #closed = false;
  readonly #output: Writable;
  readonly #highWaterMark: number;
  readonly #beforeWrite: () => void;

  constructor(output: Writable, options: { readonly highWaterMark?: number; readonly beforeWrite?: () => void } = {}) {
    this.#output = output;
    this.#highWaterMark = options.highWaterMark ?? 1 << 16;
    this.#beforeWrite = options.beforeWrite ?? (() => undefined);
    output.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.#closed = true;
    });
  }

  async write(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= this.#highWaterMark) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#closed || this.#output.destroyed) throw new OutputClosedError();
    if (this.#buffer === '') return;
    const text = this.#buffer;
    this.#buffer = '';
    this.#beforeWrite();
    if (!this.#output.write(text)) {
      await once(this.#output, 'drain').catch(() => undefined);
      if (this.#closed) throw new OutputClosedError();
    }
  }
}
