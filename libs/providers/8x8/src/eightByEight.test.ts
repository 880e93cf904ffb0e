import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { eightByEight } from './eightByEight.js';

const receivedAt = '2026-01-05T10:00:00.000Z';
const { fixture, normalize, observations } = normalizerSpecification(eightByEight, new URL('./fixtures/', import.meta.url), receivedAt);

describe('8x8 Chat Apps message-details response', () => {
  it("maps the seed's delivered record: unknown detail kept verbatim, errorCode 0 is no error", () => {
    expect(observations(fixture('details-seed-delivered'))).toEqual([
      expect.objectContaining({
        messageId: '8x8:dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
        providerMessageId: 'dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
        state: 'delivered',
        detail: null,
        providerStatus: 'delivered/delivered_to_carrier',
        attempt: 1,
        channel: 'WhatsApp',
        occurredAt: '2020-06-17T04:17:21.060Z',
        observedAt: receivedAt,
        error: null,
      }),
    ]);
  });

  it("maps the seed's read record on step 2, direction spelled Outbound", () => {
    expect(observations(fixture('details-seed-read'))).toEqual([
      expect.objectContaining({ state: 'read', attempt: 2, occurredAt: '2020-06-17T04:25:21.060Z' }),
    ]);
  });

  it('gives one observation per fallback step, with the step as attempt and 7-digit fractions read', () => {
    const [sms, viber] = observations(fixture('details-fallback'));
    expect(sms).toMatchObject({ attempt: 2, channel: 'SMS', state: 'delivered', detail: 'delivered_to_recipient', occurredAt: '2026-01-05T09:01:10.123Z' });
    expect(viber).toMatchObject({
      attempt: 1,
      channel: 'Viber',
      state: 'undelivered',
      detail: 'undelivered_to_recipient',
      error: { code: '7', message: 'Not a Viber user' },
    });
  });

  it('ignores inbound records and the unknown and ok states, which carry no status', () => {
    expect(normalize(fixture('details-inbound'))).toEqual([
      { _tag: 'Ignored', reason: '8x8 "inbound" message: not an outbound message\'s status', eventType: 'inbound message' },
    ]);
    expect(normalize(fixture('details-unknown-state'))).toEqual([
      { _tag: 'Ignored', reason: '8x8 state "unknown" carries no message status', eventType: 'status unknown' },
    ]);
  });

  it('maps failed to rejected and error to failed, as seed 001 defines them', () => {
    const record = (state: string) => ({ data: [{ ...(fixture('details-seed-read') as { data: object[] }).data[0], status: { state, timestamp: '2026-01-05T09:00:00Z' } }] });
    expect(observations(record('failed'))[0]?.state).toBe('rejected');
    expect(observations(record('Error'))[0]?.state).toBe('failed');
  });

  it('reports a bad record as invalid for that message only', () => {
    const good = (fixture('details-seed-read') as { data: object[] }).data[0]!;
    const items = normalize({ data: [good, { ...good, umid: 'broken-1', step: 'two' }] });
    expect(items.map((item) => item._tag)).toEqual(['Observed', 'Invalid']);
    expect(items[1]).toEqual({ _tag: 'Invalid', messageId: '8x8:broken-1', reason: expect.stringContaining('data.1.step') });
  });

  it('sends an unmapped state and an unreadable timestamp to the dead-letter path with the reason', () => {
    const record = (status: object) => ({ data: [{ ...(fixture('details-seed-read') as { data: object[] }).data[0], status }] });
    expect(normalize(record({ state: 'teleported', timestamp: '2026-01-05T09:00:00Z' }))).toEqual([
      { _tag: 'Invalid', reason: 'unmapped 8x8 state "teleported"', messageId: '8x8:dec02e44-c76f-4a0a-b69f-6ac2a4386eb9' },
    ]);
    expect(normalize(record({ state: 'read', timestamp: '17/06/2020 04:17' }))[0]).toMatchObject({
      _tag: 'Invalid',
      reason: '8x8 status timestamp "17/06/2020 04:17" is not an ISO-8601 time',
    });
  });
});

