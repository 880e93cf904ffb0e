import { describe, expect, it } from 'vitest';
import { changeRecordOf } from '../changeRecordOf.js';
import { makeObservation } from '../makeObservation.js';
import type { MessageState } from '../MessageState.js';
import { topicNames } from '../topics.js';
import { anomalyRecords, changeRecords, observationRecords, stateRecords } from './topicRecords.js';

const names = topicNames('msgstatus');
const state: MessageState = { messageId: '8x8:u-1', state: 'sent', detail: null, attempt: 1, channels: ['SMS'], version: 1 };
const observation = makeObservation(
  { provider: '8x8', receivedAt: '2026-01-05T10:00:01.000Z', payload: {}, source: { topic: 'msgstatus.raw.8x8', partition: 0, offset: '7' } },
  { providerMessageId: 'u-1', state: 'sent', detail: null, attempt: 1, channel: 'SMS', providerTime: '2026-01-05T10:00:00.000Z', error: null, providerStatus: 'sent' },
);
/** A written record as a reader gets it back from Kafka: bytes. */
const asConsumed = (written: { key: string | Buffer | null; value: string | Buffer | null; headers?: Readonly<Record<string, string | Buffer>> }) => ({
  key: written.key === null ? null : Buffer.from(written.key),
  value: written.value === null ? null : Buffer.from(written.value),
  headers: Object.fromEntries(Object.entries(written.headers ?? {}).map(([name, value]) => [name, Buffer.from(value)])),
});
const record = (key: string | null, value: string | null, headers: Record<string, Buffer> = {}) => ({
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers,
});

describe('the state topic record', () => {
  it('reads back what was written: a state and a removal (a tombstone)', () => {
    const written = stateRecords.of(names, 3, state);
    expect(written).toMatchObject({ topic: 'msgstatus.state', partition: 3, key: '8x8:u-1', headers: { 'schema-version': '1' } });
    expect(stateRecords.read(asConsumed(written))).toEqual({ ok: true, messageId: '8x8:u-1', value: state });
    expect(stateRecords.read(asConsumed(stateRecords.removal(names, 3, '8x8:u-1')))).toEqual({ ok: true, messageId: '8x8:u-1', value: null });
  });

  it.each([
    ['a poison value', record('8x8:u-1', '{"broken'), /^not JSON/],
    ['JSON that is no state', record('8x8:u-1', '{"a":1}'), /^not a message state: messageId/],
    ['a record without key', record(null, JSON.stringify(state)), /^no key/],
    ['a tombstone without key', record(null, null), /^no key/],
    ['a state under another key', record('8x8:u-2', JSON.stringify(state)), /^keyed 8x8:u-2 but about 8x8:u-1$/],
    ['another major version', record('8x8:u-1', JSON.stringify(state), { 'schema-version': Buffer.from('2') }), /^schema-version "2"/],
    ['a tombstone of another major version', record('8x8:u-1', null, { 'schema-version': Buffer.from('2') }), /^schema-version "2"/],
  ])('says why it cannot read %s, without throwing', (_case, input, reason) => {
    const reading = stateRecords.read(input);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.reason).toMatch(reason);
  });
});

describe('the observation, change and anomaly records', () => {
  const change = changeRecordOf(observation, { state: 'sent', previousState: null, detail: null, attempt: 1, channel: 'SMS', version: 1, final: null });

  it('read back what was written, keyed by messageId on the topic of each', () => {
    const written = observationRecords.of(names, observation);
    expect(written).toMatchObject({ topic: 'msgstatus.observations', key: '8x8:u-1' });
    expect(observationRecords.read(asConsumed(written))).toMatchObject({ ok: true, messageId: '8x8:u-1', value: observation });
    const changeWritten = changeRecords.of(names, 2, change);
    expect(changeWritten).toMatchObject({ topic: 'msgstatus.changes', partition: 2, key: '8x8:u-1' });
    expect(changeRecords.read(asConsumed(changeWritten))).toEqual({ ok: true, messageId: '8x8:u-1', value: change });
  });

  it('follow the same rule as the state: a key that is not the messageId is refused', () => {
    const written = { ...observationRecords.of(names, observation), key: '8x8:other' };
    expect(observationRecords.read(asConsumed(written))).toEqual({ ok: false, messageId: '8x8:other', reason: 'keyed 8x8:other but about 8x8:u-1' });
    expect(anomalyRecords.read(record('8x8:u-1', '[]'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^not an anomaly: /) });
    expect(changeRecords.read(record('8x8:u-1', null))).toMatchObject({ ok: false, reason: 'no value: a record without a change record' });
  });
});

describe('a state written before changedAt existed', () => {
  it('changed when it was written: the record timestamp, when the reader has it', () => {
    const old = { ...record('8x8:u-1', JSON.stringify(state)), timestamp: String(Date.parse('2026-01-05T10:00:00.000Z')) };
    expect(stateRecords.read(old)).toEqual({ ok: true, messageId: '8x8:u-1', value: { ...state, changedAt: '2026-01-05T10:00:00.000Z' } });
    const current = { ...old, value: Buffer.from(JSON.stringify({ ...state, changedAt: '2026-01-01T00:00:00.000Z' })) };
    expect(stateRecords.read(current)).toMatchObject({ value: { changedAt: '2026-01-01T00:00:00.000Z' } });
  });
});
