import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import { runSoak } from './soak.js';

describe('the pipeline under faults (a small soak; `npm run soak` runs the full one)', () => {
  it.live(
    'loses and duplicates nothing through SIGKILLs of both apps, a broker restart and projectors 2 → 1 → 2',
    () =>
      Effect.gen(function* () {
        const result = yield* runSoak({
          lines: 4_000,
          messages: 400,
          seed: 7,
          projectorKills: 3,
          ingestorKills: 2,
          brokerRestart: true,
          // Its own broker: restarting it must not disturb the other integration tests.
          brokerPort: 9192,
          say: () => undefined,
        });
        expect(result.projectorKills).toBe(3);
        expect(result.ingestorKills).toBe(2);
        expect(result.brokerRestarts).toBe(1);
        expect(result.rebalances).toBe(2);
        // 3 first starts, one after each kill, one for 1 → 2: none after the broker restart, the apps reconnect.
        expect(result.appStarts).toBe(3 + 3 + 2 + 1);
        expect(result.expectedChanges).toBeGreaterThan(1_000);
        expect({ lost: result.lost, duplicated: result.duplicated, wrong: result.wrong, versionGaps: result.versionGaps }).toEqual({
          lost: 0,
          duplicated: 0,
          wrong: 0,
          versionGaps: 0,
        });
        expect(result.changes).toBe(result.expectedChanges);
        expect(result.expectedDeadLetters).toBeGreaterThan(5);
        expect(result.deadLetters).toBe(result.expectedDeadLetters);
        expect(result.duplicatedDeadLetters).toBe(0);
      }),
    600_000,
  );
});
