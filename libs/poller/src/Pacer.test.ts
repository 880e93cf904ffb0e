import { describe, expect, it } from '@effect/vitest';
import * as Clock from 'effect/Clock';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import * as TestClock from 'effect/TestClock';
import { Pacer } from './Pacer.js';

/** Requests of `keys` at once, each taking `latencyMs`; when each started and ended. */
const runAll = (pacer: Pacer, keys: ReadonlyArray<string>, latencyMs: (index: number) => number, advanceMs: number) =>
  Effect.gen(function* () {
    const spans: Array<{ key: string; start: number; end: number }> = [];
    const request = (key: string, index: number) =>
      Effect.gen(function* () {
        const start = yield* Clock.currentTimeMillis;
        yield* Effect.sleep(latencyMs(index));
        spans.push({ key, start, end: yield* Clock.currentTimeMillis });
      });
    const fiber = yield* Effect.fork(Effect.forEach(keys, (key, index) => pacer.paced(key, request(key, index)), { concurrency: 'unbounded' }));
    yield* TestClock.adjust(advanceMs);
    yield* Fiber.join(fiber);
    return spans;
  });

describe('Pacer', () => {
  it.effect("starts a key's next request an interval after the previous answer, other keys independently", () =>
    Effect.gen(function* () {
      const spans = yield* runAll(new Pacer(1_000), ['a', 'a', 'b', 'a'], (index) => (index === 0 ? 300 : 10), 10_000);
      expect(spans.filter((span) => span.key === 'a').map((span) => span.start)).toEqual([0, 1_300, 2_310]);
      expect(spans.filter((span) => span.key === 'b').map((span) => span.start)).toEqual([0]);
    }),
  );

  it.effect('holds a key back for as long as the provider asked', () =>
    Effect.gen(function* () {
      const pacer = new Pacer(1_000);
      yield* pacer.holdBack('a', 3_000);
      const spans = yield* runAll(pacer, ['a', 'a'], () => 0, 10_000);
      expect(spans.map((span) => span.start)).toEqual([3_000, 4_000]);
    }),
  );
});
