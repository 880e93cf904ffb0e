import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { plivo } from './plivo.js';

const receivedAt = '2026-01-05T10:00:00.000Z';
const { fixture, normalize, observation } = normalizerSpecification(plivo, new URL('./fixtures/', import.meta.url), receivedAt);

const uuid = '5b40a428-bfc7-4daf-9d06-726c558bf3b8';
/** A payload without one of its fields. */
const without = (payload: Record<string, unknown>, name: string) => Object.fromEntries(Object.entries(payload).filter(([key]) => key !== name));

describe('Plivo status callbacks', () => {
  it('maps a delivered SMS, timed by its delivery report, ErrorCode 000 being no error', () => {
    expect(observation(fixture('sms-delivered'))).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      messageId: `plivo:${uuid}`,
      provider: 'plivo',
      providerMessageId: uuid,
      state: 'delivered',
      detail: null,
      attempt: null,
      channel: 'SMS',
      occurredAt: '2026-01-05T09:58:09.830Z',
      observedAt: receivedAt,
      error: null,
      providerStatus: 'delivered',
      source: { file: 'f', line: 1 },
    });
  });

  it('times queued by QueuedTime and sent by SentTime', () => {
    expect(observation(fixture('sms-queued'))).toMatchObject({ state: 'queued', occurredAt: '2026-01-05T09:58:00.201Z', error: null });
    expect(observation(fixture('sms-sent'))).toMatchObject({ state: 'sent', occurredAt: '2026-01-05T09:58:01.512Z', error: null });
  });

  it("keeps Plivo's error code with its documented meaning", () => {
    expect(observation(fixture('sms-undelivered'))).toMatchObject({
      messageId: 'plivo:0ab3d3c6-2b8f-11ee-9c9e-0242ac110003',
      state: 'undelivered',
      detail: null,
      occurredAt: '2026-01-05T09:41:02.660Z',
      error: { code: '70', message: 'Destination permanently unavailable' },
    });
    expect(observation({ ...fixture('sms-undelivered'), ErrorCode: '4711' }).error).toEqual({ code: '4711', message: null });
  });

  it('maps failed (expired in the queue) to failed at the receipt time, having no time of its own', () => {
    expect(observation(fixture('sms-failed'))).toMatchObject({
      state: 'failed',
      occurredAt: receivedAt,
      error: { code: '420', message: 'Message expired in the queue' },
    });
  });

  it("maps a carrier's rejected delivery report to undelivered, rejected by the operator", () => {
    expect(observation(fixture('sms-rejected'))).toMatchObject({
      state: 'undelivered',
      detail: 'rejected_by_operator',
      providerStatus: 'rejected',
      occurredAt: '2026-01-05T09:50:04.998Z',
      error: { code: '100', message: 'Prohibited by carrier' },
    });
  });

  it('reads WhatsApp read receipts at the receipt time, and MMS on its own channel', () => {
    expect(observation(fixture('whatsapp-read'))).toMatchObject({ state: 'read', channel: 'WhatsApp', occurredAt: receivedAt });
    expect(observation(fixture('mms-sent'))).toMatchObject({ state: 'sent', channel: 'MMS', occurredAt: '2026-01-05T09:57:31.700Z' });
    expect(observation({ ...fixture('mms-sent'), Type: 'rcs' }).channel).toBe('RCS');
    expect(observation(without(fixture('mms-sent'), 'Type')).channel).toBeNull();
  });

  it("folds a long SMS's part into the message sent, the parent's UUID", () => {
    expect(observation(fixture('sms-long-part-2'))).toMatchObject({
      messageId: 'plivo:db3ce55a-2b8f-11ee-a4a1-0242ac110006',
      providerMessageId: 'db3ce55a-2b8f-11ee-a4a1-0242ac110006',
      state: 'delivered',
    });
    expect(observation({ ...fixture('sms-long-part-2'), ParentMessageUUID: '' }).providerMessageId).toBe('e7a5b7e2-2b8f-11ee-a4a1-0242ac110007');
    expect(observation(without(fixture('sms-long-part-2'), 'ParentMessageUUID')).providerMessageId).toBe('e7a5b7e2-2b8f-11ee-a4a1-0242ac110007');
  });

  it.each([
    ['queued', 'queued', null],
    ['sent', 'sent', null],
    ['failed', 'failed', null],
    ['delivered', 'delivered', null],
    ['undelivered', 'undelivered', null],
    ['rejected', 'undelivered', 'rejected_by_operator'],
    ['read', 'read', null],
    ['  Delivered ', 'delivered', null],
    ['UNDELIVERED', 'undelivered', null],
  ])('maps %j to %s', (word, state, detail) => {
    expect(observation({ ...fixture('sms-delivered'), Status: word })).toMatchObject({ state, detail, providerStatus: word });
  });

  it('ignores incoming messages (no Status) and the inbound received state, counted as inbound messages', () => {
    const inbound = { _tag: 'Ignored', reason: 'a Plivo incoming message, not a status callback', eventType: 'inbound message' };
    expect(normalize(fixture('inbound-message'))).toEqual([inbound]);
    expect(normalize({ ...without(fixture('inbound-message'), 'Text'), Type: 'mms', Body: 'a picture', MediaCount: '1' })).toEqual([inbound]);
    expect(normalize({ ...fixture('sms-delivered'), Status: 'received' })).toEqual([
      { _tag: 'Ignored', reason: 'Plivo state "received" is an inbound message\'s', eventType: 'inbound message' },
    ]);
  });

  it('treats ErrorCode 000, 0, empty or absent as no error, and reads a numeric code', () => {
    for (const ErrorCode of ['000', '0', '', '  ']) expect(observation({ ...fixture('sms-undelivered'), ErrorCode }).error).toBeNull();
    expect(observation(without(fixture('sms-undelivered'), 'ErrorCode')).error).toBeNull();
    expect(observation({ ...fixture('sms-undelivered'), ErrorCode: 30 }).error).toEqual({ code: '30', message: 'Spam detected' });
  });

  it("takes the sender's clientRef from the callback URL's query string; none without one", () => {
    const withQuery = (callbackQuery: string) =>
      plivo.normalize({ provider: 'plivo', receivedAt, payload: fixture('sms-delivered'), source: { file: 'f', line: 1 }, callbackQuery });
    expect(withQuery('clientRef=order-1842&x=1')).toEqual([expect.objectContaining({ observation: expect.objectContaining({ clientRef: 'order-1842' }) })]);
    expect(withQuery('clientRef=')[0]).toEqual(expect.objectContaining({ observation: expect.not.objectContaining({ clientRef: expect.anything() }) }));
    expect(observation(fixture('sms-delivered'))).not.toHaveProperty('clientRef');
    expect(withQuery(`clientRef=${'x'.repeat(513)}`)).toEqual([
      { _tag: 'Invalid', reason: "the callback URL's clientRef is longer than 512 characters", messageId: `plivo:${uuid}` },
    ]);
  });

  it('reads times with offsets and fractions of any length, zone-less ones as UTC', () => {
    const at = (DeliveryReportTime: string) => observation({ ...fixture('sms-delivered'), DeliveryReportTime }).occurredAt;
    expect(at('2026-01-05 15:28:09.830071+05:30')).toBe('2026-01-05T09:58:09.830Z');
    expect(at('2026-01-05 09:58:09')).toBe('2026-01-05T09:58:09.000Z');
    expect(at('2026-01-05 09:58:09.8')).toBe('2026-01-05T09:58:09.800Z');
    expect(at('')).toBe(receivedAt);
  });

  it('refuses an unknown status, an unreadable time and a callback without Status, naming the message', () => {
    const messageId = `plivo:${uuid}`;
    for (const word of ['constructor', 'toString', '__proto__']) {
      expect(normalize({ ...fixture('sms-delivered'), Status: word })).toEqual([{ _tag: 'Invalid', reason: `unmapped Plivo status "${word}"`, messageId }]);
    }
    expect(observation({ ...fixture('sms-undelivered'), ErrorCode: 'constructor', Type: 'constructor' })).toMatchObject({
      error: { code: 'constructor', message: null },
      channel: 'constructor',
    });
    expect(normalize({ ...fixture('sms-delivered'), Status: 'partially_delivered' })).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Plivo status "partially_delivered"', messageId },
    ]);
    expect(normalize({ ...fixture('sms-delivered'), DeliveryReportTime: '05/01/2026 09:58' })).toEqual([
      { _tag: 'Invalid', reason: 'Plivo DeliveryReportTime "05/01/2026 09:58" is not a time', messageId },
    ]);
    expect(normalize(without(fixture('sms-delivered'), 'Status'))).toEqual([{ _tag: 'Invalid', reason: 'a Plivo callback without Status', messageId }]);
  });

  it('reads a numeric MessageUUID as text, and refuses what is not a callback with the field at fault', () => {
    expect(observation({ ...fixture('sms-delivered'), MessageUUID: 12345, ParentMessageUUID: 12345 }).messageId).toBe('plivo:12345');
    const refused = (payload: unknown) => normalize(payload).map((item) => (item._tag === 'Invalid' ? item.reason : item._tag));
    expect(refused({ Status: 'sent' })).toEqual(['not a Plivo callback: MessageUUID: not any of the accepted forms']);
    expect(refused({ ...fixture('sms-delivered'), Status: 7 })).toEqual(['not a Plivo callback: Status: expected text, got a number']);
    const unusable = 'a Plivo callback whose MessageUUID is empty, too long or not a whole number';
    expect(refused({ ...fixture('sms-delivered'), MessageUUID: '' })).toEqual([unusable]);
    expect(refused({ ...fixture('sms-delivered'), MessageUUID: 2 ** 60 })).toEqual([unusable]);
  });
});

