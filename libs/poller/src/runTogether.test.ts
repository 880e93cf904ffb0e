import { describe, expect, it } from '@effect/vitest';
import * as Cause from 'effect/Cause';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Fiber from 'effect/Fiber';
import * as Option from 'effect/Option';
import * as TestClock from 'effect/TestClock';
import { runTogether, WorkerStoppedError } from './runTogether.js';

/** A worker that ticks every second for ever, counting its ticks. */
const ticking = (ticks: { count: number }) => Effect.forever(Effect.zipRight(Effect.sync(() => ticks.count++), Effect.sleep('1 second')));

describe('runTogether', () => {
  it.effect('ends when one worker fails, interrupting the others, with that worker named', () =>
    Effect.gen(function* () {
      const ticks = { count: 0 };
      const fiber = yield* Effect.fork(runTogether({ 'state follower': ticking(ticks), '8x8 polling': Effect.zipRight(Effect.sleep('3 seconds'), Effect.fail('send failed')) }));
      yield* TestClock.adjust('10 seconds');
      const exit = yield* Fiber.await(fiber);
      expect(Exit.isFailure(exit)).toBe(true);
      const error = Exit.isFailure(exit) ? exit.cause : null;
      expect(String(error)).toContain('8x8 polling stopped');
      expect(String(error)).toContain('send failed');
      expect(ticks.count).toBe(4); // 0, 1, 2 and 3 s: nothing after the failure
    }),
  );

  it.effect('ends when a worker dies of a defect', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(runTogether({ follower: Effect.dieMessage('JSON.parse threw'), loop: Effect.never }));
      const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none();
      expect(Option.isSome(error) && error.value instanceof WorkerStoppedError && error.value.worker).toBe('follower');
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain('JSON.parse threw');
    }),
  );

  it.effect('takes a worker that returns as stopped: none is meant to end', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(runTogether({ 'state follower': Effect.void, loop: Effect.never }));
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain('state follower ended');
    }),
  );
});
