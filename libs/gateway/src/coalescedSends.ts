import * as Deferred from 'effect/Deferred';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Queue from 'effect/Queue';
import type * as Scope from 'effect/Scope';

interface Pending<A> {
  readonly item: A;
  readonly done: Deferred.Deferred<void, unknown>;
}

/**
 * One sender for many concurrent callers: whatever arrived while a send was in flight goes out
 * together in the next one (at most `maxBatch`), and every caller learns the outcome of the send
 * that carried its item. Kafka acknowledges a batch in one round trip, so the gateway answers
 * thousands of callbacks a second with one producer and no added wait.
 */
export const coalescedSends = <A, E>(
  send: (items: ReadonlyArray<A>) => Effect.Effect<void, E>,
  maxBatch = 1_000,
): Effect.Effect<(item: A) => Effect.Effect<void, E>, never, Scope.Scope> =>
  Effect.gen(function* () {
    const queue = yield* Effect.acquireRelease(Queue.unbounded<Pending<A>>(), Queue.shutdown);
    yield* Effect.forkScoped(
      Effect.forever(
        Effect.gen(function* () {
          const pending = yield* Queue.takeBetween(queue, 1, maxBatch);
          const exit = yield* Effect.exit(send([...pending].map((entry) => entry.item)));
          yield* Effect.forEach(pending, (entry) => Deferred.done(entry.done, Exit.asVoid(exit)), { discard: true });
        }),
      ),
    );
    return (item: A) =>
      Effect.gen(function* () {
        const done = yield* Deferred.make<void, E>();
        yield* Queue.offer(queue, { item, done: done as Deferred.Deferred<void, unknown> });
        return yield* Deferred.await(done);
      });
  });
