import { readFileSync } from 'node:fs';
import { deadLetterHeaders, Observation, topicNames, type KafkaRecordLike } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { ingestRecords } from './ingestRecords.js';
import { Tally } from '@msgstatus/status-core';

const names = topicNames('t');
const fixture = (path: string) => readFileSync(new URL(`../../providers/${path}`, import.meta.url));

let offset = 0;
const rawRecord = (provider: string, value: Buffer | string): KafkaRecordLike => ({
  topic: names.raw(provider),
  partition: 0,
  offset: String(offset++),
  key: null,
  value: typeof value === 'string' ? Buffer.from(value) : value,
  headers: { provider: Buffer.from(provider), 'received-at': Buffer.from('2026-01-05T10:00:00.000Z') },
  timestamp: '0',
});

const headerText = (headers: Readonly<Record<string, string | Buffer>> | undefined, name: string) => headers?.[name]?.toString();

describe('ingestRecords', () => {
  it('writes one observation per status reported, keyed by messageId, in payload attempt order', () => {
    const counts = new Tally();
    const outputs = ingestRecords([rawRecord('8x8', fixture('8x8/src/fixtures/details-fallback.json'))], names, counts);
    const observations = outputs.map((output) => Observation.parse(JSON.parse(output.value as string)));
    expect(outputs.map((output) => [output.topic, output.key])).toEqual(observations.map((observation) => ['t.observations', observation.messageId]));
    expect(observations[0]!.messageId).toMatch(/^8x8:/);
    expect(observations.map((observation) => observation.attempt)).toEqual([1, 2]);
    expect(observations[0]!.source).toEqual({ topic: 't.raw.8x8', partition: 0, offset: expect.any(String) });
    expect(counts.counts()).toMatchObject({ raw: 1, observations: 2, ignored: 0, invalid: 0 });
    expect(outputs.map((output) => headerText(output.headers, 'schema-version'))).toEqual(['1', '1']);
  });

  it('sends what it cannot use to the dead-letter topic with the original bytes and the reason', () => {
    const counts = new Tally();
    const truncated = rawRecord('chuanglan', '{"id":"e1","type":"whatsapp_message_status_upd');
    const apiError = rawRecord('alphasms', '{"success":false,"error":"Access denied"}');
    const outputs = ingestRecords([truncated, apiError], names, counts);
    expect(outputs.map((output) => output.topic)).toEqual(['t.dead-letter', 't.dead-letter']);
    expect(outputs[0]!.value).toEqual(truncated.value);
    expect(headerText(outputs[0]!.headers, deadLetterHeaders.reason)).toMatch(/^payload is not JSON/);
    expect(headerText(outputs[1]!.headers, deadLetterHeaders.reason)).toBe('AlphaSMS error response: Access denied');
    expect(headerText(outputs[1]!.headers, deadLetterHeaders.provider)).toBe('alphasms');
    expect(headerText(outputs[1]!.headers, 'received-at')).toBe('2026-01-05T10:00:00.000Z');
    expect(counts.counts()).toMatchObject({ raw: 2, observations: 0, ignored: 0, invalid: 2 });
  });

  it('writes nothing for events that carry no status by definition, and counts them', () => {
    const counts = new Tally();
    expect(ingestRecords([rawRecord('chuanglan', fixture('chuanglan/src/fixtures/mo-message.json'))], names, counts)).toEqual([]);
    expect(counts.counts()).toMatchObject({ raw: 1, observations: 0, ignored: 1, invalid: 0 });
  });

  it('dead-letters each bad item of a batch answer once, next to the observations of the good ones', () => {
    const counts = new Tally();
    const answer = {
      success: true,
      data: [
        { success: true, data: { id: 1, type: 'sms', status: 'DELIVERED' } },
        { success: true, data: { id: 2, type: 'sms', status: 'TELEPORTED' } },
        { success: false, error: 'Message not found', data: { id: 3 } },
      ],
    };
    const outputs = ingestRecords([rawRecord('alphasms', JSON.stringify(answer))], names, counts);
    expect(outputs.map((output) => [output.topic, output.topic === 't.dead-letter' ? headerText(output.headers, deadLetterHeaders.messageId) : output.key])).toEqual([
      ['t.observations', 'alphasms:1'],
      ['t.dead-letter', 'alphasms:2'],
      ['t.dead-letter', 'alphasms:3'],
    ]);
  });
});
