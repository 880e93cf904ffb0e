import { describe, expect, it } from '@effect/vitest';
import * as Deferred from 'effect/Deferred';
import * as Effect from 'effect/Effect';
import * as Either from 'effect/Either';
import { coalescedSends } from './coalescedSends.js';

describe('coalescedSends', () => {
  it.scopedLive('sends what arrives during a send together next, and answers every caller', () =>
    Effect.gen(function* () {
      const sent: number[][] = [];
      const firstStarted = yield* Deferred.make<void>();
      const releaseFirst = yield* Deferred.make<void>();
      const publish = yield* coalescedSends((items: ReadonlyArray<number>) =>
        Effect.gen(function* () {
          sent.push([...items]);
          if (sent.length === 1) {
            yield* Deferred.succeed(firstStarted, undefined);
            yield* Deferred.await(releaseFirst);
          }
        }),
      );
      const first = yield* Effect.fork(publish(1));
      yield* Deferred.await(firstStarted);
      const others = yield* Effect.fork(Effect.forEach([2, 3, 4], publish, { concurrency: 'unbounded' }));
      yield* Effect.yieldNow();
      yield* Effect.sleep('10 millis');
      yield* Deferred.succeed(releaseFirst, undefined);
      yield* first.await;
      yield* others.await;
      expect(sent).toEqual([[1], [2, 3, 4]]);
    }),
  );

  it.scopedLive("fails exactly the callers whose items were in a failed send, with the send's error", () =>
    Effect.gen(function* () {
      const publish = yield* coalescedSends((items: ReadonlyArray<string>) => (items.includes('bad') ? Effect.fail('broker down') : Effect.void));
      expect(yield* Effect.either(publish('bad'))).toEqual(Either.left('broker down'));
      expect(yield* Effect.either(publish('good'))).toEqual(Either.right(undefined));
    }),
  );

  it.scopedLive('never sends more than maxBatch at once', () =>
    Effect.gen(function* () {
      const sizes: number[] = [];
      const publish = yield* coalescedSends((items: ReadonlyArray<number>) => Effect.sync(() => sizes.push(items.length)), 3);
      yield* Effect.forEach(Array.from({ length: 10 }, (_, i) => i), publish, { concurrency: 'unbounded' });
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    }),
  );
});
