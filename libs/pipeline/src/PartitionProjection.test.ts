import { Anomaly, MessageState, StatusChangeRecord, stateRecords, topicNames, type KafkaRecordLike, type Observation } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { PartitionProjection } from './PartitionProjection.js';
import { Tally } from '@msgstatus/status-core';

const names = topicNames('t');
let offset = 0;

const observation = (state: Observation['state'], messageId = 'chuanglan:1', at = '2026-01-05T10:00:00.000Z'): Observation => ({
  eventId: (offset + 1).toString(16).padStart(32, '0'),
  messageId,
  provider: 'chuanglan',
  providerMessageId: messageId.slice('chuanglan:'.length),
  state,
  detail: null,
  attempt: null,
  channel: 'WhatsApp',
  occurredAt: at,
  observedAt: at,
  error: null,
  providerStatus: state,
  source: { topic: 't.raw.chuanglan', partition: 0, offset: String(offset) },
});

/** Keyed by the value's messageId, as every writer keys our topics. */
const asRecord = (value: unknown, topic = names.observations): KafkaRecordLike => ({
  topic,
  partition: 4,
  offset: String(offset++),
  key: typeof value === 'object' && value !== null && 'messageId' in value ? Buffer.from(String(value.messageId)) : null,
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: '0',
});

const parsedBy = <T>(schema: { parse(value: unknown): T }) => (output: { value: string | Buffer | null }) => schema.parse(JSON.parse(String(output.value)));

