import { normalizerSpecification } from '@msgstatus/canonical/testing';
import { describe, expect, it } from 'vitest';
import { infobip } from './infobip.js';

const receivedAt = '2026-01-05T10:00:00.000Z';
const { fixture, normalize, observations } = normalizerSpecification(infobip, new URL('./fixtures/', import.meta.url), receivedAt);

/** An observation with every field: what each test names, and what every Infobip observation shares. */
const expected = (fields: Record<string, unknown>) => ({
  eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
  provider: 'infobip',
  observedAt: receivedAt,
  attempt: null,
  error: null,
  source: { file: 'f', line: 1 },
  ...fields,
});

/** The first report of a fixture, changed: for the messy cases. */
const report = (name: string, changes: Record<string, unknown>) => {
  const body = fixture(name) as { results: Array<Record<string, unknown>> };
  return { results: [{ ...body.results[0], ...changes }] };
};
const withStatus = (status: Record<string, unknown>) => report('sms-delivery-reports', { status });
/** Some fields of an observation, for tests about those only. */
const pick =
  (...keys: string[]) =>
  (observation: object): Record<string, unknown> =>
    Object.fromEntries(keys.flatMap((key) => (key in observation ? [[key, (observation as Record<string, unknown>)[key]]] : [])));
const withQuery = (payload: unknown, callbackQuery: string) =>
  infobip.normalize({ provider: 'infobip', receivedAt, payload, source: { file: 'f', line: 1 }, callbackQuery });

