import { readFileSync } from 'node:fs';
import type { RawEvent } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { normalizeRawEvent, providerIds } from './normalizeRawEvent.js';

const eightByEightFixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../8x8/src/fixtures/${name}.json`, import.meta.url), 'utf8'));

const event = (provider: string, payload: unknown): RawEvent => ({
  provider,
  receivedAt: '2026-01-05T10:00:00.000Z',
  payload,
  source: { file: 'f', line: 1 },
});

describe('normalizeRawEvent', () => {
  it('knows the supported providers', () => {
    expect(providerIds).toEqual(['8x8', 'chuanglan', 'alphasms', 'meta-whatsapp', 'twilio', 'vonage', 'infobip', 'sinch', 'telnyx', 'plivo']);
  });

  it('orders the observations of one payload by attempt, then payload order', () => {
    const items = normalizeRawEvent(event('8x8', eightByEightFixture('details-fallback')));
    expect(items.map((item) => item._tag === 'Observed' && [item.observation.attempt, item.observation.channel])).toEqual([
      [1, 'Viber'],
      [2, 'SMS'],
    ]);
  });

  it('keeps payload order for step-less batches, with items that are not observations last', () => {
    const items = normalizeRawEvent(
      event('alphasms', {
        success: true,
        data: [
          { success: false, error: 'nope', data: { id: 3 } },
          { success: true, data: { id: 2, type: 'sms', status: 'SENT?' } },
          { success: true, data: { id: 9, type: 'sms', status: 'DELIVERED' } },
          { success: true, data: { id: 1, type: 'sms', status: 'QUEUED' } },
        ],
      }),
    );
    expect(items.map((item) => (item._tag === 'Observed' ? item.observation.providerMessageId : item._tag))).toEqual([
      '9',
      '1',
      'Invalid',
      'Invalid',
    ]);
  });

  it('reports an unknown provider as invalid, naming the supported ones', () => {
    expect(normalizeRawEvent(event('bandwidth', {}))).toEqual([
      { _tag: 'Invalid', messageId: null, reason: 'unknown provider "bandwidth"; supported: 8x8, chuanglan, alphasms, meta-whatsapp, twilio, vonage, infobip, sinch, telnyx, plivo' },
    ]);
  });
});
