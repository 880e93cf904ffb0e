import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import { oneClusterAtATime } from './localCluster.js';

describe('one local cluster at a time on a machine', () => {
  it.live('a second holder waits until the first lets go', () =>
    Effect.gen(function* () {
      const lock = join(mkdtempSync(join(tmpdir(), 'msgstatus-lock-test-')), 'lock');
      const order: string[] = [];
      const hold = (name: string, millis: number) =>
        Effect.scoped(Effect.zipRight(oneClusterAtATime(lock), Effect.sync(() => order.push(`${name} in`)).pipe(Effect.zipRight(Effect.sleep(`${millis} millis`)), Effect.zipRight(Effect.sync(() => order.push(`${name} out`))))));
      const first = yield* Effect.fork(hold('first', 2_500));
      yield* Effect.sleep('200 millis');
      const second = yield* Effect.fork(hold('second', 0));
      yield* Fiber.join(first);
      yield* Fiber.join(second);
      expect(order).toEqual(['first in', 'first out', 'second in', 'second out']);
    }), 20_000);

  it.live('a lock whose process is gone is taken over', () =>
    Effect.gen(function* () {
      const lock = join(mkdtempSync(join(tmpdir(), 'msgstatus-lock-test-')), 'lock');
      mkdirSync(lock);
      // No process has this pid (above the kernel's pid_max).
      writeFileSync(join(lock, 'pid'), '99999999');
      const took = yield* Effect.scoped(Effect.zipRight(oneClusterAtATime(lock), Effect.succeed('held'))).pipe(Effect.timeout('5 seconds'));
      expect(took).toBe('held');
    }));
});
