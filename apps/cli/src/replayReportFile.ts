import { open, type FileHandle } from 'node:fs/promises';
import type { Replay } from '@msgstatus/replay';
import * as Effect from 'effect/Effect';
import type { Scope } from 'effect/Scope';
import { UsageError } from './cliErrors.js';

/** Opens `--report` first: a bad path is a usage error found before any work is done. */
export const openReport = (path: string | null): Effect.Effect<FileHandle | null, UsageError, Scope> =>
  path === null
    ? Effect.succeed(null)
    : Effect.acquireRelease(
        Effect.tryPromise({
          try: () => open(path, 'w'),
          catch: (cause) => new UsageError({ message: `cannot write the report to ${path}: ${(cause as Error).message}` }),
        }),
        (file) => Effect.promise(() => file.close()),
      );

export const writeReport = (file: FileHandle | null, replay: Replay): Effect.Effect<void> =>
  file === null ? Effect.void : Effect.promise(() => file.writeFile(`${JSON.stringify(replay.report(), null, 2)}\n`));
