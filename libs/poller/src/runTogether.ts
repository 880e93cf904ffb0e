import * as Cause from 'effect/Cause';
import * as Data from 'effect/Data';
import * as Effect from 'effect/Effect';

/** A worker that was meant to run until the app stops ended: how, and which. */
export class WorkerStoppedError extends Data.TaggedError('WorkerStoppedError')<{
  readonly worker: string;
  readonly cause: Cause.Cause<unknown> | null;
}> {
  override get message(): string {
    return this.cause === null ? `${this.worker} ended` : `${this.worker} stopped: ${Cause.pretty(this.cause)}`;
  }
}

/**
 * Runs workers that never end, all at once, until one does: it fails, dies or returns. Then the
 * others are interrupted and the whole fails with that worker's cause, so the app stops with it
 * logged and its supervisor starts it again. (`Effect.raceAll` would wait for every racer, and a
 * poller whose state follower had died would go on polling from a stale view.)
 */
export const runTogether = <R>(workers: Readonly<Record<string, Effect.Effect<unknown, unknown, R>>>): Effect.Effect<never, WorkerStoppedError, R> =>
  Effect.all(
    Object.entries(workers).map(([name, worker]) =>
      worker.pipe(
        Effect.catchAllCause((cause) => Effect.fail(new WorkerStoppedError({ worker: name, cause }))),
        Effect.flatMap(() => Effect.fail(new WorkerStoppedError({ worker: name, cause: null }))),
      ),
    ),
    { concurrency: 'unbounded', discard: true },
  ).pipe(Effect.flatMap(() => Effect.never));
