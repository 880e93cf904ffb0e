import { describe, expect, it } from 'vitest';
import { eightByEightStatusApi as api, retryAfterSeconds } from './eightByEightStatusApi.js';

const settings = { API_KEY: 'k', BASE_URL: 'https://chat.example', SMS_BASE_URL: 'https://sms.example/', MIN_INTERVAL_MS: '1000' };
const message = (channels: Array<string | null>, account: string | null = 'acme') => ({ providerMessageId: 'u 1', account, channels });

describe('8x8 status API', () => {
  it('asks the SMS API about a message sent only as SMS, and Chat Apps about any other', () => {
    expect(api.request('acme', [message(['SMS'])], settings)).toEqual({
      method: 'GET',
      url: 'https://sms.example/api/v1/subaccounts/acme/messages/u%201',
      headers: { authorization: 'Bearer k', accept: 'application/json' },
    });
    expect(api.request('acme', [message(['Viber', 'SMS'])], settings).url).toBe('https://chat.example/api/v1/subaccounts/acme/messages/u%201');
    expect(api.request('acme', [message(['WhatsApp'])], settings).url).toMatch(/^https:\/\/chat\.example\//);
  });

  it("paces each sub-account on its own: the message's own, else the configured one, else it cannot be asked", () => {
    expect(api.laneOf(message(['SMS'], 'acme_marketing'), { ...settings, SUBACCOUNT_ID: 'acme' })).toBe('acme_marketing');
    expect(api.laneOf(message(['SMS'], null), { ...settings, SUBACCOUNT_ID: 'acme' })).toBe('acme');
    expect(api.laneOf(message(['SMS'], null), settings)).toBeNull();
    expect([api.batchSize(settings), api.minIntervalMs(settings)]).toEqual([1, 1000]);
  });

  it('holds the sub-account back as long as a 429 says, and publishes every other answer', () => {
    expect(api.readAnswer(429, { code: 429, message: 'Quota exceeded. Please try again in 3 second(s).' })).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 3_000 });
    expect(api.readAnswer(429, { code: 429 })).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 1_000 });
    expect(api.readAnswer(404, { code: 1300, message: 'Message not found.' })).toEqual({ _tag: 'Publish' });
    expect(retryAfterSeconds(null)).toBeNull();
  });
});
