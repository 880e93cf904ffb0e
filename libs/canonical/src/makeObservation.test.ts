import { describe, expect, it } from 'vitest';
import { makeObservation, type ObservationFacts } from './makeObservation.js';
import { Observation } from './Observation.js';
import type { RawEvent } from './ProviderNormalizer.js';

const event: RawEvent = {
  provider: '8x8',
  receivedAt: '2026-01-05T10:00:00.000Z',
  payload: {},
  source: { file: 'events.ndjson', line: 3 },
};
const facts: ObservationFacts = {
  providerMessageId: 'dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
  state: 'delivered',
  detail: null,
  attempt: 1,
  channel: 'whatsapp',
  providerTime: '2020-06-17T04:17:21.060Z',
  error: null,
  providerStatus: 'delivered/delivered_to_carrier',
};

describe('makeObservation', () => {
  it('builds a valid canonical observation keyed by provider and provider id', () => {
    const observation = makeObservation(event, facts);
    expect(Observation.parse(observation)).toEqual(observation);
    expect(observation).toMatchObject({
      messageId: '8x8:dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
      channel: 'WhatsApp',
      occurredAt: '2020-06-17T04:17:21.060Z',
      observedAt: '2026-01-05T10:00:00.000Z',
    });
  });

  it('gives a redelivery the same event id, wherever and whenever it arrives', () => {
    const again = makeObservation(
      { ...event, receivedAt: '2026-01-05T10:01:30.000Z', source: { topic: 'msgstatus.raw.8x8', partition: 2, offset: '77' } },
      { ...facts, channel: 'WhatsApp' },
    );
    expect(again.eventId).toBe(makeObservation(event, facts).eventId);
  });

  it('gives a different status, time or attempt another event id', () => {
    const base = makeObservation(event, facts).eventId;
    expect(makeObservation(event, { ...facts, providerStatus: 'read' }).eventId).not.toBe(base);
    expect(makeObservation(event, { ...facts, providerTime: '2020-06-17T04:17:22.060Z' }).eventId).not.toBe(base);
    expect(makeObservation(event, { ...facts, attempt: 2 }).eventId).not.toBe(base);
  });

  it("uses the receipt time when the provider gives none", () => {
    expect(makeObservation(event, { ...facts, providerTime: null }).occurredAt).toBe(event.receivedAt);
  });
});
