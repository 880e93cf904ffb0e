import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import { faultKinds, runClusterSoak } from './clusterSoak.js';

describe('the pipeline on a three-broker cluster under faults (a short cluster soak; `npm run soak:cluster` runs the full one)', () => {
  it.live(
    'loses and duplicates nothing through a leader kill, a controller kill, a rolling restart, latency, connection resets, a black hole and two brokers down',
    () =>
      Effect.gen(function* () {
        const result = yield* runClusterSoak({
          messages: 8_000,
          rate: 100,
          seed: 7,
          faultMs: 6_000,
          settleMs: 3_000,
          gatewayEvery: 4,
          // Its own cluster: killing its brokers must not disturb the other integration tests.
          port: 9392,
          breakDurability: false,
          faults: faultKinds,
          say: () => undefined,
        });
        expect(result.faults.map(({ fault, happened }) => [fault, happened])).toEqual(faultKinds.map((fault) => [fault, true]));
        expect(result.replicationFactor).toBe(3);
        expect(result.minInsyncReplicas).toBe(2);
        expect(result.caughtUp).toBe(true);
        expect(result.appRestarts).toBe(0);
        expect(result.expectedChanges).toBeGreaterThan(5_000);
        expect(result.anomalies).toEqual([]);
        expect({ lost: result.lost, duplicated: result.duplicated, wrong: result.wrong, versionGaps: result.versionGaps, gatewayLost: result.gatewayLost }).toEqual({
          lost: 0,
          duplicated: 0,
          wrong: 0,
          versionGaps: 0,
          gatewayLost: 0,
        });
        expect(result.changes).toBe(result.expectedChanges);
        expect([result.javaReaderChanges, result.javaReaderDistinct]).toEqual([result.expectedChanges, result.expectedChanges]);
        expect(result.deadLetters).toBe(result.expectedDeadLetters);
        expect(result.duplicatedDeadLetters).toBe(0);
        // Every direct send acknowledged reached its raw topic, and so did every callback the gateway answered 2xx (gatewayLost).
        expect(result.rawRecords).toBeGreaterThanOrEqual(result.published);
      }),
    // It may wait for the other cluster test first (one at a time on a machine).
    1_800_000,
  );
});
