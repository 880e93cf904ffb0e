import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { telnyx } from './telnyx.js';

const receivedAt = '2026-01-05T10:00:00.000Z';
const { fixture, normalize, observations, observation } = normalizerSpecification(telnyx, new URL('./fixtures/', import.meta.url), receivedAt);

type Json = Record<string, unknown>;
interface MessageRecord extends Json {
  readonly to: ReadonlyArray<Json>;
}
interface Webhook extends Json {
  readonly data: Json & { readonly payload: MessageRecord };
}
const webhook = (name: string) => fixture(name) as Webhook;
const record = (name: string) => (fixture(name) as { data: MessageRecord }).data;

const messageId = 'telnyx:ac012cbf-5e09-46af-a69a-7c0e2d90993c';
const eventId = expect.stringMatching(/^[0-9a-f]{32}$/);
/** A webhook fixture with its message record (`data.payload`) changed. */
const withPayload = (name: string, change: (payload: MessageRecord) => Json): Webhook => {
  const { data } = webhook(name);
  return { ...webhook(name), data: { ...data, payload: change(data.payload) as MessageRecord } };
};
const withRecipient = (name: string, recipient: Json) => withPayload(name, (payload) => ({ ...payload, to: [{ ...payload.to[0], ...recipient }] }));
const withEvent = (name: string, event: Json) => ({ ...webhook(name), data: { ...webhook(name).data, ...event } });

describe('Telnyx status webhooks', () => {
  it("maps message.sent at the event's occurred_at, on the SMS channel", () => {
    expect(observations(fixture('message-sent'))).toEqual([
      {
        eventId,
        messageId,
        provider: 'telnyx',
        providerMessageId: 'ac012cbf-5e09-46af-a69a-7c0e2d90993c',
        state: 'sent',
        detail: null,
        attempt: null,
        channel: 'SMS',
        occurredAt: '2024-01-15T21:32:13.596Z',
        observedAt: receivedAt,
        error: null,
        providerStatus: 'sent',
        source: { file: 'f', line: 1 },
      },
    ]);
  });

  it('maps the delivery receipt of message.finalized as delivered to the recipient, the tags of the number being no reference of the message', () => {
    const delivered = observation(fixture('message-finalized-delivered'));
    expect(delivered).toEqual({
      eventId,
      messageId,
      provider: 'telnyx',
      providerMessageId: 'ac012cbf-5e09-46af-a69a-7c0e2d90993c',
      state: 'delivered',
      detail: 'delivered_to_recipient',
      attempt: null,
      channel: 'SMS',
      occurredAt: '2024-01-15T21:32:14.148Z',
      observedAt: receivedAt,
      error: null,
      providerStatus: 'delivered',
      source: { file: 'f', line: 1 },
    });
    expect(delivered.eventId).not.toBe(observation(fixture('message-sent')).eventId);
  });

  it("keeps Telnyx's error with a failed delivery, title and detail", () => {
    expect(observation(fixture('message-finalized-delivery-failed'))).toMatchObject({
      messageId,
      state: 'undelivered',
      detail: null,
      occurredAt: '2024-01-15T21:32:14.148Z',
      error: { code: '40300', message: 'Destination number unreachable: The destination number is not reachable on the carrier network.' },
      providerStatus: 'delivery_failed',
    });
  });

  it("maps the API reference's queued MMS of message.sent on the MMS channel, which ends at delivered as SMS does", () => {
    expect(observations(fixture('message-sent-mms-queued'))).toEqual([
      expect.objectContaining({
        messageId: 'telnyx:40385f64-5717-4562-b3fc-2c963f66afa6',
        state: 'queued',
        channel: 'MMS',
        occurredAt: '2019-01-23T18:10:02.574Z',
        error: null,
        providerStatus: 'queued',
      }),
    ]);
  });

  it('maps RCS delivery and read receipts on the RCS channel', () => {
    expect(observation(fixture('message-finalized-rcs-delivered'))).toMatchObject({
      messageId,
      state: 'delivered',
      channel: 'RCS',
      occurredAt: '2024-12-09T21:32:14.148Z',
    });
    expect(observation(fixture('message-read-rcs'))).toMatchObject({
      messageId,
      state: 'read',
      detail: null,
      channel: 'RCS',
      occurredAt: '2024-12-09T21:35:22.000Z',
      providerStatus: 'read',
    });
  });

  it('reads message.delivered too, which only the message-detail-record guide names', () => {
    expect(observation(withEvent('message-finalized-delivered', { event_type: 'message.delivered' })).state).toBe('delivered');
  });

  it('tells the time of the event, never the receipt time: a retried webhook, received later, is the same observation', () => {
    const retried = { ...webhook('message-finalized-delivered'), meta: { attempt: 2, delivered_to: 'https://backup.example.com/webhooks' } };
    const [again] = telnyx
      .normalize({ provider: 'telnyx', receivedAt: '2026-01-05T10:07:00.000Z', payload: retried, source: { file: 'f', line: 2 } })
      .flatMap((item) => (item._tag === 'Observed' ? [item.observation] : []));
    expect(again).toMatchObject({ occurredAt: '2024-01-15T21:32:14.148Z', observedAt: '2026-01-05T10:07:00.000Z', attempt: null });
    expect(again!.eventId).toBe(observation(fixture('message-finalized-delivered')).eventId);
  });

  it('reads occurred_at with offsets, without a zone (as UTC) and with fine fractions, and refuses one that is no time', () => {
    const at = (occurredAt: string) => observation(withEvent('message-sent', { occurred_at: occurredAt })).occurredAt;
    expect(at('2024-01-15T23:32:13.596+02:00')).toBe('2024-01-15T21:32:13.596Z');
    expect(at('2024-01-15T21:32:13.596')).toBe('2024-01-15T21:32:13.596Z');
    expect(at('2024-01-15T21:32:13.596789Z')).toBe('2024-01-15T21:32:13.596Z');
    expect(normalize(withEvent('message-sent', { occurred_at: '15/01/2024 21:32' }))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx occurred_at "15/01/2024 21:32" is not an ISO-8601 time', messageId },
    ]);
  });
});