describe('8x8 delivery-receipt webhooks', () => {
  it('maps SMS receipts on the SMS channel, in any casing, with no step', () => {
    expect(observations(fixture('sms-receipt-queued'))).toEqual([
      expect.objectContaining({ state: 'queued', channel: 'SMS', attempt: null, occurredAt: '2020-12-22T01:24:30.603Z' }),
    ]);
    expect(observations(fixture('sms-receipt-delivered'))).toEqual([
      expect.objectContaining({ state: 'delivered', detail: 'delivered_to_recipient', providerStatus: 'DELIVERED/delivered_to_recipient', error: null, clientRef: 'order-1842' }),
    ]);
    expect(observations(fixture('sms-receipt-undelivered'))).toEqual([
      expect.objectContaining({ state: 'undelivered', detail: 'rejected_by_operator', error: { code: '11', message: 'Subscriber absent' } }),
    ]);
  });

  it("maps Chat Apps receipts on their channel, in canonical spelling, with Meta's error code", () => {
    expect(observations(fixture('chatapps-receipt-read'))).toEqual([expect.objectContaining({ state: 'read', channel: 'WhatsApp' })]);
    expect(observations(fixture('chatapps-receipt-failed'))).toEqual([
      expect.objectContaining({ state: 'failed', error: { code: '131026', message: 'Message undeliverable' } }),
    ]);
  });

  it('gives a retried webhook the same event id', () => {
    const [first] = observations(fixture('sms-receipt-delivered'));
    const [retry] = eightByEight
      .normalize({ provider: '8x8', receivedAt: '2026-01-05T10:01:30.000Z', payload: fixture('sms-receipt-delivered'), source: { file: 'f', line: 9 } })
      .flatMap((item) => (item._tag === 'Observed' ? [item.observation] : []));
    expect(retry?.eventId).toBe(first?.eventId);
  });

  it.each([
    ['webhook-inbound', 'inbound_message_received'],
    ['webhook-external-app-message', 'external_app_message'],
    ['webhook-template-status-update', 'template_status_update'],
    ['webhook-account-update', 'account_update'],
    ['webhook-phone-number-quality-update', 'phone_number_quality_update'],
    ['webhook-short-url-clicked', 'short_url_clicked'],
    ['line-inbound-v1', 'inboundMessage'],
    ['webhook-whatsapp-user-id-update', 'whatsapp_user_id_update'],
    ['webhook-voice-call-status', 'CALL_STATUS'],
  ])('ignores the documented event %s, which is no outbound status, counted as %s', (name, eventType) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Ignored', reason: expect.stringMatching(/no outbound message status$/), eventType }]);
  });

  it.each([
    ['template_category_update'],
    ['template_quality_update'],
    ['template_correct_category_detection'],
  ])('ignores the other WhatsApp Business Management event %s', (eventType) => {
    expect(normalize({ ...(fixture('webhook-template-status-update') as object), eventType })).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType })]);
  });

  it('ignores a short URL click, in any casing: a click is not a delivery status', () => {
    expect(normalize(fixture('webhook-short-url-clicked'))).toEqual([
      {
        _tag: 'Ignored',
        reason: '8x8 event type "short_url_clicked" is a click on a short URL of an SMS, not a delivery status: no outbound message status',
        eventType: 'short_url_clicked',
      },
    ]);
    const shouted = { ...fixture('webhook-short-url-clicked'), eventType: 'Short_URL_Clicked' };
    expect(normalize(shouted)).toEqual([expect.objectContaining({ eventType: 'short_url_clicked' })]);
  });

  it("ignores LINE's flat version-1 inbound message, which has no namespace, as an inbound message", () => {
    expect(normalize(fixture('line-inbound-v1'))).toEqual([
      { _tag: 'Ignored', reason: '8x8 event type "inboundMessage" is an inbound message: no outbound message status', eventType: 'inboundMessage' },
    ]);
    expect(normalize({ ...fixture('line-inbound-v1'), eventType: 42 })).toEqual([
      { _tag: 'Invalid', messageId: null, reason: '8x8 webhook: eventType: expected text, got a number' },
    ]);
  });

  it('ignores an SMS Engage survey response, and says what is wrong with a broken one', () => {
    expect(normalize(fixture('sms-engage-response'))).toEqual([
      { _tag: 'Ignored', reason: "8x8 SMS Engage survey response: the recipient's answers, no outbound message status", eventType: 'sms engage response' },
    ]);
    expect(normalize({ ...fixture('sms-engage-response'), surveyId: 7 })).toEqual([
      { _tag: 'Invalid', messageId: '8x8:84e7ee9a-5c41-e811-814c-020897df5459', reason: '8x8 SMS Engage response: surveyId: expected text, got a number' },
    ]);
  });

  it.each([['whatsapp_contact'], ['whatsapp_preference']])('ignores the business-scoped user id event %s', (eventType) => {
    expect(normalize({ ...fixture('webhook-whatsapp-user-id-update'), eventType })).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType })]);
  });

  it.each([['CALL_ACTION'], ['SESSION_SUMMARY'], ['CALL_RECORDING_STATUS'], ['VIRTUAL_NUMBER_UPDATE']])('ignores the Voice API event %s', (eventType) => {
    expect(normalize({ ...fixture('webhook-voice-call-status'), eventType })).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType })]);
  });

  it('refuses an event type 8x8 does not document, as input to look at', () => {
    expect(normalize({ ...(fixture('webhook-inbound') as object), eventType: 'outbound_message_teleported' })).toEqual([
      { _tag: 'Invalid', reason: 'unknown 8x8 event type "outbound_message_teleported"', messageId: null },
    ]);
  });

  it('says which field of a receipt is wrong', () => {
    const hook = fixture('sms-receipt-queued') as { payload: object };
    expect(normalize({ ...hook, payload: { ...hook.payload, status: { state: 'sent' } } })).toEqual([
      { _tag: 'Invalid', messageId: '8x8:0fa4c0a1-5b8e-4f06-9e3a-2a6f1b1e7c11', reason: expect.stringContaining('payload.status.timestamp') },
    ]);
  });
});

