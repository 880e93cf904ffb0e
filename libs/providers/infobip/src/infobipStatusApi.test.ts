import type { PolledMessage } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { infobipStatusApi as api, logsPaths } from './infobipStatusApi.js';

const settings = { API_KEY: 'key-1', BASE_URL: 'https://xyz123.api.infobip.com/', BATCH_SIZE: '40', MIN_INTERVAL_MS: '500' };
const message = (providerMessageId: string, channels: Array<string | null> = ['SMS']): PolledMessage => ({ providerMessageId, account: null, channels });

describe('Infobip logs API', () => {
  it('asks the logs of many ids in one request, comma-separated, with the API key', () => {
    expect(api.request('sms', [message('MESSAGE-ID-123-xyz'), message('12db39c3 7822')], settings)).toEqual({
      method: 'GET',
      url: 'https://xyz123.api.infobip.com/sms/3/logs?messageId=MESSAGE-ID-123-xyz,12db39c3%207822&limit=1000',
      headers: { authorization: 'App key-1', accept: 'application/json' },
    });
    expect(Object.entries(logsPaths).map(([lane]) => new URL(api.request(lane, [message('m')], settings).url).pathname)).toEqual([
      '/sms/3/logs',
      '/viber/2/logs',
      '/rcs/2/logs',
      '/mms/2/logs',
    ]);
  });

  it("asks the endpoint of the channel a message was first sent on, SMS's when none is known, none for WhatsApp", () => {
    expect(api.laneOf(message('m', ['SMS']), settings)).toBe('sms');
    expect(api.laneOf(message('m', []), settings)).toBe('sms');
    expect(api.laneOf(message('m', [null]), settings)).toBe('sms');
    expect(api.laneOf(message('m', [null, 'Viber']), settings)).toBe('viber');
    expect(api.laneOf(message('m', ['RCS', 'SMS']), settings)).toBe('rcs');
    expect(api.laneOf(message('m', ['MMS']), settings)).toBe('mms');
    expect(api.laneOf(message('m', ['WhatsApp', 'SMS']), settings)).toBeNull();
    expect(api.laneOf(message('m', ['Messenger']), settings)).toBeNull();
    expect(api.laneOf(message('m', ['constructor']), settings)).toBeNull();
  });

  it('keeps the ids of one request within the 2048 characters Infobip takes, and always asks at least one', () => {
    const ids = Array.from({ length: 40 }, (_, index) => `${String(index).padStart(2, '0')}${'x'.repeat(58)}`);
    const asked = new URL(api.request('sms', ids.map((id) => message(id)), settings).url).searchParams.get('messageId')!;
    expect(asked.length).toBeLessThanOrEqual(2048);
    expect(asked.split(',')).toEqual(ids.slice(0, 33));
    const long = 'y'.repeat(3000);
    expect(new URL(api.request('sms', [message(long)], settings).url).searchParams.get('messageId')).toBe(long);
  });

  it("is batched and paced as configured, by default at one request a second (the poller's floor, within Infobip's 120 a minute)", () => {
    const defaults = Object.fromEntries(api.settings.flatMap((setting) => (setting.default === undefined ? [] : [[setting.name, setting.default]])));
    expect(defaults).toEqual({ BATCH_SIZE: '40', MIN_INTERVAL_MS: '1000' });
    expect([api.batchSize(defaults), api.minIntervalMs(defaults)]).toEqual([40, 1_000]);
    expect(api.settings.filter((setting) => setting.required).map((setting) => setting.name)).toEqual(['API_KEY', 'BASE_URL']);
    expect(api.settings.find((setting) => setting.name === 'API_KEY')?.secret).toBe(true);
  });

  it('holds the endpoint back a minute on 429, and publishes every other answer', () => {
    expect(api.readAnswer(429, { errorCode: 'E429', description: 'Too many requests sent.' })).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 60_000 });
    expect(api.readAnswer(401, { errorCode: 'E401' })).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(200, { results: [] })).toEqual({ _tag: 'Publish' });
  });
});