describe('Telnyx status words', () => {
  it.each([
    ['scheduled', 'queued', null],
    ['queued', 'queued', null],
    ['sending', 'queued', null],
    ['sent', 'sent', null],
    ['delivered', 'delivered', 'delivered_to_recipient'],
    ['read', 'read', null],
    ['delivery_unconfirmed', 'sent', null],
    ['dlr_timeout', 'sent', null],
    ['cancelled', 'rejected', null],
    ['sending_failed', 'failed', null],
    ['gw_timeout', 'failed', null],
    ['failed', 'failed', null],
    ['delivery_failed', 'undelivered', null],
    ['expired', 'undelivered', null],
    ['DELIVERED', 'delivered', 'delivered_to_recipient'],
    ['  Sending_Failed ', 'failed', null],
  ])('maps %s to %s', (status, state, detail) => {
    expect(observation(withRecipient('message-finalized-delivered', { status }))).toMatchObject({ state, detail, providerStatus: status });
  });

  it.each([
    ['webhook_delivered', 'inbound message', 'an inbound message handed to our webhook'],
    ['received', 'inbound message', 'an inbound message received by Telnyx'],
    ['Unknown', 'status unknown', 'no status: Telnyx has none for this recipient'],
  ])('ignores %s, which is no outbound status', (status, eventType, what) => {
    expect(normalize(withRecipient('message-finalized-delivered', { status }))).toEqual([
      { _tag: 'Ignored', reason: `Telnyx status "${status}" is ${what}`, eventType },
    ]);
  });

  it('refuses a status it does not know, naming the message', () => {
    expect(normalize(withRecipient('message-finalized-delivered', { status: 'teleported' }))).toEqual([
      { _tag: 'Invalid', reason: 'unmapped Telnyx status "teleported"', messageId },
    ]);
  });
});

