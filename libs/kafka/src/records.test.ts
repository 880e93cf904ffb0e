import { describe, expect, it } from 'vitest';
import { consumedRecord, inSends, topicMessagesOf } from './records.js';

describe('consumedRecord', () => {
  it('keeps headers as bytes, the last value of a repeated one', () => {
    const record = consumedRecord('t', 2, {
      offset: '7',
      key: Buffer.from('k'),
      value: Buffer.from('v'),
      timestamp: '1767603600000',
      headers: { provider: Buffer.from('8x8'), 'received-at': '2026-01-05T09:00:00.000Z', twice: ['a', Buffer.from('b')], none: undefined },
    });
    expect(Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, value.toString()]))).toEqual({
      provider: '8x8',
      'received-at': '2026-01-05T09:00:00.000Z',
      twice: 'b',
    });
    expect(record).toMatchObject({ topic: 't', partition: 2, offset: '7', timestamp: '1767603600000' });
  });
});

describe('topicMessagesOf', () => {
  it('groups records by topic, keeping their order within each', () => {
    const grouped = topicMessagesOf([
      { topic: 'a', key: '1', value: 'x' },
      { topic: 'b', key: '2', value: 'y', partition: 4 },
      { topic: 'a', key: '3', value: 'z' },
    ]);
    expect(grouped.map(({ topic, messages }) => [topic, messages.map((message) => message.key)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
    expect(grouped[1]!.messages[0]!.partition).toBe(4);
  });
});

describe('inSends', () => {
  it('splits records into sends under the byte limit, in order, none empty', () => {
    const records = Array.from({ length: 10 }, (_, index) => ({ topic: 't', key: `k${index}`, value: Buffer.alloc(300) }));
    const sends = inSends(records, 1_000);
    expect(sends.map((send) => send.length)).toEqual([2, 2, 2, 2, 2]);
    expect(sends.flat()).toEqual(records);
  });

  it('sends a record larger than the limit alone, and nothing for no records', () => {
    const big = { topic: 't', key: null, value: Buffer.alloc(5_000) };
    expect(inSends([big, big], 1_000)).toEqual([[big], [big]]);
    expect(inSends([], 1_000)).toEqual([]);
  });
});
