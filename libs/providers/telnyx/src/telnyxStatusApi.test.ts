import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { telnyxStatusApi as api } from './telnyxStatusApi.js';

const settings = { API_KEY: 'KEY0123', BASE_URL: 'https://api.telnyx.example/', MIN_INTERVAL_MS: '1000' };
const message = (providerMessageId: string) => ({ providerMessageId, account: null, channels: ['SMS'] });
const answer = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

describe('Telnyx status API', () => {
  it('retrieves one message a request with the API key as Bearer', () => {
    expect(api.request('telnyx', [message('834f3d53-8a3c-4aa0-a733-7f2d682a72df')], settings)).toEqual({
      method: 'GET',
      url: 'https://api.telnyx.example/v2/messages/834f3d53-8a3c-4aa0-a733-7f2d682a72df',
      headers: { authorization: 'Bearer KEY0123', accept: 'application/json' },
    });
    expect(api.request('telnyx', [message('a b')], settings).url).toBe('https://api.telnyx.example/v2/messages/a%20b');
  });

  it('asks about a group MMS recipient by its message id', () => {
    expect(api.request('telnyx', [message('403188fd-58c5-4557-a8de-1700a358d768/+13475636849')], settings).url).toBe(
      'https://api.telnyx.example/v2/messages/403188fd-58c5-4557-a8de-1700a358d768',
    );
  });

  it("paces every message in one lane, the account's, one at a time", () => {
    expect(api.laneOf(message('x'), settings)).toBe('telnyx');
    expect([api.batchSize(settings), api.minIntervalMs(settings), api.minIntervalMs({ ...settings, MIN_INTERVAL_MS: '250' })]).toEqual([1, 1000, 250]);
    expect(Object.fromEntries(api.settings.map((setting) => [setting.name, setting.default ?? null]))).toEqual({
      API_KEY: null,
      BASE_URL: 'https://api.telnyx.com',
      MIN_INTERVAL_MS: '1000',
    });
  });

  it('holds the lane back on a 429 and publishes every other answer, errors included', () => {
    expect(api.readAnswer(429, answer('api-error-rate-limit'))).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 10_000 });
    expect(api.readAnswer(200, answer('retrieve-message'))).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(401, answer('api-error-authentication'))).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(404, answer('api-error-not-found'))).toEqual({ _tag: 'Publish' });
  });
});
