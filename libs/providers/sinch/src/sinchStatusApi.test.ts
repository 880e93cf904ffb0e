import { describe, expect, it } from 'vitest';
import { sinchStatusApi as api } from './sinchStatusApi.js';

const defaults = Object.fromEntries(api.settings.flatMap((setting) => (setting.default === undefined ? [] : [[setting.name, setting.default]])));
const settings = { ...defaults, SERVICE_PLAN_ID: 'plan 1', API_TOKEN: 'token' };
const message = (providerMessageId: string) => ({ providerMessageId, account: null, channels: ['SMS'] });

describe('Sinch status API', () => {
  it("asks for one recipient's delivery report of its batch, in the US region by default, with the service plan's token", () => {
    expect(api.request('plan 1', [message('01FC66621XXXXX119Z8PMV1QPQ/44231235674')], settings)).toEqual({
      method: 'GET',
      url: 'https://us.sms.api.sinch.com/xms/v1/plan%201/batches/01FC66621XXXXX119Z8PMV1QPQ/delivery_report/44231235674',
      headers: { authorization: 'Bearer token', accept: 'application/json' },
    });
    expect(api.request('plan 1', [message('b:1/1')], { ...settings, BASE_URL: 'https://eu.sms.api.sinch.com/' }).url).toBe(
      'https://eu.sms.api.sinch.com/xms/v1/plan%201/batches/b%3A1/delivery_report/1',
    );
  });

  it('paces the service plan as one lane, one message a request, and asks only about batch/recipient ids', () => {
    expect(api.laneOf(message('01FC66621XXXXX119Z8PMV1QPQ/44231235674'), settings)).toBe('plan 1');
    expect(api.laneOf(message('01FC66621XXXXX119Z8PMV1QPQ'), settings)).toBeNull();
    expect(api.laneOf(message('batch/+44231235674'), settings)).toBeNull();
    expect(api.laneOf(message('batch/4423/1235674'), settings)).toBeNull();
    // By default one a second: the poller refuses a MIN_INTERVAL_MS below 1000, defaults included.
    expect([api.batchSize(settings), api.minIntervalMs(settings)]).toEqual([1, 1_000]);
    expect(api.settings.filter((setting) => setting.required).map((setting) => setting.name)).toEqual(['SERVICE_PLAN_ID', 'API_TOKEN']);
    expect(api.settings.find((setting) => setting.name === 'API_TOKEN')?.secret).toBe(true);
  });

  it('holds the lane back a second on 429 and publishes every other answer, errors included', () => {
    expect(api.readAnswer(429, { code: 'too_many_requests', text: 'Too many outstanding requests' })).toEqual({ _tag: 'QuotaExceeded', retryAfterMs: 1_000 });
    expect(api.readAnswer(200, { type: 'recipient_delivery_report_sms' })).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(401, { code: 'unauthorized', text: 'Unauthorized' })).toEqual({ _tag: 'Publish' });
    expect(api.readAnswer(404, { code: 'not_found', text: 'Not found' })).toEqual({ _tag: 'Publish' });
  });
});
