import { describe, expect, it } from 'vitest';
import { deadLetterHeaders, deadLetterOf } from './deadLetters.js';
import { rawRecordOf, readRawRecord, type KafkaRecordLike } from './rawRecords.js';
import { readEnvelope } from './readEnvelope.js';
import { topicNames } from './topics.js';

const names = topicNames('t1');
const record = (value: Buffer | string | null, headers: Record<string, string> = {}, topic = names.raw('8x8')): KafkaRecordLike => ({
  topic,
  partition: 1,
  offset: '10',
  key: Buffer.from('umid-1'),
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
  timestamp: String(Date.UTC(2026, 0, 5, 9, 0, 0, 5)),
});

describe('readRawRecord', () => {
  it('reads provider and receipt time from the headers, and points the source at the record', () => {
    const reading = readRawRecord(record('{"a":1}', { provider: '8x8', 'received-at': '2026-01-05T10:00:00Z' }), names);
    expect(reading).toEqual({
      ok: true,
      event: { provider: '8x8', receivedAt: '2026-01-05T10:00:00.000Z', payload: { a: 1 }, source: { topic: 't1.raw.8x8', partition: 1, offset: '10' } },
    });
  });

  it('carries the callback URL query string from its header, and an envelope with one round-trips through a raw record', () => {
    const envelope = { provider: 'twilio', receivedAt: '2026-01-05T10:00:00.000Z', payload: { MessageSid: 'SM1' }, callbackQuery: 'clientRef=order-7' };
    const written = rawRecordOf(envelope, names, 'SM1');
    expect(written.headers).toEqual({ provider: 'twilio', 'received-at': '2026-01-05T10:00:00.000Z', 'callback-query': 'clientRef=order-7', 'schema-version': '1' });
    const reading = readRawRecord(record(String(written.value), written.headers as Record<string, string>, names.raw('twilio')), names);
    expect(reading.ok && reading.event.callbackQuery).toBe('clientRef=order-7');
    expect(readEnvelope(JSON.stringify(envelope), { file: 'f', line: 1 })).toMatchObject({ ok: true, event: { callbackQuery: 'clientRef=order-7' } });
    const plain = readRawRecord(record('{"a":1}', { provider: '8x8' }), names);
    expect(plain.ok && plain.event).not.toHaveProperty('callbackQuery');
  });

  it("falls back to the topic's provider and the record's timestamp", () => {
    const reading = readRawRecord(record('{}'), names);
    expect(reading.ok && [reading.event.provider, reading.event.receivedAt]).toEqual(['8x8', '2026-01-05T09:00:00.005Z']);
  });

  it.each([
    ['a record without value', null, 'no payload (a record without value)'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'payload is not UTF-8'],
    ['truncated JSON', '{"umid":', 'payload is not JSON'],
  ])('refuses %s with a reason', (_case, value, reason) => {
    const reading = readRawRecord(record(value as Buffer | string | null), names);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.reason).toContain(reason);
    expect(!reading.ok && reading.provider).toBe('8x8');
  });

  it("refuses a provider header that contradicts the topic's provider", () => {
    const reading = readRawRecord(record('{}', { provider: 'chuanglan' }), names);
    expect(!reading.ok && reading.reason).toBe('provider header "chuanglan" on the raw topic of 8x8');
  });

  it('refuses a record of another major schema version, and reads version 1', () => {
    const reading = readRawRecord(record('{}', { 'schema-version': '2' }), names);
    expect(!reading.ok && reading.reason).toBe('schema-version "2": this reader knows version 1 only');
    expect(readRawRecord(record('{}', { 'schema-version': '1' }), names).ok).toBe(true);
  });

  it('refuses a received-at header that is not a time', () => {
    const reading = readRawRecord(record('{}', { 'received-at': 'yesterday' }), names);
    expect(!reading.ok && reading.reason).toMatch(/^not a raw event: receivedAt/);
  });
});

describe('rawRecordOf', () => {
  it("is the provider's raw topic, the payload as JSON, and the contract's headers", () => {
    const envelope = { provider: 'alphasms', receivedAt: '2026-01-05T10:00:00.000Z', payload: { success: true } };
    expect(rawRecordOf(envelope, names, 'alphasms')).toEqual({
      topic: 't1.raw.alphasms',
      key: 'alphasms',
      value: '{"success":true}',
      headers: { provider: 'alphasms', 'received-at': '2026-01-05T10:00:00.000Z', 'schema-version': '1' },
    });
  });

  it('reads back as the same raw event', () => {
    const envelope = { provider: '8x8', receivedAt: '2026-01-05T10:00:00.000Z', payload: { umid: 'x', n: [1, 2] } };
    const sent = rawRecordOf(envelope, names, 'x');
    const reading = readRawRecord(record(sent.value as string, sent.headers as Record<string, string>, sent.topic), names);
    expect(reading.ok && { provider: reading.event.provider, receivedAt: reading.event.receivedAt, payload: reading.event.payload }).toEqual(envelope);
  });
});

describe('deadLetterOf', () => {
  it('keeps the original key, bytes and headers, and adds the reason and where the record was', () => {
    const original = record(Buffer.from([0x7b, 0xff]), { provider: '8x8', 'received-at': '2026-01-05T10:00:00Z' });
    const letter = deadLetterOf(original, { stage: 'ingestor', reason: 'payload is not UTF-8', provider: '8x8', messageId: null }, names.deadLetter);
    expect(letter.topic).toBe('t1.dead-letter');
    expect(letter.key).toEqual(original.key);
    expect(letter.value).toEqual(original.value);
    expect(Object.fromEntries(Object.entries(letter.headers!).map(([name, value]) => [name, value.toString()]))).toEqual({
      provider: '8x8',
      'received-at': '2026-01-05T10:00:00Z',
      [deadLetterHeaders.reason]: 'payload is not UTF-8',
      [deadLetterHeaders.stage]: 'ingestor',
      [deadLetterHeaders.provider]: '8x8',
      [deadLetterHeaders.topic]: 't1.raw.8x8',
      [deadLetterHeaders.partition]: '1',
      [deadLetterHeaders.offset]: '10',
      'schema-version': '1',
    });
  });

  it("names its own schema version, and keeps the original record's under its own header", () => {
    const original = record('{}', { 'schema-version': '2' });
    const letter = deadLetterOf(original, { stage: 'ingestor', reason: 'r', provider: null, messageId: null }, names.deadLetter);
    expect(letter.headers!['schema-version']?.toString()).toBe('1');
    expect(letter.headers![deadLetterHeaders.schemaVersion]?.toString()).toBe('2');
  });
});

describe('the raw event size limit', () => {
  it('refuses a record over 1 MiB before parsing it, and accepts one at the limit', () => {
    const padded = (size: number) => `{"p":"${'x'.repeat(size - 8)}"}`;
    expect(padded(1_048_576)).toHaveLength(1_048_576);
    expect(readRawRecord(record(padded(1_048_576)), names).ok).toBe(true);
    const refused = readRawRecord(record(padded(1_048_577)), names);
    expect(!refused.ok && refused.reason).toBe('raw event of 1048577 bytes is over the limit of 1048576');
  });
});
