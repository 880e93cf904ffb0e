import { describe, expect, it } from '@effect/vitest';
import { providers } from '@msgstatus/provider-registry';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { plainSettings, pollerConfig, pollerVariables } from './pollerConfig.js';

const settingsFrom = (env: Record<string, string>) =>
  Effect.withConfigProvider(pollerConfig(providers), ConfigProvider.fromMap(new Map(Object.entries(env))));
const failure = (env: Record<string, string>) => Effect.map(Effect.exit(settingsFrom(env)), (exit) => Exit.isFailure(exit) && String(exit.cause));

describe('pollerConfig', () => {
  it.effect('polls nothing until a provider is configured, and then that provider with its key kept redacted', () =>
    Effect.gen(function* () {
      const none = yield* settingsFrom({ POLLER_8X8_API_KEY: '', POLLER_ALPHASMS_API_KEY: '', POLLER_ALPHASMS_BASE_URL: '' });
      expect(none).toMatchObject({ stuckAfterMs: 600_000, maxPolls: 5, apis: [] });
      expect([...none.stuckStates]).toEqual(['queued', 'sent']);
      const configured = yield* settingsFrom({ POLLER_8X8_API_KEY: 'k', POLLER_8X8_SUBACCOUNT_ID: 'acme', POLLER_STUCK_STATES: 'Sent, delivered' });
      expect(configured.apis.map((api) => api.provider)).toEqual(['8x8']);
      const [eightByEight] = configured.apis;
      expect(JSON.stringify(eightByEight!.settings)).not.toContain('"k"');
      expect(plainSettings(eightByEight!)).toEqual({
        API_KEY: 'k',
        SUBACCOUNT_ID: 'acme',
        BASE_URL: 'https://chatapps.8x8.com',
        SMS_BASE_URL: 'https://sms.8x8.com',
        MIN_INTERVAL_MS: '1000',
      });
      expect([...configured.stuckStates]).toEqual(['sent', 'delivered']);
    }),
  );

  it.effect('polls 8x8 with its key alone: sub-accounts come from the messages', () =>
    Effect.gen(function* () {
      const configured = yield* settingsFrom({ POLLER_8X8_API_KEY: 'k' });
      expect(plainSettings(configured.apis[0]!)).not.toHaveProperty('SUBACCOUNT_ID');
    }),
  );

  it.effect('says what is missing or wrong', () =>
    Effect.gen(function* () {
      expect(yield* failure({ POLLER_ALPHASMS_API_KEY: 'k' })).toContain('polling alphasms needs POLLER_ALPHASMS_BASE_URL too');
      expect(yield* failure({ POLLER_ALPHASMS_API_KEY: 'k', POLLER_ALPHASMS_BASE_URL: 'ftp://x' })).toContain('POLLER_ALPHASMS_BASE_URL: an http(s) URL');
      expect(yield* failure({ POLLER_STUCK_STATES: 'sent,failed' })).toContain('failed is no non-terminal state');
      expect(yield* failure({ POLLER_8X8_API_KEY: 'k', POLLER_8X8_MIN_INTERVAL_MS: '500' })).toContain('at least 1000');
      expect(yield* failure({ POLLER_ALPHASMS_API_KEY: 'k', POLLER_ALPHASMS_BASE_URL: 'http://a', POLLER_ALPHASMS_BATCH_SIZE: '0' })).toContain('at least 1');
    }),
  );

  it('names every setting of every provider with a status API, and no provider without one', () => {
    const names = pollerVariables(providers).map((variable) => variable.name);
    expect(names).toEqual(expect.arrayContaining(['POLLER_8X8_API_KEY', 'POLLER_8X8_SMS_BASE_URL', 'POLLER_ALPHASMS_BATCH_SIZE']));
    expect(names.some((name) => /TWILIO|CHUANGLAN|META/.test(name))).toBe(false);
  });
});
