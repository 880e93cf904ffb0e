import { describe, expect, it } from 'vitest';
import { reportsProductOf, vonageStatusApi as api } from './vonageStatusApi.js';

const settings = { API_KEY: 'abcd1234', API_SECRET: 's3cret', BASE_URL: 'https://reports.example/', MIN_INTERVAL_MS: '100' };
const basic = `Basic ${Buffer.from('abcd1234:s3cret').toString('base64')}`;
const message = (providerMessageId: string, account: string | null = null) => ({ providerMessageId, account, channels: ['SMS'] });

describe('Vonage Reports API', () => {
  it('asks about an SMS API message under SMS and a Messages API message (a UUID) under MESSAGES, outbound, by id', () => {
    expect(api.request('vonage', [message('0B00000127FDBC63')], settings)).toEqual({
      method: 'GET',
      url: 'https://reports.example/v2/reports/records?account_id=abcd1234&product=SMS&direction=outbound&id=0B00000127FDBC63',
      headers: { authorization: basic, accept: 'application/json' },
    });
    expect(api.request('vonage', [message('AAAAAAAA-bbbb-cccc-dddd-0123456789ab')], settings).url).toBe(
      'https://reports.example/v2/reports/records?account_id=abcd1234&product=MESSAGES&direction=outbound&id=AAAAAAAA-bbbb-cccc-dddd-0123456789ab',
    );
    expect([reportsProductOf('aaaaaaaa-bbbb-cccc-dddd-0123456789ab'), reportsProductOf('aaaaaaaa-bbbb-cccc-dddd-0123456789')]).toEqual(['MESSAGES', 'SMS']);
  });

  it("asks under the account a receipt named (a sub-account's api-key), else under the key's own", () => {
    expect(api.request('vonage', [message('0B00000127FDBC63', 'sub12345')], settings).url).toContain('account_id=sub12345&');
  });

  it('asks one message a request, in one lane paced at the API quota, and holds it back a second on a 429', () => {
    expect([api.batchSize(settings), api.laneOf(message('x', 'sub12345'), settings), api.minIntervalMs(settings)]).toEqual([1, 'vonage', 100]);
    // By default one a second: the poller refuses a MIN_INTERVAL_MS below 1000, defaults included.
    expect(api.settings.find((setting) => setting.name === 'MIN_INTERVAL_MS')?.default).toBe('1000');
    expect(api.readAnswer(429, { title: 'Too Many Requests' })).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 1_000 });
    expect(api.readAnswer(401, { title: 'Unauthorized' })).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(200, { records: [] })).toEqual({ _tag: 'Publish' });
  });
});