describe('Telnyx events without a status', () => {
  it('ignores inbound messages and link clicks on purpose, by their event type', () => {
    expect(normalize(fixture('message-received'))).toEqual([
      { _tag: 'Ignored', reason: 'Telnyx event type "message.received" is an inbound message: no outbound message status', eventType: 'message.received' },
    ]);
    expect(normalize(fixture('link-clicked'))).toEqual([
      { _tag: 'Ignored', reason: 'a Telnyx link click: no outbound message status', eventType: 'link_clicked' },
    ]);
  });

  it("ignores another product's events posted to the same URL, and refuses unknown messaging events and event types of no form", () => {
    expect(normalize(withEvent('message-sent', { event_type: 'call.initiated' }))).toEqual([
      { _tag: 'Ignored', reason: 'Telnyx event type "call.initiated" is another product\'s event, not a message status', eventType: 'call.initiated' },
    ]);
    expect(normalize(withEvent('message-sent', { event_type: 'message.teleported' }))).toEqual([
      { _tag: 'Invalid', reason: 'unknown Telnyx messaging event type "message.teleported"', messageId },
    ]);
    expect(normalize(withEvent('message-sent', { event_type: 'delivered!' }))).toEqual([
      { _tag: 'Invalid', reason: 'unknown Telnyx event type "delivered!"', messageId: null },
    ]);
  });

  it('ignores an inbound message record, as a retrieve answer may give one', () => {
    expect(normalize({ data: webhook('message-received').data.payload })).toEqual([
      { _tag: 'Ignored', reason: "Telnyx inbound message: not an outbound message's status", eventType: 'inbound message' },
    ]);
  });
});

describe('Telnyx group messages', () => {
  const group = record('group-mms-queued');
  const recipients = ['+13475636849', '+13122708269', '+17084769340', '+13122708074'];

  it('gives each recipient of a group MMS its own message, the latest time the record names as the status time', () => {
    const seen = observations({ data: group }).map(({ messageId: id, providerMessageId, state, channel, occurredAt }) => ({
      id,
      providerMessageId,
      state,
      channel,
      occurredAt,
    }));
    expect(seen).toEqual(
      recipients.map((phone) => ({
        id: `telnyx:403188fd-58c5-4557-a8de-1700a358d768/${phone}`,
        providerMessageId: `403188fd-58c5-4557-a8de-1700a358d768/${phone}`,
        state: 'queued',
        channel: 'MMS',
        occurredAt: '2023-06-27T14:53:53.376Z',
      })),
    );
  });

  it('gives an error to the recipient it points at, and only to it', () => {
    const to = group.to.map((recipient, index) => (index === 1 ? { ...recipient, status: 'delivery_failed' } : { ...recipient, status: 'delivered' }));
    const errors = [{ code: '40002', title: 'Destination number not in service', source: { pointer: '/to/1/phone_number' } }];
    const [first, second] = observations({ data: { ...group, to, errors } });
    expect(first).toMatchObject({ state: 'delivered', error: null });
    expect(second).toMatchObject({ state: 'undelivered', error: { code: '40002', message: 'Destination number not in service' } });
  });

  it('gives an error pointing at no one to the recipients whose status failed or is unconfirmed, not to the delivered ones', () => {
    const statuses = ['delivered', 'delivery_failed', 'delivery_unconfirmed', 'sent'];
    const to = group.to.map((recipient, index) => ({ ...recipient, status: statuses[index] }));
    const errors = [{ code: '40008', title: 'Message filtered by carrier' }];
    expect(observations({ data: { ...group, to, errors } }).map((item) => item.error?.code ?? null)).toEqual([null, '40008', '40008', null]);
  });

  it('counts cc participants: a message with one recipient and others in cc is a group message', () => {
    const cc = [{ phone_number: '+13125550003', status: 'sent' }];
    expect(observation(withPayload('message-sent', (payload) => ({ ...payload, cc }))).messageId).toBe(`${messageId}/+13125550002`);
  });

  it('refuses a group recipient without a phone number, alone', () => {
    const to = [{ status: 'queued' }, ...group.to.slice(1)];
    const items = normalize({ data: { ...group, to } });
    expect(items.map((item) => item._tag)).toEqual(['Invalid', 'Observed', 'Observed', 'Observed']);
    expect(items[0]).toEqual({
      _tag: 'Invalid',
      reason: 'Telnyx group message: data.to.0.phone_number is missing',
      messageId: 'telnyx:403188fd-58c5-4557-a8de-1700a358d768',
    });
  });
});