describe('Infobip delivery reports', () => {
  it('maps each report of an SMS webhook body as its own observation, times with offsets read as UTC', () => {
    expect(observations(fixture('sms-delivery-reports'))).toEqual([
      expected({
        messageId: 'infobip:MESSAGE-ID-123-xyz',
        providerMessageId: 'MESSAGE-ID-123-xyz',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: null,
        occurredAt: '2019-11-09T15:00:00.000Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
        clientRef: 'callbackData',
      }),
      expected({
        messageId: 'infobip:12db39c3-7822-4e72-a3ec-c87442c0ffc5',
        providerMessageId: '12db39c3-7822-4e72-a3ec-c87442c0ffc5',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: null,
        occurredAt: '2019-11-09T16:00:00.000Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
      }),
    ]);
  });

  it('reads the older SMS report (smsCount, error group "Ok", +0000)', () => {
    expect(observations(fixture('sms-delivery-reports-v1')).map(pick('providerMessageId', 'state', 'occurredAt', 'error', 'clientRef'))).toEqual([
      { providerMessageId: 'MESSAGE-ID-123-xyz', state: 'delivered', occurredAt: '2019-11-09T16:00:00.000Z', error: null, clientRef: 'callbackData' },
      { providerMessageId: '12db39c3-7822-4e72-a3ec-c87442c0ffc5', state: 'delivered', occurredAt: '2019-11-09T17:00:00.000Z', error: null },
    ]);
  });

  it('maps a WhatsApp report (-0300 offset, empty bulkId), which names no channel', () => {
    expect(observations(fixture('whatsapp-delivery-report'))).toEqual([
      expected({
        messageId: 'infobip:fb469d73-d362-463f-b30f-1e959b53badc',
        providerMessageId: 'fb469d73-d362-463f-b30f-1e959b53badc',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: null,
        occurredAt: '2019-04-09T19:01:56.494Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
      }),
    ]);
  });

  it('maps a Viber report, and an MMS report that carries no error object', () => {
    expect(observations(fixture('viber-delivery-report'))).toEqual([
      expected({
        messageId: 'infobip:2250be2d4219-3af1-78856-aabe-1362af1edfd2',
        providerMessageId: '2250be2d4219-3af1-78856-aabe-1362af1edfd2',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: null,
        occurredAt: '2023-02-03T00:01:01.000Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
        clientRef: 'Callback data',
      }),
    ]);
    expect(observations(fixture('mms-delivery-report'))).toEqual([
      expected({
        messageId: 'infobip:43u2ih-6453jbh-897kfs90u2nj',
        providerMessageId: '43u2ih-6453jbh-897kfs90u2nj',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: null,
        occurredAt: '2026-07-07T06:32:15.101Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
      }),
    ]);
  });

  it("keeps the error of a failed RCS report, and the channel an RCS failover's report names", () => {
    expect(observations(fixture('rcs-delivery-report-failed'))).toEqual([
      expected({
        messageId: 'infobip:msg-abc123',
        providerMessageId: 'msg-abc123',
        state: 'undelivered',
        detail: 'rejected_by_operator',
        channel: null,
        occurredAt: '2026-03-03T13:22:35.000Z',
        error: { code: '7002', message: 'No matching user found (on platform or on provider)' },
        providerStatus: 'UNDELIVERABLE_REJECTED_OPERATOR',
        clientRef: 'custom-user-data',
      }),
    ]);
    expect(observations(fixture('rcs-failover-sms-delivered'))).toEqual([
      expected({
        messageId: 'infobip:msg-abc123',
        providerMessageId: 'msg-abc123',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: 'SMS',
        occurredAt: '2026-03-03T13:22:35.000Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
        clientRef: 'custom-user-data',
      }),
    ]);
  });

  it('takes the channel Messages API and OMNI failover reports name, in canonical spelling', () => {
    expect(observations(fixture('messages-api-delivery-report'))).toEqual([
      expected({
        messageId: 'infobip:ABEGVUGWh3gEAgo-sLTvmQCS5kwjhsy',
        providerMessageId: 'ABEGVUGWh3gEAgo-sLTvmQCS5kwjhsy',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: 'WhatsApp',
        occurredAt: '2024-02-06T17:18:29.797Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
      }),
    ]);
    expect(observations(fixture('omni-failover-delivery-report'))).toEqual([
      expected({
        messageId: 'infobip:fb469d73-d362-463f-b30f-1e959b53badc',
        providerMessageId: 'fb469d73-d362-463f-b30f-1e959b53badc',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: 'WhatsApp',
        occurredAt: '2023-04-06T15:22:37.437Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
      }),
    ]);
    expect(observations(report('messages-api-delivery-report', { channel: 'VIBER_BM' }))[0]?.channel).toBe('Viber');
    expect(observations(report('messages-api-delivery-report', { channel: 'instagram_dm' }))[0]?.channel).toBe('Instagram');
  });

  it("takes the channel from the callback URL's query when the report names none; the report's own wins", () => {
    const channels = (payload: unknown, query: string) =>
      withQuery(payload, query).map((item) => (item._tag === 'Observed' ? item.observation.channel : item._tag));
    expect(channels(fixture('whatsapp-delivery-report'), 'channel=whatsapp')).toEqual(['WhatsApp']);
    expect(channels(fixture('sms-delivery-reports'), 'channel=SMS&x=1')).toEqual(['SMS', 'SMS']);
    expect(channels(fixture('rcs-failover-sms-delivered'), 'channel=RCS')).toEqual(['SMS']);
    expect(channels(fixture('whatsapp-seen-report'), 'channel=Viber')).toEqual(['Viber']);
    expect(channels(fixture('whatsapp-delivery-report'), 'channel=')).toEqual([null]);
    expect(withQuery(fixture('whatsapp-delivery-report'), 'channel=%3Cscript%3E')).toEqual([
      { _tag: 'Invalid', reason: 'the callback URL\'s channel "<script>" is not a channel name', messageId: 'infobip:fb469d73-d362-463f-b30f-1e959b53badc' },
    ]);
  });

  it('gives a redelivered report the same event id, and another status another', () => {
    const [first] = observations(fixture('sms-delivery-reports'));
    const [again] = infobip
      .normalize({ provider: 'infobip', receivedAt: '2026-01-05T10:05:00.000Z', payload: fixture('sms-delivery-reports'), source: { file: 'g', line: 7 } })
      .flatMap((item) => (item._tag === 'Observed' ? [item.observation] : []));
    expect(again?.eventId).toBe(first?.eventId);
    const [pending] = observations(withStatus({ groupId: 1, groupName: 'PENDING', id: 3, name: 'PENDING_WAITING_DELIVERY' }));
    expect(pending?.eventId).not.toBe(first?.eventId);
  });
});

