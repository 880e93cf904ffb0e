import { describe, expect, it } from 'vitest';
import { readStateRecord } from './readStateRecord.js';

const state = { messageId: '8x8:u-1', state: 'sent', detail: null, attempt: 1, channels: ['SMS'], version: 1 };
const record = (key: string | null, value: string | null, headers: Record<string, Buffer> = {}) => ({
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers,
});

describe('readStateRecord', () => {
  it('reads a state and a tombstone', () => {
    expect(readStateRecord(record('8x8:u-1', JSON.stringify(state)))).toEqual({ ok: true, messageId: '8x8:u-1', state });
    expect(readStateRecord(record('8x8:u-1', null))).toEqual({ ok: true, messageId: '8x8:u-1', state: null });
  });

  it.each([
    ['a poison value', record('8x8:u-1', '{"broken'), /^not JSON/],
    ['JSON that is no state', record('8x8:u-1', '{"a":1}'), /^not a message state$/],
    ['a record without key', record(null, JSON.stringify(state)), /^no key$/],
    ['a state under another key', record('8x8:u-2', JSON.stringify(state)), /^keyed 8x8:u-2 but about 8x8:u-1$/],
    ['another major version', record('8x8:u-1', JSON.stringify(state), { 'schema-version': Buffer.from('2') }), /^schema-version "2"/],
  ])('says why it cannot read %s, without throwing', (_case, input, reason) => {
    const reading = readStateRecord(input);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.reason).toMatch(reason);
  });
});
