import type { Stats } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as Effect from 'effect/Effect';
import type { Scope } from 'effect/Scope';
import { osReason, ReportUnwritableError, UsageError } from './cliErrors.js';

/** A report being written: it appears at `path` whole, on commit, or not at all. */
export interface ReportFile {
  readonly path: string;
  readonly commit: (text: Iterable<string>) => Effect.Effect<void, ReportUnwritableError>;
}

/** Pieces joined into writes of about 1 MiB: few system calls, little memory. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= 1 << 20) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

/**
 * Prepares `--report` (or `report --out`) before any work: refuses the input itself (same device and inode, however
 * it is named), and opens a temporary file beside the target, so an unwritable place fails now,
 * with the OS's reason. The temporary file is renamed over the target only on commit; if the run
 * ends any other way (an error, Ctrl-C, a closed pipe), it is removed and the target is untouched.
 */
export const openReportFile = (path: string | null, input: Stats | null, option = '--report'): Effect.Effect<ReportFile | null, UsageError | ReportUnwritableError, Scope> => {
  if (path === null) return Effect.succeed(null);
  const unwritable = (cause: unknown) => new ReportUnwritableError({ path, reason: osReason(cause) });
  return Effect.gen(function* () {
    const existing = yield* Effect.promise(() => stat(path).catch(() => null));
    if (existing !== null && input !== null && sameFile(existing, input)) {
      return yield* Effect.fail(new UsageError({ message: `${option} ${path} is the input: the report would overwrite what it reports on` }));
    }
    if (existing?.isDirectory()) return yield* Effect.fail(new ReportUnwritableError({ path, reason: 'it is a directory' }));
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    let committed = false;
    const handle: FileHandle = yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => open(temporary, 'wx', existing?.mode ?? 0o644), catch: unwritable }),
      (file) => Effect.promise(async () => {
        await file.close().catch(() => undefined);
        if (!committed) await unlink(temporary).catch(() => undefined);
      }),
    );
    return {
      path,
      commit: (text: Iterable<string>) =>
        Effect.tryPromise({
          try: async () => {
            for (const piece of batches(text)) await handle.write(piece);
            await handle.sync();
            await rename(temporary, path);
            committed = true;
          },
          catch: unwritable,
        }),
    };
  });
};
