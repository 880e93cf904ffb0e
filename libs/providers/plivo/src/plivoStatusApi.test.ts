import { describe, expect, it } from 'vitest';
import { plivoStatusApi as api } from './plivoStatusApi.js';

const settings = { AUTH_ID: 'MAXXXXXXXXXXXXXXXXXX', AUTH_TOKEN: 'token', BASE_URL: 'https://api.example/', MIN_INTERVAL_MS: '1000' };
const message = { providerMessageId: '5b40a428-bfc7-4daf-9d06-726c558bf3b8', account: null, channels: ['SMS'] };

describe('Plivo status API', () => {
  it("asks for one message's detail record under the account, with Basic auth", () => {
    expect(api.request('MAXXXXXXXXXXXXXXXXXX', [message], settings)).toEqual({
      method: 'GET',
      url: 'https://api.example/v1/Account/MAXXXXXXXXXXXXXXXXXX/Message/5b40a428-bfc7-4daf-9d06-726c558bf3b8/',
      headers: { authorization: `Basic ${Buffer.from('MAXXXXXXXXXXXXXXXXXX:token').toString('base64')}`, accept: 'application/json' },
    });
    expect(api.request('MA/1', [{ ...message, providerMessageId: 'a b' }], settings).url).toBe('https://api.example/v1/Account/MA%2F1/Message/a%20b/');
  });

  it('puts every message in the lane of the configured account, one a request, paced as configured', () => {
    expect(api.laneOf(message, settings)).toBe('MAXXXXXXXXXXXXXXXXXX');
    expect(api.laneOf(message, {})).toBeNull();
    expect([api.batchSize(settings), api.minIntervalMs(settings)]).toEqual([1, 1000]);
    expect(Object.fromEntries(api.settings.map((setting) => [setting.name, setting.default ?? (setting.required ? 'required' : '')]))).toEqual({
      AUTH_ID: 'required',
      AUTH_TOKEN: 'required',
      BASE_URL: 'https://api.plivo.com',
      MIN_INTERVAL_MS: '1000',
    });
    expect(api.settings.find((setting) => setting.name === 'AUTH_TOKEN')?.secret).toBe(true);
  });

  it("holds the account back for Plivo's 5-second window after a 429, and publishes every other answer", () => {
    expect(api.readAnswer(429, { api_id: 'x', error: 'too many requests' })).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 5_000 });
    expect(api.readAnswer(401, { error: 'authentication credentials were not provided' })).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(404, { api_id: 'x', error: 'not found' })).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(200, { message_uuid: 'x', message_state: 'sent' })).toEqual({ _tag: 'Publish' });
  });
});
