import * as Clock from 'effect/Clock';
import * as Effect from 'effect/Effect';

interface Lane {
  readonly semaphore: Effect.Semaphore;
  next: number;
}

/**
 * Paces requests per key (an 8x8 sub-account): one at a time, the next starting `intervalMs`
 * after the previous one's answer came back. The provider counts arrivals; a request arrives
 * before its answer leaves, so starts spaced from answers can never arrive closer than
 * `intervalMs`, whatever the network does. A key can be held back longer (a 429's wait).
 */
export class Pacer {
  readonly #intervalMs: number;
  readonly #lanes = new Map<string, Lane>();

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  #lane(key: string): Lane {
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { semaphore: Effect.unsafeMakeSemaphore(1), next: 0 };
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  /** Runs `request` in the key's next slot. */
  paced<A, E, R>(key: string, request: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    const lane = this.#lane(key);
    const interval = this.#intervalMs;
    return lane.semaphore.withPermits(1)(
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis;
        if (lane.next > now) yield* Effect.sleep(lane.next - now);
        return yield* Effect.ensuring(
          request,
          Effect.map(Clock.currentTimeMillis, (answeredAt) => {
            lane.next = Math.max(lane.next, answeredAt + interval);
          }),
        );
      }),
    );
  }

  /** No request for the key before `ms` from now. */
  holdBack(key: string, ms: number): Effect.Effect<void> {
    const lane = this.#lane(key);
    return Effect.map(Clock.currentTimeMillis, (now) => {
      lane.next = Math.max(lane.next, now + ms);
    });
  }
}
