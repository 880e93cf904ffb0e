import { stateRecords, topicNames, type KafkaRecordLike, type MessageState } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { StateCopies } from './StateCopies.js';

const names = topicNames('t');
let offset = 0;
const consumed = (written: { key: string | Buffer | null; value: string | Buffer | null }, partition = 1): KafkaRecordLike => ({
  topic: names.state,
  partition,
  offset: String(offset++),
  key: written.key === null ? null : Buffer.from(written.key),
  value: written.value === null ? null : Buffer.from(written.value),
  headers: {},
  timestamp: String(Date.parse('2026-01-05T10:00:00.000Z')),
});
const state = (messageId: string, version = 1): MessageState => ({
  messageId, state: 'sent', detail: null, attempt: 1, channels: ['SMS'], version, changedAt: '2026-01-05T10:00:00.000Z',
});

describe('StateCopies', () => {
  it('keeps the latest state of each message and forgets removed ones', () => {
    const copies = new StateCopies();
    const bad = copies.apply(1, [
      consumed(stateRecords.of(names, 1, state('8x8:a'))),
      consumed(stateRecords.of(names, 1, state('8x8:b'))),
      consumed(stateRecords.of(names, 1, state('8x8:a', 2))),
      consumed(stateRecords.removal(names, 1, '8x8:b')),
    ]);
    expect(bad).toEqual([]);
    expect(copies.get(1, '8x8:a')?.version).toBe(2);
    expect(copies.get(1, '8x8:b')).toBeUndefined();
    expect([...copies.statesOf(1)].map((entry) => entry.messageId)).toEqual(['8x8:a']);
    expect(copies.size).toBe(1);
  });

  it('says which records it could not read, and keeps what it had', () => {
    const copies = new StateCopies();
    copies.apply(2, [consumed(stateRecords.of(names, 2, state('8x8:a')), 2)]);
    const poison = { ...consumed({ key: '8x8:a', value: '{"broken' }, 2) };
    const elsewhere = consumed({ key: '8x8:c', value: JSON.stringify(state('8x8:a', 9)) }, 2);
    expect(copies.apply(2, [poison, elsewhere]).map((entry) => [entry.offset, entry.reason.split(':')[0]])).toEqual([
      [poison.offset, 'not JSON'],
      [elsewhere.offset, 'keyed 8x8'],
    ]);
    expect(copies.get(2, '8x8:a')?.version).toBe(1);
  });

  it('drops a partition whole, and counts what the others hold', () => {
    const copies = new StateCopies();
    copies.apply(1, [consumed(stateRecords.of(names, 1, state('8x8:a')))]);
    copies.apply(2, [consumed(stateRecords.of(names, 2, state('8x8:b')), 2), consumed(stateRecords.of(names, 2, state('8x8:c')), 2)]);
    copies.drop(2);
    expect(copies.size).toBe(1);
    expect(copies.sizeOf(2)).toBe(0);
    expect(copies.get(1, '8x8:a')).toBeDefined();
  });
});

describe('StateCopies without keeping', () => {
  it('tells of each record in order and holds nothing', () => {
    const copies = new StateCopies({ keep: false });
    const told: Array<[string, number | null]> = [];
    copies.apply(1, [consumed(stateRecords.of(names, 1, state('8x8:a'))), consumed({ key: '8x8:a', value: 'x' }), consumed(stateRecords.removal(names, 1, '8x8:a'))], (messageId, latest) =>
      told.push([messageId, latest?.version ?? null]),
    );
    expect(told).toEqual([['8x8:a', 1], ['8x8:a', null]]);
    expect(copies.size).toBe(0);
    expect(copies.get(1, '8x8:a')).toBeUndefined();
  });
});
