import { describe, expect, it } from '@effect/vitest';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import { transactionsConfig } from './exactlyOnce.js';

const settingsFrom = (env: Record<string, string>) => Effect.withConfigProvider(transactionsConfig, ConfigProvider.fromMap(new Map(Object.entries(env))));

describe('transactionsConfig', () => {
  it.effect('defaults to partition fencing and a commit every 100 ms, as Kafka Streams commits', () =>
    Effect.gen(function* () {
      expect(yield* settingsFrom({})).toEqual({ fencing: 'partition', commitIntervalMs: 100 });
      expect(yield* settingsFrom({ MSGSTATUS_FENCING: 'group', MSGSTATUS_COMMIT_INTERVAL_MS: '250' })).toEqual({ fencing: 'group', commitIntervalMs: 250 });
    }),
  );

  it.effect('refuses a fencing it does not know and an interval under 1 ms, naming the variable', () =>
    Effect.gen(function* () {
      const fencing = yield* Effect.flip(settingsFrom({ MSGSTATUS_FENCING: 'zombie' }));
      expect(String(fencing)).toContain('MSGSTATUS_FENCING');
      const interval = yield* Effect.flip(settingsFrom({ MSGSTATUS_COMMIT_INTERVAL_MS: '0' }));
      expect(String(interval)).toContain('MSGSTATUS_COMMIT_INTERVAL_MS');
    }),
  );
});