describe('Infobip seen reports', () => {
  it('maps a WhatsApp seen report as read, at seenAt', () => {
    expect(observations(fixture('whatsapp-seen-report'))).toEqual([
      expected({
        messageId: 'infobip:1215f543ab19-345f-adbd-12ad31451ed25f35',
        providerMessageId: '1215f543ab19-345f-adbd-12ad31451ed25f35',
        state: 'read',
        detail: null,
        channel: null,
        occurredAt: '2018-12-12T11:21:58.251Z',
        providerStatus: 'SEEN',
      }),
    ]);
  });

  it("maps Viber's, the Messages API's (with its channel and callbackData) and OMNI failover's (sendAt, no sentAt)", () => {
    expect(observations(fixture('viber-seen-report'))).toEqual([
      expected({
        messageId: 'infobip:1215f543ab19-345f-adbd-12ad31451ed25f35',
        providerMessageId: '1215f543ab19-345f-adbd-12ad31451ed25f35',
        state: 'read',
        detail: null,
        channel: null,
        occurredAt: '2023-04-05T11:22:10.251Z',
        providerStatus: 'SEEN',
      }),
    ]);
    expect(observations(fixture('messages-api-seen-report'))).toEqual([
      expected({
        messageId: 'infobip:ABEGVUGWh3gEAgo-sLTvmQCS5kwjhsy',
        providerMessageId: 'ABEGVUGWh3gEAgo-sLTvmQCS5kwjhsy',
        state: 'read',
        detail: null,
        channel: 'WhatsApp',
        occurredAt: '2024-02-06T14:28:29.797Z',
        providerStatus: 'SEEN',
        clientRef: 'reference-callback-data-from-outbound-message',
      }),
    ]);
    expect(observations(fixture('omni-failover-seen-report'))).toEqual([
      expected({
        messageId: 'infobip:1215f543ab19-345f-adbd-12ad31451ed25f35',
        providerMessageId: '1215f543ab19-345f-adbd-12ad31451ed25f35',
        state: 'read',
        detail: null,
        channel: null,
        occurredAt: '2023-04-05T11:22:10.251Z',
        providerStatus: 'SEEN',
      }),
    ]);
  });

  it('refuses a seen report whose seenAt is no time, or missing, naming the message', () => {
    expect(normalize(report('whatsapp-seen-report', { seenAt: 'yesterday' }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip seenAt "yesterday" is not an ISO-8601 time', messageId: 'infobip:1215f543ab19-345f-adbd-12ad31451ed25f35' },
    ]);
    expect(normalize(report('messages-api-seen-report', { seenAt: 1707229709 }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip seen report: results.0.seenAt: expected text, got a number', messageId: 'infobip:ABEGVUGWh3gEAgo-sLTvmQCS5kwjhsy' },
    ]);
  });
});

describe('Infobip logs answers (the poller)', () => {
  it('maps every log of an SMS logs answer (destination, content, mccMnc)', () => {
    expect(observations(fixture('sms-logs')).map(pick('providerMessageId', 'state', 'detail', 'occurredAt', 'channel'))).toEqual([
      { providerMessageId: 'MESSAGE-ID-123-xyz', state: 'delivered', detail: 'delivered_to_recipient', occurredAt: '2019-11-09T15:00:00.000Z', channel: null },
      {
        providerMessageId: '12db39c3-7822-4e72-a3ec-c87442c0ffc5',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        occurredAt: '2019-11-09T16:00:00.000Z',
        channel: null,
      },
    ]);
    expect(observations(fixture('viber-bot-logs'))).toEqual([
      expected({
        messageId: 'infobip:2250be2d4219-3af1-78856-aabe-1362af1edfd2',
        providerMessageId: '2250be2d4219-3af1-78856-aabe-1362af1edfd2',
        state: 'delivered',
        detail: 'delivered_to_recipient',
        channel: null,
        occurredAt: '2023-02-01T23:16:34.582Z',
        providerStatus: 'DELIVERED_TO_HANDSET',
      }),
    ]);
  });

  it('dates a pending log without doneAt by its sentAt, and one with neither by its receipt', () => {
    const pending = { groupId: 1, groupName: 'PENDING', id: 26, name: 'MESSAGE_ACCEPTED', description: 'Message sent to next instance' };
    expect(observations(report('sms-logs', { status: pending, doneAt: undefined }))[0]).toMatchObject({
      state: 'queued',
      occurredAt: '2019-11-09T15:00:00.000Z',
      providerStatus: 'MESSAGE_ACCEPTED',
    });
    expect(observations(report('sms-logs', { status: pending, doneAt: null, sentAt: null }))[0]).toMatchObject({ occurredAt: receivedAt });
  });

  it('reads the Z and zone-less times some answers carry (zone-less as UTC)', () => {
    expect(observations(report('sms-logs', { doneAt: '2023-12-08T08:54:15Z' }))[0]?.occurredAt).toBe('2023-12-08T08:54:15.000Z');
    expect(observations(report('sms-logs', { doneAt: '2019-11-09T16:00:00.000' }))[0]?.occurredAt).toBe('2019-11-09T16:00:00.000Z');
    expect(normalize(report('sms-logs', { doneAt: '09.11.2019 16:00' }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip doneAt "09.11.2019 16:00" is not an ISO-8601 time', messageId: 'infobip:MESSAGE-ID-123-xyz' },
    ]);
    expect(normalize(report('sms-logs', { doneAt: undefined, sentAt: 'soon' }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip sentAt "soon" is not an ISO-8601 time', messageId: 'infobip:MESSAGE-ID-123-xyz' },
    ]);
  });

  it('counts an answer without logs (ids older than 48 hours, unknown ids) as ignored', () => {
    expect(normalize({ results: [] })).toEqual([{ _tag: 'Ignored', reason: 'Infobip body with no results', eventType: 'no results' }]);
    expect(normalize({ results: [], cursor: { limit: 1000, nextCursor: null } })).toEqual([expect.objectContaining({ eventType: 'no results' })]);
  });
});

describe("Infobip's status words", () => {
  // Every general status code Infobip documents, with the state its group gives and any detail;
  // then names of older documentation and of the logs, which map by their group the same way.
  it.each([
    [1, 'PENDING', 'PENDING_WAITING_DELIVERY', 'sent', null],
    [1, 'PENDING', 'PENDING_ENROUTE', 'sent', null],
    [1, 'PENDING', 'PENDING_ACCEPTED', 'queued', null],
    [2, 'UNDELIVERABLE', 'UNDELIVERABLE_REJECTED_OPERATOR', 'undelivered', 'rejected_by_operator'],
    [2, 'UNDELIVERABLE', 'UNDELIVERABLE_NOT_DELIVERED', 'undelivered', 'undelivered_to_recipient'],
    [2, 'UNDELIVERABLE', 'UNDELIVERABLE_NOT_SENT', 'failed', null],
    [2, 'UNDELIVERABLE', 'NO_ANSWER', 'undelivered', null],
    [2, 'UNDELIVERABLE', 'BUSY', 'undelivered', null],
    [2, 'UNDELIVERABLE', 'CANCELLED', 'undelivered', null],
    [3, 'DELIVERED', 'DELIVERED_TO_OPERATOR', 'delivered', 'delivered_to_operator'],
    [3, 'DELIVERED', 'DELIVERED_TO_HANDSET', 'delivered', 'delivered_to_recipient'],
    [4, 'EXPIRED', 'EXPIRED_EXPIRED', 'undelivered', null],
    [4, 'EXPIRED', 'EXPIRED_DLR_UNKNOWN', 'undelivered', null],
    [4, 'EXPIRED', 'SIGNALS_BLOCKED', 'undelivered', null],
    [5, 'REJECTED', 'REJECTED_NETWORK', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_PREFIX_MISSING', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_DND', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_SOURCE', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_NOT_ENOUGH_CREDITS', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_SENDER', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_DESTINATION_BLOCKLISTED', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_PREPAID_PACKAGE_EXPIRED', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_DESTINATION_NOT_REGISTERED', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_ROUTE_NOT_AVAILABLE', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_FLOODING_FILTER', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_SYSTEM_ERROR', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_DUPLICATE_MESSAGE_ID', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_INVALID_UDH', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_MESSAGE_TOO_LONG', 'rejected', null],
    [5, 'REJECTED', 'MISSING_TO', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_DESTINATION', 'rejected', null],
    [5, 'REJECTED', 'SIGNALS_BLOCKED', 'rejected', null],
    [5, 'REJECTED', 'REJECTED', 'rejected', null],
    [5, 'REJECTED', 'UNDELIVERABLE_REJECTED_PLATFORM', 'rejected', null],
    [0, 'ACCEPTED', 'MESSAGE_ACCEPTED', 'queued', null],
    [1, 'PENDING', 'MESSAGE_ACCEPTED', 'queued', null],
    [1, 'PENDING', 'PENDING_TIME_VIOLATION', 'sent', null],
    [4, 'EXPIRED', 'EXPIRED_UNKNOWN', 'undelivered', null],
    [5, 'REJECTED', 'REJECTED_NOT_REACHABLE', 'rejected', null],
    [5, 'REJECTED', 'REJECTED_DESTINATION_BLOCK', 'rejected', null],
  ])('maps group %i %s, status %s, to %s with detail %s', (groupId, groupName, name, state, detail) => {
    expect(observations(withStatus({ groupId, groupName, id: 1, name }))[0]).toMatchObject({ state, detail, providerStatus: name });
  });

  it('ignores case and runs of white space, and takes the group id when the name is missing', () => {
    const mapped = (status: Record<string, unknown>) => pick('state', 'detail')(observations(withStatus(status))[0]!);
    expect(mapped({ groupName: ' delivered ', name: 'delivered_to_operator' })).toEqual({ state: 'delivered', detail: 'delivered_to_operator' });
    expect(mapped({ groupName: 'Undeliverable', name: 'Undeliverable_Not_Delivered' })).toEqual({ state: 'undelivered', detail: 'undelivered_to_recipient' });
    expect(observations(withStatus({ groupId: 5, name: 'REJECTED_DND' }))[0]).toMatchObject({ state: 'rejected', providerStatus: 'REJECTED_DND' });
    expect(observations(withStatus({ groupId: 3 }))[0]).toMatchObject({ state: 'delivered', detail: null, providerStatus: 'group 3' });
    expect(observations(withStatus({ groupName: 'PENDING' }))[0]).toMatchObject({ state: 'sent', providerStatus: 'PENDING' });
  });

  it("keeps a detail only for its own state's family", () => {
    expect(observations(withStatus({ groupName: 'PENDING', name: 'DELIVERED_TO_OPERATOR' }))[0]).toMatchObject({ state: 'sent', detail: null });
  });

  it('refuses an unknown group, an unknown group id and a status with no group, naming the message', () => {
    const messageId = 'infobip:MESSAGE-ID-123-xyz';
    const refused = (reason: string) => [{ _tag: 'Invalid', reason, messageId }];
    expect(normalize(withStatus({ groupName: 'TELEPORTED', name: 'TELEPORTED_AWAY' }))).toEqual(refused('unmapped Infobip status group "TELEPORTED"'));
    expect(normalize(withStatus({ groupId: 9, name: 'X' }))).toEqual(refused('the Infobip status has the unknown group id 9'));
    expect(normalize(withStatus({ name: 'DELIVERED_TO_HANDSET' }))).toEqual(refused('the Infobip status names no group (groupName or groupId)'));
  });
});

describe("Infobip's errors", () => {
  it('takes a real error with its id and description, and no error from id 0 even with a failure', () => {
    const error = { groupId: 1, groupName: 'HANDSET_ERRORS', id: 27, name: 'EC_ABSENT_SUBSCRIBER', description: 'Absent Subscriber', permanent: false };
    const undeliverable = { groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED' };
    expect(observations(report('sms-delivery-reports', { status: undeliverable, error }))[0]?.error).toEqual({ code: '27', message: 'Absent Subscriber' });
    const rejected = { groupId: 5, groupName: 'REJECTED', id: 12, name: 'REJECTED_NOT_ENOUGH_CREDITS' };
    expect(observations(report('sms-delivery-reports', { status: rejected }))[0]).toMatchObject({ state: 'rejected', error: null });
  });

  it('reads an error id sent as text, an error named without id, and one named NO_ERROR without id', () => {
    const errorOf = (error: unknown) => observations(report('sms-delivery-reports', { error }))[0]?.error;
    expect(errorOf({ id: ' 7002 ', name: 'EC_UNKNOWN_USER' })).toEqual({ code: '7002', message: 'EC_UNKNOWN_USER' });
    expect(errorOf({ name: 'EC_TIME_OUT', description: 'Time\n out' })).toEqual({ code: 'EC_TIME_OUT', message: 'Time out' });
    expect(errorOf({ name: 'NO_ERROR' })).toBeNull();
    expect(errorOf(null)).toBeNull();
  });
});

describe("the sender's callbackData", () => {
  it('is the clientRef, absent when a report carries none or an empty one', () => {
    expect(observations(fixture('viber-delivery-report'))[0]?.clientRef).toBe('Callback data');
    expect(observations(fixture('whatsapp-delivery-report'))[0]).not.toHaveProperty('clientRef');
    expect(observations(report('sms-delivery-reports', { callbackData: '' }))[0]).not.toHaveProperty('clientRef');
  });

  it('refuses one longer than the canonical 512 characters (Infobip takes 4000), naming the field', () => {
    expect(normalize(report('sms-delivery-reports', { callbackData: 'x'.repeat(513) }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip delivery report: results.0.callbackData: expected at most 512 characters', messageId: 'infobip:MESSAGE-ID-123-xyz' },
    ]);
    expect(observations(report('sms-delivery-reports', { callbackData: 'x'.repeat(512) }))[0]?.clientRef).toHaveLength(512);
  });
});

describe('ids and broken reports', () => {
  it('reads a numeric messageId as its digits and refuses one beyond 2^53, which has lost digits', () => {
    expect(observations(report('sms-delivery-reports', { messageId: 4016359395434 }))[0]?.messageId).toBe('infobip:4016359395434');
    expect(observations(report('sms-delivery-reports', { messageId: ' 12db39c3 ' }))[0]?.providerMessageId).toBe('12db39c3');
    // What JSON.parse makes of a 22-digit id sent as a number.
    expect(normalize(report('sms-delivery-reports', { messageId: Number('4016359395434300003350') }))).toEqual([
      { _tag: 'Invalid', reason: expect.stringMatching(/^Infobip delivery report results\.0 names no usable messageId/), messageId: null },
    ]);
    expect(normalize(report('whatsapp-seen-report', { messageId: '' }))).toEqual([
      { _tag: 'Invalid', reason: expect.stringMatching(/^Infobip seen report results\.0 names no usable messageId/), messageId: null },
    ]);
  });

  it('says which field of a report is wrong, and keeps the good reports of the same body', () => {
    const body = fixture('sms-delivery-reports') as { results: Array<Record<string, unknown>> };
    const [good, other] = body.results;
    const items = normalize({ results: [good, { ...other, status: { groupId: '3', groupName: 'DELIVERED' } }, 'text', { messageId: 'm-1' }] });
    expect(items).toEqual([
      expect.objectContaining({ _tag: 'Observed' }),
      {
        _tag: 'Invalid',
        reason: 'Infobip delivery report: results.1.status.groupId: expected a number, got text',
        messageId: 'infobip:12db39c3-7822-4e72-a3ec-c87442c0ffc5',
      },
      { _tag: 'Invalid', reason: 'Infobip results.2 is not an object', messageId: null },
      {
        _tag: 'Invalid',
        reason: 'Infobip results.3 is neither a delivery report (status), a seen report (seenAt) nor an inbound message (receivedAt)',
        messageId: 'infobip:m-1',
      },
    ]);
    expect(normalize(report('sms-delivery-reports', { status: 'DELIVERED' }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip delivery report: results.0.status: expected an object, got text', messageId: 'infobip:MESSAGE-ID-123-xyz' },
    ]);
    expect(normalize(report('sms-delivery-reports', { messageId: undefined }))).toEqual([
      { _tag: 'Invalid', reason: 'Infobip delivery report: results.0.messageId: not any of the accepted forms', messageId: null },
    ]);
  });

  it('refuses an event Infobip does not document, and bodies that are not Infobip reports', () => {
    expect(normalize({ results: [{ event: 'TELEPORTED', messageId: 'm-2' }] })).toEqual([
      { _tag: 'Invalid', reason: 'unknown Infobip event "TELEPORTED"', messageId: 'infobip:m-2' },
    ]);
    expect(normalize({ results: [{ event: { type: 'WAVED' } }] })).toEqual([{ _tag: 'Invalid', reason: 'unknown Infobip event "WAVED"', messageId: null }]);
    expect(normalize({ results: 'none' })).toEqual([{ _tag: 'Invalid', reason: 'Infobip reports: results: expected a list, got text', messageId: null }]);
    expect(normalize({ content: { type: 'weather' }, createdAt: '2024-01-01T01:00:00.000+0000' })).toEqual([
      { _tag: 'Invalid', reason: 'unknown Infobip WhatsApp notification "weather"', messageId: null },
    ]);
  });

  it("takes words such as constructor for the words they are, never for Object.prototype's", () => {
    const pending = observations(withStatus({ groupName: 'PENDING', name: 'constructor' }))[0];
    expect(pending).toMatchObject({ state: 'sent', detail: null, providerStatus: 'constructor' });
    expect(observations(withStatus({ groupName: 'DELIVERED', name: '__proto__' }))[0]).toMatchObject({ state: 'delivered', detail: null });
    expect(normalize(withStatus({ groupName: 'toString' }))).toEqual([expect.objectContaining({ reason: 'unmapped Infobip status group "toString"' })]);
    expect(observations(report('messages-api-delivery-report', { channel: 'constructor' }))[0]?.channel).toBe('constructor');
    expect(normalize({ results: [{ event: 'constructor' }] })).toEqual([expect.objectContaining({ reason: 'unknown Infobip event "constructor"' })]);
    expect(normalize({ content: { type: 'hasOwnProperty' } })).toEqual([expect.objectContaining({ _tag: 'Invalid' })]);
  });

  it.each([[null], [[1, 2]], ['text'], [{ hello: 'world' }]])('refuses %j as not an Infobip payload', (payload) => {
    expect(normalize(payload)).toEqual([{ _tag: 'Invalid', messageId: null, reason: expect.stringMatching(/Infobip payload/) }]);
  });
});

describe('what Infobip posts beside statuses', () => {
  it.each([
    ['sms-inbound', 'inbound message'],
    ['whatsapp-inbound', 'inbound message'],
    ['viber-inbound', 'inbound message'],
    ['rcs-inbound', 'inbound message'],
    ['rcs-user-action-event', 'inbound message'],
    ['messages-api-inbound', 'inbound message'],
    ['messages-api-typing-started', 'typing_started'],
    ['rcs-typing-indicator', 'typing_indicator'],
    ['rcs-conversation-started', 'conversation_started'],
    ['rcs-sender-update', 'rcs_sender_status_update'],
    ['rcs-sender-launch-update', 'rcs_sender_launch_status_update'],
    ['rcs-test-number-update', 'rcs_test_number_status_update'],
    ['rcs-capability-check', 'capability check'],
    ['rcs-template-update', 'rcs template update'],
    ['whatsapp-payment-notification', 'payment'],
    ['whatsapp-marketing-update', 'marketing_update'],
    ['whatsapp-template-update', 'template_status_update'],
    ['whatsapp-identity-change', 'user_identity_changed'],
    ['sms-url-tracking', 'url tracking'],
  ])('ignores %s on purpose, counted as %s', (name, eventType) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Ignored', reason: expect.stringMatching(/^Infobip .+: .*(message status|not a message)$/), eventType }]);
  });

  it('ignores the other documented Messages API and template events by their own names', () => {
    expect(normalize({ results: [{ ...(fixture('messages-api-typing-started') as { results: object[] }).results[0], event: 'TYPING_STOPPED' }] })).toEqual([
      expect.objectContaining({ _tag: 'Ignored', eventType: 'typing_stopped' }),
    ]);
    const template = fixture('whatsapp-template-update') as { change: object };
    const quality = { ...template, change: { type: 'TEMPLATE_QUALITY_UPDATE' } };
    expect(normalize(quality)).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType: 'template_quality_update' })]);
    const identity = fixture('whatsapp-identity-change') as { content: object };
    const payment = { ...identity, content: { type: 'payment', paymentId: 'p-1' } };
    expect(normalize(payment)).toEqual([expect.objectContaining({ _tag: 'Ignored', eventType: 'payment' })]);
  });

  it.each([
    ['error-401', 'Infobip API error E401: The request lacks valid authentication credentials for the requested resource.'],
    ['error-429', 'Infobip API error E429: Too many requests sent.'],
    ['error-legacy-400', 'Infobip API error BAD_REQUEST: Bad request'],
  ])('reports the API error %s as invalid with its code', (name, reason) => {
    expect(normalize(fixture(name))).toEqual([{ _tag: 'Invalid', reason, messageId: null }]);
  });
});

describe("Infobip's receipts", () => {
  it('fall back to other channels, with a window for SMS, MMS, Viber, WhatsApp and any other', () => {
    expect(infobip.receipts.fallback).toBe(true);
    expect(infobip.receipts.windows.map(({ channel, ms }) => [channel, ms / 3_600_000])).toEqual([
      ['SMS', 49],
      ['MMS', 49],
      ['Viber', 14 * 24],
      ['WhatsApp', 30 * 24],
      ['*', 30 * 24],
    ]);
  });
});