describe('Telnyx retrieve answers (the status API)', () => {
  const answer = record('retrieve-message');
  const withRecord = (change: Json, recipient: Json = {}) => ({ data: { ...answer, ...change, to: [{ ...answer.to[0], ...recipient }] } });

  it("maps the record at its recipient's updated_at", () => {
    expect(observation({ data: answer })).toMatchObject({
      messageId: 'telnyx:834f3d53-8a3c-4aa0-a733-7f2d682a72df',
      state: 'delivered',
      channel: 'SMS',
      occurredAt: '2019-01-23T18:10:02.574Z',
      error: null,
      providerStatus: 'delivered',
    });
  });

  it("takes the record's latest time when the recipient has none, and the receipt time when the record names none", () => {
    expect(observation(withRecord({ updated_at: '2019-01-23T18:10:09Z' }, { updated_at: '2019-01-23T18:10:03Z' })).occurredAt).toBe('2019-01-23T18:10:03.000Z');
    const at = (change: Json) => observation(withRecord(change, { updated_at: undefined })).occurredAt;
    expect(at({ updated_at: '2019-01-23T18:10:05.000Z' })).toBe('2019-01-23T18:10:05.000Z');
    expect(at({ updated_at: null, completed_at: '2019-01-23T18:10:04+00:00', sent_at: '2019-01-23T18:10:01Z' })).toBe('2019-01-23T18:10:04.000Z');
    expect(at({ updated_at: null, sent_at: '2019-01-23T18:10:01Z', received_at: '2019-01-23T18:10:00Z' })).toBe('2019-01-23T18:10:01.000Z');
    expect(at({ updated_at: undefined })).toBe(receivedAt);
    expect(normalize(withRecord({}, { updated_at: 'yesterday' }))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx to[].updated_at "yesterday" is not an ISO-8601 time', messageId: 'telnyx:834f3d53-8a3c-4aa0-a733-7f2d682a72df' },
    ]);
  });

  it.each([
    [
      'api-error-authentication',
      'Telnyx API error 10009: Authentication failed: The required authentication headers were either invalid or not included in the request.',
    ],
    ['api-error-not-found', 'Telnyx API error 10005: Resource not found: The requested resource or URL could not be found.'],
    ['api-error-rate-limit', 'Telnyx API error 10011: Too many requests: You have exceeded the maximum number of allowed requests.'],
  ])('refuses the %s answer with its words', (name, reason) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Invalid', reason, messageId: null }]);
  });
});

describe("the sender's reference", () => {
  const withUrl = (url: unknown) => withPayload('message-finalized-delivered', (payload) => ({ ...payload, webhook_url: url }));

  it("is the clientRef of the message's webhook_url, which Telnyx echoes, in webhooks and retrieve answers", () => {
    expect(observation(withUrl('https://hooks.example.com/webhooks/telnyx?clientRef=order-1842&x=1')).clientRef).toBe('order-1842');
    expect(observation(withUrl('https://hooks.example.com/webhooks/telnyx?clientRef=a%20b%26c')).clientRef).toBe('a b&c');
    expect(observation({ data: { ...record('retrieve-message'), webhook_url: 'https://hooks.example.com/t?clientRef=r-7' } }).clientRef).toBe('r-7');
  });

  it('is absent without one, with an empty one or with a URL that cannot be read, and refused when too long', () => {
    for (const url of ['https://hooks.example.com/webhooks/telnyx', 'https://hooks.example.com/t?clientRef=', 'not a url', '', null]) {
      expect(observation(withUrl(url))).not.toHaveProperty('clientRef');
    }
    expect(normalize(withUrl(`https://hooks.example.com/t?clientRef=${'x'.repeat(513)}`))).toEqual([
      { _tag: 'Invalid', reason: 'the clientRef of data.payload.webhook_url is longer than 512 characters', messageId },
    ]);
  });
});