describe('PartitionProjection', () => {
  it('writes change records and the latest state of each changed message to its own partition number', () => {
    const projection = new PartitionProjection(names, 4);
    const counts = new Tally();
    const outputs = projection.project([asRecord(observation('sent')), asRecord(observation('delivered')), asRecord(observation('sent'))], counts);
    expect(outputs.map((output) => [output.topic, output.partition, output.key])).toEqual([
      ['t.changes', 4, 'chuanglan:1'],
      ['t.changes', 4, 'chuanglan:1'],
      ['t.state', 4, 'chuanglan:1'],
    ]);
    expect(outputs.slice(0, 2).map(parsedBy(StatusChangeRecord)).map((change) => [change.version, change.state])).toEqual([
      [1, 'sent'],
      [2, 'delivered'],
    ]);
    expect(parsedBy(MessageState)(outputs[2]!)).toEqual({
      messageId: 'chuanglan:1',
      state: 'delivered',
      detail: null,
      attempt: 1,
      channels: ['WhatsApp'],
      version: 2,
      changedAt: '2026-01-05T10:00:00.000Z',
      // A delivered WhatsApp message waits for its read receipt, or its window.
      final: false,
      finalReason: null,
    });
    expect(counts).toMatchObject({ observations: 3, accepted: 2, stale: 1 });
    expect(outputs.map((output) => output.headers?.['schema-version'])).toEqual(['1', '1', '1']);
  });

  it('closes the windows a batch passed at its end, with their state, as replay does at the end of its input', () => {
    const projection = new PartitionProjection(names, 4);
    const counts = new Tally();
    projection.project([asRecord(observation('sent', 'chuanglan:lost', '2026-01-05T10:00:30.000Z'))], counts);
    // Chuanglan's window is 30 days and 1% (7 h 12 min): both receipts fall in one minute, past it by the second one only.
    const outputs = projection.project(
      [asRecord(observation('sent', 'chuanglan:a', '2026-02-04T17:12:10.000Z')), asRecord(observation('sent', 'chuanglan:b', '2026-02-04T17:12:40.000Z'))],
      counts,
    );
    expect(outputs.map((output) => [output.topic, output.key])).toEqual([
      ['t.changes', 'chuanglan:a'],
      ['t.changes', 'chuanglan:b'],
      ['t.changes', 'chuanglan:lost'],
      ['t.state', 'chuanglan:a'],
      ['t.state', 'chuanglan:b'],
      ['t.state', 'chuanglan:lost'],
    ]);
    expect(parsedBy(StatusChangeRecord)(outputs[2]!)).toMatchObject({ version: 2, state: 'sent', finalReason: 'window-closed', observedAt: '2026-02-04T10:00:30.000Z' });
    expect(parsedBy(MessageState)(outputs[5]!)).toMatchObject({ final: true, finalReason: 'window-closed', changedAt: '2026-02-04T10:00:30.000Z' });
    expect(counts).toMatchObject({ closed: 1, final: 1 });
  });

  it('dead-letters an observation of another major schema version, naming it', () => {
    const projection = new PartitionProjection(names, 4);
    const record = { ...asRecord(observation('sent')), headers: { 'schema-version': Buffer.from('2') } };
    const [letter] = projection.project([record], new Tally());
    expect([letter?.topic, String(letter?.headers?.['dead-letter-reason'])]).toEqual(['t.dead-letter', 'schema-version "2": this reader knows version 1 only']);
  });

  it('publishes a conflict as an anomaly with both facts, and changes nothing', () => {
    const projection = new PartitionProjection(names, 4);
    const counts = new Tally();
    projection.project([asRecord(observation('read', 'chuanglan:2'))], counts);
    const outputs = projection.project([asRecord(observation('failed', 'chuanglan:2'))], counts);
    expect(outputs).toHaveLength(1);
    const anomaly = parsedBy(Anomaly)(outputs[0]!);
    expect(outputs[0]).toMatchObject({ topic: 't.anomalies', partition: 4, key: 'chuanglan:2' });
    expect(anomaly.rule).toBe('failure-after-success');
    expect(anomaly.known.state).toBe('read');
    expect(anomaly.observation.state).toBe('failed');
    expect(anomaly.reason).toContain('read');
  });

  it('goes on from restored state as if it had folded the log itself', () => {
    const log = [observation('queued', 'chuanglan:3'), observation('sent', 'chuanglan:3'), observation('read', 'chuanglan:3')];
    const whole = new PartitionProjection(names, 4);
    const expected = whole.project(log.map((entry) => asRecord(entry)), new Tally());

    const first = new PartitionProjection(names, 4);
    const firstOutputs = first.project([asRecord(log[0]), asRecord(log[1])], new Tally());
    const restored = new PartitionProjection(names, 4);
    for (const output of firstOutputs.filter((entry) => entry.topic === 't.state')) restored.restore(MessageState.parse(JSON.parse(String(output.value))));
    const secondOutputs = restored.project([asRecord(log[2])], new Tally());

    const changes = (outputs: typeof expected) => outputs.filter((output) => output.topic === 't.changes').map((output) => output.value);
    expect([...changes(firstOutputs), ...changes(secondOutputs)]).toEqual(changes(expected));
  });

  it('dead-letters records that are not observations, with the reason', () => {
    const counts = new Tally();
    const keyed = (value: string | null) => ({ ...asRecord(value), key: Buffer.from('chuanglan:1') });
    const aboutAnother = { ...asRecord(observation('sent', 'chuanglan:2')), key: Buffer.from('chuanglan:1') };
    const outputs = new PartitionProjection(names, 4).project([keyed('{"state":"sent"}'), keyed(null), asRecord(observation('sent')), { ...asRecord(observation('sent')), key: null }, aboutAnother], counts);
    expect(outputs.map((output) => [output.topic, String(output.headers?.['dead-letter-reason']).split(':')[0]])).toEqual([
      ['t.dead-letter', 'not an observation'],
      ['t.dead-letter', 'no value'],
      ['t.changes', 'undefined'],
      ['t.dead-letter', 'no key'],
      ['t.dead-letter', 'keyed chuanglan'],
      ['t.state', 'undefined'],
    ]);
    expect(counts.invalid).toBe(4);
  });

  it('removes a message that ended a retention ago with a tombstone, and dismisses a late receipt of it as expired', () => {
    const projection = new PartitionProjection(names, 4, { stateRetentionMs: 60_000 });
    const counts = new Tally();
    projection.project([asRecord(observation('read', 'chuanglan:old', '2026-01-05T10:00:00.000Z'))], counts);
    const later = projection.project([asRecord(observation('sent', 'chuanglan:new', '2026-01-05T10:02:00.000Z'))], counts);
    expect(later.map((output) => [output.topic, output.key, output.value === null ? null : 'state or change'])).toEqual([
      ['t.changes', 'chuanglan:new', 'state or change'],
      ['t.state', 'chuanglan:new', 'state or change'],
      ['t.state', 'chuanglan:old', null],
    ]);
    const late = { ...observation('delivered', 'chuanglan:old', '2026-01-05T09:59:00.000Z'), observedAt: '2026-01-05T10:03:00.000Z' };
    expect(projection.project([asRecord(late)], counts)).toEqual([]);
    expect(counts).toMatchObject({ accepted: 2, expired: 1, removed: 1 });
  });

  it('restores the end times of ended messages, as their state records say them', () => {
    const state = (messageId: string, value: MessageState, at = '2026-01-05T10:00:00.000Z'): MessageState => {
      const reading = stateRecords.read({ ...asRecord(value, names.state), key: Buffer.from(messageId), timestamp: String(Date.parse(at)) });
      if (!reading.ok || reading.value === null) throw new Error('a state record the test wrote is unreadable');
      return reading.value;
    };
    const ended: MessageState = { messageId: 'chuanglan:7', state: 'failed', detail: null, attempt: 1, channels: ['WhatsApp'], version: 2 };
    const projection = new PartitionProjection(names, 4, { stateRetentionMs: 60_000 });
    projection.restore(state('chuanglan:7', ended));
    projection.restore(state('chuanglan:8', { ...ended, messageId: 'chuanglan:8', changedAt: '2026-01-05T10:00:30.000Z' }));
    projection.restored();
    expect(projection.size).toBe(2);
    const counts = new Tally();
    const outputs = projection.project([asRecord(observation('sent', 'chuanglan:1', '2026-01-05T10:01:10.000Z'))], counts);
    // chuanglan:7 ended when its record was written (no changedAt), a minute and more before.
    expect(outputs.filter((output) => output.value === null).map((output) => output.key)).toEqual(['chuanglan:7']);
  });
});
