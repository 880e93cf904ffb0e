import { describe, expect, it } from 'vitest';
import { consumedRecord, topicMessagesOf } from './records.js';

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