describe('broken Telnyx payloads', () => {
  it('reads numeric ids as text and refuses ids that lost digits or are no ids', () => {
    expect(observation(withPayload('message-sent', (payload) => ({ ...payload, id: 12345 }))).messageId).toBe('telnyx:12345');
    expect(normalize(withPayload('message-sent', (payload) => ({ ...payload, id: 2 ** 60 })))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx message: data.payload.id is not a message id', messageId: null },
    ]);
    expect(normalize(withPayload('message-sent', (payload) => ({ ...payload, id: { uuid: 'x' } })))[0]).toMatchObject({
      _tag: 'Invalid',
      reason: 'Telnyx message: data.payload.id: not any of the accepted forms',
    });
  });

  it('refuses records without recipients and recipients without a status, naming the field', () => {
    expect(normalize(withPayload('message-sent', (payload) => ({ ...payload, to: undefined })))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx message: data.payload.to: missing', messageId },
    ]);
    expect(normalize(withPayload('message-sent', (payload) => ({ ...payload, to: [] })))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx message without recipients: data.payload.to is empty', messageId },
    ]);
    expect(normalize(withRecipient('message-sent', { status: undefined }))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx recipient: data.payload.to.0.status: missing', messageId },
    ]);
    expect(normalize(withRecipient('message-sent', { status: 3 }))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx recipient: data.payload.to.0.status: expected text, got a number', messageId },
    ]);
  });

  it('refuses a webhook of the wrong shape and what is no Telnyx payload', () => {
    expect(normalize(withEvent('message-sent', { occurred_at: 1705354333 }))).toEqual([
      { _tag: 'Invalid', reason: 'not a Telnyx webhook: data.occurred_at: expected text, got a number', messageId },
    ]);
    expect(normalize(withEvent('message-sent', { payload: 'sent' }))).toEqual([
      { _tag: 'Invalid', reason: 'Telnyx message: data.payload: expected an object, got text', messageId: null },
    ]);
    const notTelnyx =
      'not a Telnyx payload: expected a webhook (data.event_type), a link click, a message record (data.to) or an API error (errors)';
    for (const payload of [{}, { data: 5 }, { data: [] }, { data: { record_type: 'call' } }]) {
      expect(normalize(payload)).toEqual([{ _tag: 'Invalid', reason: notTelnyx, messageId: null }]);
    }
    for (const payload of [null, [], 'sent', 7]) {
      expect(normalize(payload)).toEqual([{ _tag: 'Invalid', reason: 'a Telnyx payload is a JSON object', messageId: null }]);
    }
    expect(normalize({ errors: [] })).toEqual([{ _tag: 'Invalid', reason: 'Telnyx API error answer: errors: expected at least 1 items', messageId: null }]);
  });

  it('treats error code 0 as no error, numeric codes as text, and tells the channel from the type in any casing', () => {
    const withErrors = (errors: unknown) => withPayload('message-finalized-delivery-failed', (payload) => ({ ...payload, errors }));
    expect(observation(withErrors([{ code: '0', title: 'OK' }])).error).toBeNull();
    const numeric = withErrors([{ code: 40300, title: 'Destination number unreachable' }]);
    expect(observation(numeric).error).toEqual({ code: '40300', message: 'Destination number unreachable' });
    expect(observation(withErrors([{ code: '40300' }])).error).toEqual({ code: '40300', message: null });
    const channel = (type: unknown) => observation(withPayload('message-sent', (payload) => ({ ...payload, type }))).channel;
    expect([channel('sms'), channel('mms'), channel('rcs'), channel('whatsapp'), channel(undefined)]).toEqual(['SMS', 'MMS', 'RCS', 'WhatsApp', null]);
  });

  it('never throws, whatever it is given', () => {
    const hostile: unknown[] = [
      { data: { event_type: null } },
      { data: { event_type: 'message.sent', occurred_at: '2024-01-15T21:32:13Z', payload: { id: 'x', to: [null, 5, 'a', {}] } } },
      { data: { event_type: 'message.sent', occurred_at: '2024-01-15T21:32:13Z', payload: { id: 'x', to: [{ status: 'sent' }], errors: [{ code: {} }] } } },
      { data: { record_type: 'message', id: 'x', to: [{ status: 'sent', updated_at: 5 }], webhook_url: 'http://[' } },
      { errors: [{ code: null }] },
      { data: { record_type: 'link_clicked', url: 5 } },
    ];
    for (const payload of hostile) expect(() => normalize(payload)).not.toThrow();
    expect(normalize(hostile[1]).map((item) => item._tag)).toEqual(['Invalid', 'Invalid', 'Invalid', 'Invalid']);
  });
});
