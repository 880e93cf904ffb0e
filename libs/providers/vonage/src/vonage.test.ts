import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { vonage } from './vonage.js';

const { fixture, normalize, observation, observations } = normalizerSpecification(vonage, new URL('./fixtures/', import.meta.url));

const receipt = (fields: Record<string, unknown>) => ({ ...fixture('sms-dlr-expired'), ...fields });
const status = (fields: Record<string, unknown>) => ({ ...fixture('messages-sms-submitted'), ...fields });
/** The record without these fields. */
const without = (record: Record<string, unknown>, ...fields: string[]) => Object.fromEntries(Object.entries(record).filter(([name]) => !fields.includes(name)));
const records = (name: string, record: Record<string, unknown>) => {
  const answer = fixture(name) as { records: Array<Record<string, unknown>> };
  return { ...answer, records: [{ ...answer.records[0], ...record }] };
};

describe('Vonage SMS API delivery receipts', () => {
  it("maps Vonage's typical receipt, whose scts is later than its posting time: carrier-local, so the posting time stands", () => {
    expect(observation(fixture('sms-dlr-delivered'))).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      messageId: 'vonage:0B00000127FDBC63',
      provider: 'vonage',
      providerMessageId: '0B00000127FDBC63',
      state: 'delivered',
      detail: null,
      attempt: null,
      channel: 'SMS',
      occurredAt: '2018-10-25T12:10:29.000Z',
      observedAt: '2026-01-05T10:00:00.000Z',
      error: null,
      providerStatus: 'delivered',
      source: { file: 'f', line: 1 },
    });
  });

  it("takes the sending api-key as the account and client-ref as the sender's reference", () => {
    expect(observation(fixture('sms-dlr-signed'))).toMatchObject({
      messageId: 'vonage:0A0000001234567B',
      state: 'delivered',
      account: 'abcd1234',
      clientRef: 'my-personal-reference',
      occurredAt: '2020-01-01T12:00:00.000Z',
      error: null,
    });
    expect(observation(fixture('sms-dlr-delivered'))).not.toHaveProperty('account');
    expect(observation(fixture('sms-dlr-delivered'))).not.toHaveProperty('clientRef');
  });

  it('reads scts (YYMMDDHHMM) as the status time in UTC, and keeps err-code with its meaning', () => {
    expect(observation(fixture('sms-dlr-expired'))).toMatchObject({
      messageId: 'vonage:0A0000001234567C',
      state: 'undelivered',
      detail: 'undelivered_to_recipient',
      occurredAt: '2020-01-04T12:00:00.000Z',
      error: { code: '2', message: 'Absent Subscriber - Temporary' },
      providerStatus: 'expired',
    });
    expect(observation(fixture('sms-dlr-rejected'))).toMatchObject({
      state: 'undelivered',
      detail: 'rejected_by_operator',
      occurredAt: '2020-01-01T12:01:00.000Z',
      error: { code: '6', message: 'Anti-Spam Rejection' },
    });
    expect(observation(receipt({ 'err-code': '77' })).error).toEqual({ code: '77', message: null });
  });

  it.each([
    ['accepted', 'sent', null],
    ['buffered', 'sent', null],
    ['delivered', 'delivered', null],
    ['expired', 'undelivered', 'undelivered_to_recipient'],
    ['failed', 'undelivered', null],
    ['rejected', 'undelivered', 'rejected_by_operator'],
    ['deleted', 'failed', null],
    ['  DELIVERED ', 'delivered', null],
  ])('maps the receipt status %j to %s', (word, state, detail) => {
    expect(observation(receipt({ status: word, 'err-code': '0' }))).toMatchObject({ state, detail, providerStatus: word });
  });

  it('ignores unknown (no useful information) and inbound messages, counted by what they are', () => {
    expect(normalize(fixture('sms-dlr-unknown'))).toEqual([
      { _tag: 'Ignored', reason: 'Vonage SMS status "unknown" carries no status information', eventType: 'status unknown' },
    ]);
    expect(normalize(fixture('sms-inbound'))).toEqual([
      { _tag: 'Ignored', reason: "a Vonage SMS API inbound message: not an outbound message's status", eventType: 'inbound message' },
    ]);
  });

  it('treats err-code 0 or empty as no error on a success, keeps 0 on a failure', () => {
    expect(observation(receipt({ status: 'delivered', 'err-code': '0' })).error).toBeNull();
    expect(observation(receipt({ status: 'delivered', 'err-code': 0 })).error).toBeNull();
    expect(observation(receipt({ 'err-code': '' })).error).toBeNull();
    expect(observation(receipt({ status: 'failed', 'err-code': '0' })).error).toEqual({ code: '0', message: 'Delivered' });
  });

  it('takes a numeric messageId (JSON receipts) as text, and refuses one that lost digits', () => {
    expect(observation(receipt({ messageId: 123456789 })).messageId).toBe('vonage:123456789');
    expect(normalize(receipt({ messageId: 2 ** 60 }))).toEqual([{ _tag: 'Invalid', reason: expect.stringMatching(/is not a usable id/), messageId: null }]);
  });

  it('reads message-timestamp with an offset, and without scts the posting time is the status time', () => {
    const withoutScts = without(fixture('sms-dlr-expired'), 'scts');
    expect(observation({ ...withoutScts, 'message-timestamp': '2020-01-04 13:00:03+01:00' }).occurredAt).toBe('2020-01-04T12:00:03.000Z');
    expect(observation(without(withoutScts, 'message-timestamp')).occurredAt).toBe('2026-01-05T10:00:00.000Z');
  });

  it('refuses an unknown status, an unreadable time and fields of the wrong kind, naming the message', () => {
    expect(normalize(receipt({ status: 'teleported' }))).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Vonage SMS status "teleported"', messageId: 'vonage:0A0000001234567C' },
    ]);
    expect(normalize(receipt({ scts: '2001-04-12' }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage scts "2001-04-12" is not YYMMDDHHMM', messageId: 'vonage:0A0000001234567C' },
    ]);
    expect(normalize(receipt({ 'message-timestamp': 'yesterday' }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage message-timestamp "yesterday" is not a time', messageId: 'vonage:0A0000001234567C' },
    ]);
    expect(normalize(receipt({ status: 3 }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage SMS delivery receipt: status: expected text, got a number', messageId: 'vonage:0A0000001234567C' },
    ]);
    expect(normalize(receipt({ 'client-ref': 'x'.repeat(513) }))[0]).toMatchObject(
      { _tag: 'Invalid', reason: expect.stringMatching(/client-ref: expected at most 512 characters/) },
    );
  });

  it('gives a redelivered receipt the same event id, another status another', () => {
    const later = { provider: 'vonage', receivedAt: '2026-01-05T11:00:00.000Z', source: { file: 'g', line: 2 } };
    const again = vonage.normalize({ ...later, payload: fixture('sms-dlr-expired') });
    expect(again[0]).toMatchObject({ observation: { eventId: observation(fixture('sms-dlr-expired')).eventId } });
    expect(observation(receipt({ status: 'failed' })).eventId).not.toBe(observation(fixture('sms-dlr-expired')).eventId);
  });
});

