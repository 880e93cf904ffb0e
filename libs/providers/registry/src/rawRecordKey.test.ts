import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { rawRecordKey } from './rawRecordKey.js';

const chuanglanReadReceipt: unknown = JSON.parse(readFileSync(new URL('../../chuanglan/src/fixtures/seed-read.json', import.meta.url), 'utf8'));

const envelope = (provider: string, payload: unknown) => ({ provider, receivedAt: '2026-01-05T10:00:00.000Z', payload });

describe('rawRecordKey', () => {
  it("is the provider's message id when the payload reports on one message", () => {
    const receipt = envelope('chuanglan', chuanglanReadReceipt);
    expect(rawRecordKey(receipt)).toBe('356139161272397824');
  });

  it('is the provider for AlphaSMS, whose answers list the same message in varying company, so all stay in order', () => {
    const answer = (ids: number[]) =>
      envelope('alphasms', { success: true, data: ids.map((id) => ({ success: true, data: { id, type: 'sms', status: 'SENT' } })) });
    expect(rawRecordKey(answer([20001, 20020]))).toBe('alphasms');
    expect(rawRecordKey(answer([20002, 20001]))).toBe('alphasms');
    expect(rawRecordKey(envelope('alphasms', { success: false, error: 'Access denied' }))).toBe('alphasms');
  });

  it('is every id, sorted, when a message-keyed payload names several', () => {
    const step = (umid: string) => ({
      umid,
      subAccountId: 'acme',
      channel: 'SMS',
      direction: 'outbound',
      status: { state: 'delivered', timestamp: '2026-01-05T10:00:00.000Z' },
    });
    expect(rawRecordKey(envelope('8x8', { data: [step('b-umid'), step('a-umid')] }))).toBe('a-umid,b-umid');
  });

  it('is null for a payload that names no message', () => {
    expect(rawRecordKey(envelope('8x8', { code: 429, message: 'Quota exceeded. Please try again in 1 second(s).' }))).toBeNull();
    expect(rawRecordKey(envelope('nobody', {}))).toBeNull();
  });
});
