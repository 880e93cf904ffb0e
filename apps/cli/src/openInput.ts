import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import * as Effect from 'effect/Effect';
import { InputUnreadableError } from './cliErrors.js';

export interface Input {
  readonly name: string;
  readonly stream: Readable;
  /** Size in bytes when known (files), for progress. */
  readonly size: number | null;
}

/** Opens a file, or stdin for `-`; fails with InputUnreadableError before any output is written. */
export const openInput = (path: string): Effect.Effect<Input, InputUnreadableError> =>
  path === '-'
    ? Effect.succeed({ name: '<stdin>', stream: process.stdin, size: null })
    : Effect.tryPromise({
        try: async () => {
          const info = await stat(path);
          if (!info.isFile()) throw new Error('not a regular file');
          const stream = createReadStream(path, { highWaterMark: 1 << 16 });
          await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
          return { name: path, stream, size: info.size };
        },
        catch: (cause) => new InputUnreadableError({ input: path, cause }),
      });