describe('Vonage Messages API status webhooks', () => {
  it('maps a submitted SMS: sent, on the SMS channel, with the client_ref', () => {
    expect(observation(fixture('messages-sms-submitted'))).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      messageId: 'vonage:aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      provider: 'vonage',
      providerMessageId: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
      state: 'sent',
      detail: null,
      attempt: null,
      channel: 'SMS',
      occurredAt: '2023-05-01T14:00:00.000Z',
      observedAt: '2026-01-05T10:00:00.000Z',
      error: null,
      providerStatus: 'submitted',
      source: { file: 'f', line: 1 },
      clientRef: 'abc123',
    });
  });

  it('maps a WhatsApp read and a Viber (viber_service) undeliverable, channels in canonical spelling', () => {
    expect(observation(fixture('messages-whatsapp-read'))).toMatchObject({ state: 'read', channel: 'WhatsApp', occurredAt: '2025-02-03T12:14:25.000Z' });
    expect(observation(fixture('messages-viber-undeliverable'))).toMatchObject({ state: 'failed', channel: 'Viber', providerStatus: 'undeliverable' });
  });

  it('takes the failover step (workflow.items_number) as the attempt: the rejected RCS first, then the delivered SMS', () => {
    expect(observation(fixture('messages-rcs-rejected-failover'))).toMatchObject({
      messageId: 'vonage:aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab',
      state: 'undelivered',
      attempt: 1,
      channel: 'RCS',
      error: { code: '1000', message: 'Throttled - You have exceeded the submission capacity allowed on this account. Please wait and retry' },
      providerStatus: 'rejected',
    });
    expect(observation(fixture('messages-sms-delivered-failover'))).toMatchObject({ state: 'delivered', attempt: 2, channel: 'SMS', error: null });
    expect(observation(status({ workflow: { workflow_id: 'w', items_number: 2, items_total: 3 } })).attempt).toBe(2);
  });

  it.each([
    ['submitted', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['rejected', 'undelivered'],
    ['undeliverable', 'failed'],
    [' Read ', 'read'],
  ])('maps the status %j to %s', (word, state) => {
    expect(observation(status({ status: word }))).toMatchObject({ state, providerStatus: word });
  });

  it.each([
    ['sms', 'SMS'],
    ['mms', 'MMS'],
    ['rcs', 'RCS'],
    ['whatsapp', 'WhatsApp'],
    ['messenger', 'Messenger'],
    ['viber_service', 'Viber'],
    ['instagram', 'Instagram'],
  ])('spells the channel %s as %s', (channel, spelled) => {
    expect(observation(status({ channel })).channel).toBe(spelled);
  });

  it('reads timestamps with offsets or without a zone (UTC)', () => {
    expect(observation(status({ timestamp: '2023-05-01T16:00:00+02:00' })).occurredAt).toBe('2023-05-01T14:00:00.000Z');
    expect(observation(status({ timestamp: '2023-05-01 14:00:00' })).occurredAt).toBe('2023-05-01T14:00:00.000Z');
  });

  it('takes the error code from its type when the title is prose', () => {
    const error = { type: 'https://developer.vonage.com/api-errors/messages#1340', title: 'Outside the allowed window', detail: 'Re-engage the user' };
    expect(observation(status({ status: 'rejected', error })).error).toEqual({ code: '1340', message: 'Re-engage the user' });
    expect(observation(status({ status: 'rejected', error: { title: 1020 } })).error).toEqual({ code: '1020', message: null });
  });

  it('ignores inbound messages (message_type, no status)', () => {
    expect(normalize(fixture('messages-inbound'))).toEqual([
      { _tag: 'Ignored', reason: "a Vonage Messages API inbound message: not an outbound message's status", eventType: 'inbound message' },
    ]);
    expect(normalize({ message_uuid: 'u' })).toEqual([
      { _tag: 'Invalid', reason: 'Vonage Messages API payload without status: message_type: missing', messageId: null },
    ]);
  });

  it('refuses an unknown status, an unreadable time, a broken step and a long client_ref, naming the message', () => {
    const messageId = 'vonage:aaaaaaaa-bbbb-cccc-dddd-0123456789ab';
    expect(normalize(status({ status: 'clicked' }))).toEqual([{ _tag: 'Invalid', reason: 'unmapped Vonage Messages API status "clicked"', messageId }]);
    expect(normalize(status({ timestamp: '01/05/2023 14:00' }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage timestamp "01/05/2023 14:00" is not an ISO-8601 time', messageId },
    ]);
    expect(normalize(status({ workflow: { workflow_id: 'w', items_number: 'two' } }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage Messages API status: workflow.items_number: expected a whole number from 1', messageId },
    ]);
    expect(normalize(status({ workflow: { workflow_id: 'w', items_number: '3', items_total: '2' } }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage workflow item 3 is beyond its 2 items', messageId },
    ]);
    expect(normalize(status({ client_ref: 'x'.repeat(513) }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage Messages API status: client_ref: expected at most 512 characters', messageId },
    ]);
    expect(normalize(status({ timestamp: 1682949600 }))[0]).toMatchObject(
      { _tag: 'Invalid', reason: expect.stringMatching(/timestamp: expected text, got a number/) },
    );
  });

  it('gives each failover step its own event id', () => {
    const first = observation(fixture('messages-rcs-rejected-failover'));
    expect(observation(fixture('messages-rcs-rejected-failover')).eventId).toBe(first.eventId);
    expect(observation(fixture('messages-sms-delivered-failover')).eventId).not.toBe(first.eventId);
  });
});

describe("Vonage Reports API answers (the poller's)", () => {
  it("maps an SMS record in the receipts' words, finalized at date_finalized, for its account", () => {
    expect(observations(fixture('reports-sms-delivered'))).toEqual([
      expect.objectContaining({
        messageId: 'vonage:15000000E1F8B123',
        state: 'delivered',
        channel: 'SMS',
        attempt: null,
        account: 'abcd1234',
        occurredAt: '2020-06-01T15:08:11.000Z',
        error: null,
        providerStatus: 'delivered',
      }),
    ]);
    expect(observations(fixture('reports-sms-delivered'))[0]).not.toHaveProperty('clientRef');
  });

  it('maps a Messages record, its provider as the channel, its error code kept', () => {
    expect(observations(fixture('reports-messages-rejected'))).toEqual([
      expect.objectContaining({
        messageId: 'vonage:aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
        state: 'undelivered',
        channel: 'WhatsApp',
        clientRef: 'abc123',
        occurredAt: '2019-06-28T15:30:02.000Z',
        error: { code: '1300', message: null },
      }),
    ]);
  });

  it('takes a record not final yet at the receipt time, and an SMS error with its description', () => {
    const pending = records('reports-sms-delivered', { status: 'accepted', date_finalized: null, error_code: '0' });
    expect(observations(pending)[0]).toMatchObject({ state: 'sent', occurredAt: '2026-01-05T10:00:00.000Z', error: null });
    const failed = records('reports-sms-delivered', { status: 'failed', error_code: '3', error_code_description: 'Absent Subscriber - Permanent' });
    expect(observations(failed)[0]).toMatchObject({ state: 'undelivered', error: { code: '3', message: 'Absent Subscriber - Permanent' } });
  });

  it("refuses the ids Vonage has no record of, each naming its message, and ignores an empty answer", () => {
    expect(normalize(fixture('reports-not-found'))).toEqual([
      { _tag: 'Invalid', reason: 'the Vonage Reports API has no record of message "15000000E1F8B124"', messageId: 'vonage:15000000E1F8B124' },
    ]);
    expect(normalize(without(fixture('reports-not-found'), 'ids_not_found'))).toEqual([
      { _tag: 'Ignored', reason: 'Vonage Reports API answer with no records', eventType: 'empty answer' },
    ]);
  });

  it('ignores inbound and unknown records, and refuses broken ones, unknown words and other products', () => {
    expect(normalize(records('reports-sms-delivered', { direction: 'inbound' }))).toEqual([
      expect.objectContaining({ _tag: 'Ignored', eventType: 'inbound message' }),
    ]);
    expect(normalize(records('reports-sms-delivered', { status: 'unknown' }))).toEqual([
      expect.objectContaining({ _tag: 'Ignored', eventType: 'status unknown' }),
    ]);
    expect(normalize(records('reports-sms-delivered', { status: 7 }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage Reports API record: records.0.status: expected text, got a number', messageId: 'vonage:15000000E1F8B123' },
    ]);
    expect(normalize(records('reports-messages-rejected', { status: 'queued' }))).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Vonage Messages API status "queued"', messageId: 'vonage:aaaaaaaa-bbbb-cccc-dddd-0123456789ab' },
    ]);
    expect(normalize(records('reports-sms-delivered', { date_finalized: 'soon' }))).toEqual([
      { _tag: 'Invalid', reason: 'Vonage date_finalized "soon" is not an ISO-8601 time', messageId: 'vonage:15000000E1F8B123' },
    ]);
    expect(normalize({ ...fixture('reports-sms-delivered'), product: 'VOICE-CALL' })).toEqual([
      { _tag: 'Invalid', reason: 'Vonage Reports API answer about "VOICE-CALL": only SMS and MESSAGES records carry message statuses', messageId: null },
    ]);
  });
});

describe('Vonage API errors and other payloads', () => {
  it.each([
    ['api-error-out-of-credit', 'Vonage API error "You do not have enough credit": Your current balance is 30, but that costs 50.'],
    ['reports-forbidden', 'Vonage API error "Forbidden": User not authorized to query the requested data'],
  ])('reports %s as invalid with its title and detail', (name, reason) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Invalid', reason, messageId: null }]);
  });

  it.each([[null], [[1, 2]], ['text'], [{ status: 'delivered' }]])('reports %j as not a Vonage payload', (payload) => {
    expect(normalize(payload)).toEqual([{ _tag: 'Invalid', messageId: null, reason: expect.stringMatching(/Vonage payload/) }]);
  });
});