describe('the 8x8 sub-account', () => {
  it('is the account of every observation whose payload names it, for the poller to ask that account', () => {
    expect(observations(fixture('sms-details-delivered')).map((observation) => observation.account)).toEqual(['sub-account']);
    const receipt = fixture('sms-receipt-delivered') as { payload: object };
    expect(observations({ ...receipt, payload: { ...receipt.payload, subAccountId: 'acme_sms' } })[0]?.account).toBe('acme_sms');
    const { subAccountId: _none, ...anonymous } = receipt.payload as { subAccountId?: string };
    expect(observations({ ...receipt, payload: anonymous })[0]).not.toHaveProperty('account');
  });
});

describe("the sender's clientMessageId", () => {
  it('is the clientRef of receipts, Chat Apps details and SMS details alike', () => {
    expect(observations(fixture('sms-receipt-queued')).map((observation) => observation.clientRef)).toEqual(['order-1842']);
    expect(observations(fixture('sms-details-delivered')).map((observation) => observation.clientRef)).toEqual(['some-client-identifier']);
    expect(observations(fixture('details-seed-delivered')).map((observation) => observation.clientRef)).toEqual(['string']);
    const receipt = fixture('chatapps-receipt-read') as { payload: object };
    expect(observations({ ...receipt, payload: { ...receipt.payload, clientMessageId: 'ticket-9' } })[0]?.clientRef).toBe('ticket-9');
    expect(observations(receipt)[0]).not.toHaveProperty('clientRef');
  });

  it('refuses one longer than 512 characters, naming the field', () => {
    const receipt = fixture('sms-receipt-delivered') as { payload: object };
    expect(normalize({ ...receipt, payload: { ...receipt.payload, clientMessageId: 'x'.repeat(513) } })).toEqual([
      expect.objectContaining({ _tag: 'Invalid', reason: expect.stringMatching(/clientMessageId/) }),
    ]);
  });
});

describe("8x8 SMS API's message-details answer", () => {
  it('maps the flat answer of the SMS API as one SMS observation without a step', () => {
    expect(observations(fixture('sms-details-delivered'))).toEqual([
      expect.objectContaining({
        messageId: '8x8:dec02e44-c76f-4a0a-b69f-6ac2a4386eb9',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        attempt: null,
        channel: 'SMS',
        occurredAt: '2020-06-17T04:17:21.060Z',
      }),
    ]);
  });

  it('says which field of the answer is wrong, naming the message', () => {
    const answer = fixture('sms-details-delivered') as object;
    expect(normalize({ ...answer, direction: undefined })).toEqual([
      { _tag: 'Invalid', messageId: '8x8:dec02e44-c76f-4a0a-b69f-6ac2a4386eb9', reason: expect.stringContaining('direction') },
    ]);
  });
});

describe('8x8 API error responses and other payloads', () => {
  it.each([
    ['error-1001', 1001],
    ['error-1002', 1002],
    ['error-1200', 1200],
    ['error-4018', 4018],
    ['error-429', 429],
    ['error-1300', 1300],
  ])('reports %s as invalid with its code', (name, code) => {
    const [item] = normalize(fixture(name));
    expect(item).toMatchObject({ _tag: 'Invalid', reason: expect.stringMatching(new RegExp(`^8x8 API error ${code}: `)) });
  });

  it.each([[null], [[1, 2]], ['text'], [{ hello: 'world' }]])('reports %j as not an 8x8 payload', (payload) => {
    expect(normalize(payload)).toEqual([{ _tag: 'Invalid', messageId: null, reason: expect.stringMatching(/8x8 payload/) }]);
  });
});
