import { describe, expect, it } from '@effect/vitest';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Redacted from 'effect/Redacted';
import { pollerConfig } from './pollerConfig.js';

const settingsFrom = (env: Record<string, string>) => Effect.withConfigProvider(pollerConfig, ConfigProvider.fromMap(new Map(Object.entries(env))));
const failure = (env: Record<string, string>) => Effect.map(Effect.exit(settingsFrom(env)), (exit) => Exit.isFailure(exit) && String(exit.cause));

describe('pollerConfig', () => {
  it.effect('polls nothing until a provider is configured, and then that provider with its key kept redacted', () =>
    Effect.gen(function* () {
      const none = yield* settingsFrom({ POLLER_8X8_API_KEY: '', POLLER_ALPHASMS_API_KEY: '', POLLER_ALPHASMS_BASE_URL: '' });
      expect(none).toMatchObject({ stuckAfterMs: 600_000, maxPolls: 5, eightByEight: null, alphaSms: null });
      expect([...none.stuckStates]).toEqual(['queued', 'sent']);
      const configured = yield* settingsFrom({ POLLER_8X8_API_KEY: 'k', POLLER_8X8_SUBACCOUNT_ID: 'acme', POLLER_STUCK_STATES: 'Sent, delivered' });
      expect(configured.eightByEight).toMatchObject({ baseUrl: 'https://chatapps.8x8.com', subAccountId: 'acme', minIntervalMs: 1_000 });
      expect(String(configured.eightByEight!.apiKey)).not.toContain('k');
      expect(Redacted.value(configured.eightByEight!.apiKey)).toBe('k');
      expect([...configured.stuckStates]).toEqual(['sent', 'delivered']);
    }),
  );

  it.effect('says what is missing or wrong', () =>
    Effect.gen(function* () {
      expect(yield* failure({ POLLER_8X8_API_KEY: 'k' })).toContain('POLLER_8X8_API_KEY needs POLLER_8X8_SUBACCOUNT_ID too');
      expect(yield* failure({ POLLER_ALPHASMS_API_KEY: 'k' })).toContain('POLLER_ALPHASMS_API_KEY needs POLLER_ALPHASMS_BASE_URL too');
      expect(yield* failure({ POLLER_ALPHASMS_API_KEY: 'k', POLLER_ALPHASMS_BASE_URL: 'ftp://x' })).toContain('POLLER_ALPHASMS_BASE_URL: an http(s) URL');
      expect(yield* failure({ POLLER_STUCK_STATES: 'sent,failed' })).toContain('failed is no non-terminal state');
      expect(yield* failure({ POLLER_8X8_API_KEY: 'k', POLLER_8X8_SUBACCOUNT_ID: 'a', POLLER_8X8_MIN_INTERVAL_MS: '500' })).toContain('at least 1000');
    }),
  );
});