describe('Plivo message detail records (status API answers)', () => {
  it("maps the SDKs' detail record, timed by message_updated_time with its offset", () => {
    expect(observation(fixture('details-sent'))).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      messageId: `plivo:${uuid}`,
      provider: 'plivo',
      providerMessageId: uuid,
      state: 'sent',
      detail: null,
      attempt: null,
      channel: 'SMS',
      occurredAt: '2024-08-21T12:58:51.947Z',
      observedAt: receivedAt,
      error: null,
      providerStatus: 'sent',
      source: { file: 'f', line: 1 },
    });
  });

  it("keeps Plivo's error message over the documented meaning", () => {
    expect(observation(fixture('details-undelivered'))).toMatchObject({
      state: 'undelivered',
      occurredAt: '2026-01-05T09:41:02.660Z',
      error: { code: '80', message: 'Destination temporarily unavailable' },
    });
    const errorOf = (fields: object) => observation({ ...fixture('details-undelivered'), ...fields }).error;
    expect(errorOf({ error_message: 'Handset   switched\noff' })).toEqual({ code: '80', message: 'Handset switched off' });
    expect(errorOf({ error_message: null, error_code: '90' })).toEqual({ code: '90', message: 'No route available' });
    expect(observation({ ...fixture('details-undelivered'), error_code: '000', error_message: '' }).error).toBeNull();
  });

  it('falls back to the receipt time in older answers, without message_updated_time', () => {
    expect(observation(without(fixture('details-sent'), 'message_updated_time')).occurredAt).toBe(receivedAt);
    expect(normalize({ ...fixture('details-sent'), message_updated_time: 'yesterday' })).toEqual([
      { _tag: 'Invalid', reason: 'Plivo message_updated_time "yesterday" is not a time', messageId: `plivo:${uuid}` },
    ]);
  });

  it('ignores inbound messages, counted as inbound messages', () => {
    expect(normalize(fixture('details-inbound'))).toEqual([
      { _tag: 'Ignored', reason: 'Plivo "inbound" message: not an outbound message\'s status', eventType: 'inbound message' },
    ]);
  });

  it('maps WhatsApp records, and refuses unknown states and broken records', () => {
    expect(observation({ ...fixture('details-sent'), message_type: 'whatsapp', message_state: 'read' })).toMatchObject({ state: 'read', channel: 'WhatsApp' });
    expect(normalize({ ...fixture('details-sent'), message_state: 'expired' })).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Plivo status "expired"', messageId: `plivo:${uuid}` },
    ]);
    expect(normalize({ ...fixture('details-sent'), message_state: null })).toEqual([
      { _tag: 'Invalid', reason: 'not a Plivo message detail record: message_state: expected text, got null', messageId: null },
    ]);
  });

  it("dead-letters Plivo's API errors with their reason", () => {
    expect(normalize(fixture('error-401'))).toEqual([
      { _tag: 'Invalid', reason: 'Plivo API error: authentication credentials were not provided', messageId: null },
    ]);
    expect(normalize(fixture('error-404'))).toEqual([{ _tag: 'Invalid', reason: 'Plivo API error: not found', messageId: null }]);
    expect(normalize({ error: { message: 'bad' } })).toEqual([{ _tag: 'Invalid', reason: 'Plivo API error: {"message":"bad"}', messageId: null }]);
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    expect(normalize({ error: deep })).toEqual([{ _tag: 'Invalid', reason: 'Plivo API error: an error too deeply nested to write out', messageId: null }]);
  });

  it('refuses what is no Plivo payload', () => {
    expect(normalize([1])).toEqual([{ _tag: 'Invalid', reason: 'a Plivo payload is a JSON object', messageId: null }]);
    expect(normalize('text')).toEqual([{ _tag: 'Invalid', reason: 'a Plivo payload is a JSON object', messageId: null }]);
    expect(normalize({ hello: 'world' })[0]).toMatchObject({ _tag: 'Invalid', reason: expect.stringMatching(/^not a Plivo payload/) });
  });
});
