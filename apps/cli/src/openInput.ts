import { createReadStream, fstatSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import * as Effect from 'effect/Effect';
import { InputUnreadableError } from './cliErrors.js';

export interface Input {
  readonly name: string;
  readonly stream: Readable;
  /** Size in bytes when known (regular files), for progress. */
  readonly size: number | null;
  /** What the input is on disk (device and inode), so `--report` can refuse to overwrite it. */
  readonly identity: Stats | null;
}

const stdinIdentity = (): Stats | null => {
  try {
    return fstatSync(0);
  } catch {
    return null;
  }
};

/**
 * Opens a file, a pipe or FIFO (`<(zcat f.gz)`, `/dev/stdin`), or stdin for `-`; fails with
 * InputUnreadableError before any output is written. Only a directory is refused outright.
 */
export const openInput = (path: string): Effect.Effect<Input, InputUnreadableError> =>
  path === '-'
    ? Effect.sync(() => ({ name: '<stdin>', stream: process.stdin, size: null, identity: stdinIdentity() }))
    : Effect.tryPromise({
        try: async () => {
          const info = await stat(path);
          if (info.isDirectory()) throw new Error('it is a directory');
          const stream = createReadStream(path, { highWaterMark: 1 << 16 });
          await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
          return { name: path, stream, size: info.isFile() ? info.size : null, identity: info };
        },
        catch: (cause) => new InputUnreadableError({ input: path, cause }),
      });
