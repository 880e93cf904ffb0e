import {
  ignored,
  invalid,
  makeObservation,
  maxClientRefLength,
  observed,
  parseProviderTime,
  providerIdText,
  providerText,
  quoted,
  schemaProblem,
  wordIn,
  wordKey,
  type NormalizedItem,
  type ProviderError,
  type ProviderNormalizer,
  type RawEvent,
} from '@msgstatus/canonical';
import { isFailure, type Detail, type Status } from '@msgstatus/status-machine';
import { z } from 'zod';
import { recipientMessageId } from './recipientMessageId.js';
import { TelnyxApiError, TelnyxLinkClick, TelnyxMessage, TelnyxMessageAnswer, TelnyxRecipient, TelnyxWebhookEvent, type TelnyxError } from './telnyxSchemas.js';
import { telnyxStatusApi } from './telnyxStatusApi.js';
import { telnyxWebhook } from './telnyxWebhook.js';

const hour = 3_600_000;
const day = 86_400_000;

const provider = 'telnyx';

/**
 * Every outbound status word Telnyx documents for `to[].status`: the webhook guide's table, the
 * API's enum (`expired`, and `scheduled` and `cancelled` of scheduled messages) and the words of
 * the message-detail-record guide (`failed`, `gw_timeout`, `dlr_timeout`).
 */
const statuses: Readonly<Record<string, { readonly state: Status; readonly detail?: Detail; readonly unconfirmed?: true }>> = {
  scheduled: { state: 'queued' },
  queued: { state: 'queued' },
  // Being handed to the carrier: it has not left Telnyx yet.
  sending: { state: 'queued' },
  sent: { state: 'sent' },
  // "Carrier has confirmed delivery to the recipient" (webhooks), "to handset" (MDR guide).
  delivered: { state: 'delivered', detail: 'delivered_to_recipient' },
  read: { state: 'read' },
  // Final for Telnyx, but no outcome: "no delivery confirmation was received from the carrier".
  // The message was sent; calling it undelivered would invent a failure.
  delivery_unconfirmed: { state: 'sent', unconfirmed: true },
  dlr_timeout: { state: 'sent', unconfirmed: true },
  // Cancelled before its send time: it never left, as a refusal.
  cancelled: { state: 'rejected' },
  // Telnyx could not hand it to the carrier (including `valid_until` passing in its queue).
  sending_failed: { state: 'failed' },
  gw_timeout: { state: 'failed' },
  failed: { state: 'failed' },
  delivery_failed: { state: 'undelivered' },
  // Not the queue's expiry, which Telnyx reports as sending_failed: the carrier's validity ran out.
  expired: { state: 'undelivered' },
};

/** Recipient words that are not an outbound message's status. */
const withoutStatus: Readonly<Record<string, { readonly what: string; readonly eventType: string }>> = {
  webhook_delivered: { what: 'an inbound message handed to our webhook', eventType: 'inbound message' },
  received: { what: 'an inbound message received by Telnyx', eventType: 'inbound message' },
  // Group MMS: "handset delivery status is not available for non-Telnyx recipients".
  unknown: { what: 'no status: Telnyx has none for this recipient', eventType: 'status unknown' },
};

/** Event types whose payload is a message record with the recipients' statuses (`message.delivered` is named by the MDR guide only). */
const statusEvents = new Set(['message.sent', 'message.finalized', 'message.read', 'message.delivered']);

/** Documented messaging events that report no outbound status. */
const messagingEventsWithoutStatus: Readonly<Record<string, string>> = {
  'message.received': 'an inbound message',
};

// `call.initiated`, `fax.delivered`, `verify.sent`...: another Telnyx product's event, on a webhook URL shared with it.
const otherProductEvent = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

// Telnyx's type is SMS, MMS or RCS: canonical channels (makeObservation spells them canonically).
const channelOf = (type: string | null | undefined): string | null => type ?? null;

/**
 * Telnyx echoes no reference of the sender's, but it echoes the per-message `webhook_url`, where a
 * sender puts one (`?clientRef=order-1842`), as Twilio senders do: in webhooks and in retrieve answers alike.
 */
function clientRefOf(webhookUrl: string | null | undefined): string | null {
  if (!webhookUrl) return null;
  try {
    return new URL(webhookUrl).searchParams.get('clientRef') || null;
  } catch {
    return null;
  }
}

/**
 * The error of a recipient: one pointing at it (`/to/<index>...`), else, when its status failed or
 * is unconfirmed, one pointing at no recipient: Telnyx's errors are about "unsuccessful/unconfirmed
 * delivery statuses", so a group's delivered recipients do not take another's error.
 */
function errorOf(errors: ReadonlyArray<TelnyxError>, index: number, unsuccessful: boolean): ProviderError | null {
  const own = new RegExp(`^/to/${index}(/|$)`);
  const general = unsuccessful ? errors.find((error) => !(error.source?.pointer ?? '').startsWith('/to/')) : undefined;
  const chosen = errors.find((error) => own.test(error.source?.pointer ?? '')) ?? general;
  const code = chosen === undefined ? '' : String(chosen.code).trim();
  if (chosen === undefined || code === '' || code === '0') return null;
  return { code, message: providerText([chosen.title, chosen.detail].filter(Boolean).join(': ')) || null };
}

/** The time of a recipient's status: the webhook's `occurred_at`, or in a retrieve answer the latest time the record names. */
type StatusTime = { readonly _tag: 'Event'; readonly at: string } | { readonly _tag: 'Record' };

function recordTime(message: TelnyxMessage, recipientUpdatedAt: string | null | undefined): { readonly at: string | null } | { readonly problem: string } {
  // The recipient's own time, else the record's: each of these is later than the next once set,
  // so the first one set is the record's latest change, which its current status is.
  const times = [
    ['to[].updated_at', recipientUpdatedAt],
    ['updated_at', message.updated_at],
    ['completed_at', message.completed_at],
    ['sent_at', message.sent_at],
    ['received_at', message.received_at],
  ] as const;
  const [field, value] = times.find(([, at]) => at != null) ?? ['', null];
  if (value == null) return { at: null };
  const at = parseProviderTime(value);
  return at === null ? { problem: `Telnyx ${field} ${quoted(value)} is not an ISO-8601 time` } : { at };
}

const messageIdOf = (value: unknown): string | null => {
  const id = providerIdText((value as { id?: unknown } | null)?.id);
  return id === null ? null : `${provider}:${id}`;
};

function messageItems(event: RawEvent, value: unknown, where: string, time: StatusTime): NormalizedItem[] {
  const parsed = TelnyxMessage.safeParse(value);
  if (!parsed.success) return [invalid(`Telnyx message: ${schemaProblem(parsed.error, where)}`, messageIdOf(value))];
  const message = parsed.data;
  const id = providerIdText(message.id);
  if (id === null) return [invalid(`Telnyx message: ${where}.id is not a message id`)];
  if (message.direction != null && wordKey(message.direction) === 'inbound') {
    return [ignored("Telnyx inbound message: not an outbound message's status", 'inbound message')];
  }
  if (message.to.length === 0) return [invalid(`Telnyx message without recipients: ${where}.to is empty`, `${provider}:${id}`)];
  const clientRef = clientRefOf(message.webhook_url);
  if (clientRef !== null && clientRef.length > maxClientRefLength) {
    return [invalid(`the clientRef of ${where}.webhook_url is longer than ${maxClientRefLength} characters`, `${provider}:${id}`)];
  }
  const group = message.to.length + (message.cc?.length ?? 0) > 1;
  return message.to.map((recipientValue, index) => {
    const recipientWhere = `${where}.to.${index}`;
    const recipient = TelnyxRecipient.safeParse(recipientValue);
    if (!recipient.success) return invalid(`Telnyx recipient: ${schemaProblem(recipient.error, recipientWhere)}`, `${provider}:${id}`);
    const { phone_number: phoneNumber, status, updated_at: updatedAt } = recipient.data;
    if (group && phoneNumber == null) return invalid(`Telnyx group message: ${recipientWhere}.phone_number is missing`, `${provider}:${id}`);
    const providerMessageId = recipientMessageId(id, group ? phoneNumber! : null);
    const messageId = `${provider}:${providerMessageId}`;
    const word = wordKey(status);
    const without = wordIn(withoutStatus, word);
    if (without !== undefined) return ignored(`Telnyx status ${quoted(status)} is ${without.what}`, without.eventType);
    const mapping = wordIn(statuses, word);
    if (mapping === undefined) return invalid(`unmapped Telnyx status ${quoted(status)}`, messageId);
    const providerTime = time._tag === 'Event' ? { at: time.at } : recordTime(message, updatedAt);
    if ('problem' in providerTime) return invalid(providerTime.problem, messageId);
    return observed(
      makeObservation(event, {
        providerMessageId,
        clientRef,
        state: mapping.state,
        detail: mapping.detail ?? null,
        // `meta.attempt` counts webhook deliveries; Telnyx numbers no channel attempts.
        attempt: null,
        channel: channelOf(message.type),
        providerTime: providerTime.at,
        error: errorOf(message.errors ?? [], index, isFailure(mapping.state) || mapping.unconfirmed === true),
        providerStatus: status,
      }),
    );
  });
}

function webhookItems(event: RawEvent, payload: object): NormalizedItem[] {
  const parsed = TelnyxWebhookEvent.safeParse(payload);
  if (!parsed.success) {
    return [invalid(`not a Telnyx webhook: ${schemaProblem(parsed.error)}`, messageIdOf((payload as { data?: { payload?: unknown } }).data?.payload))];
  }
  const { event_type: eventType, occurred_at: occurredAt, payload: message } = parsed.data.data;
  const key = wordKey(eventType);
  if (statusEvents.has(key)) {
    const at = parseProviderTime(occurredAt);
    // Never the receipt clock: a late or retried webhook still tells when the status happened.
    if (at === null) return [invalid(`Telnyx occurred_at ${quoted(occurredAt)} is not an ISO-8601 time`, messageIdOf(message))];
    return messageItems(event, message, 'data.payload', { _tag: 'Event', at });
  }
  const what = messagingEventsWithoutStatus[key];
  if (what !== undefined) return [ignored(`Telnyx event type ${quoted(eventType)} is ${what}: no outbound message status`, key)];
  if (key.startsWith('message.')) return [invalid(`unknown Telnyx messaging event type ${quoted(eventType)}`, messageIdOf(message))];
  if (key.length <= 64 && otherProductEvent.test(key)) {
    return [ignored(`Telnyx event type ${quoted(eventType)} is another product's event, not a message status`, key)];
  }
  return [invalid(`unknown Telnyx event type ${quoted(eventType)}`)];
}

function apiErrorItems(payload: object): NormalizedItem[] {
  const parsed = TelnyxApiError.safeParse(payload);
  if (!parsed.success) return [invalid(`Telnyx API error answer: ${schemaProblem(parsed.error)}`)];
  const [first] = parsed.data.errors;
  const words = providerText([first!.title, first!.detail].filter(Boolean).join(': ')) || 'no title';
  return [invalid(`Telnyx API error ${String(first!.code)}: ${words}`)];
}

/**
 * Telnyx Messaging (API v2): the status webhooks `message.sent`, `message.finalized` and RCS's
 * `message.read`, and the answers of `GET /v2/messages/{id}`. Each recipient in `to[]` is one
 * item: the status for it, at the webhook's `occurred_at` (Telnyx does not promise the order of
 * its webhooks; the machine takes late ones as stale). A group MMS gives each recipient its own
 * message (`<id>/<phone number>`). Inbound messages, link clicks and other products' events carry
 * no outbound status and are ignored. The gateway checks the Ed25519 signature (`telnyxWebhook`).
 */
export const telnyx: ProviderNormalizer = {
  provider,
  displayName: 'Telnyx Messaging',
  receipts: {
    // An RCS message sent with `sms_fallback` or `mms_fallback` may fail and be sent again as SMS or MMS.
    fallback: true,
    windows: [
      {
        channel: 'RCS',
        ms: 30 * day,
        source: 'RCS Business Messaging keeps an undelivered message and retries it for 30 days (Google, send messages), and read receipts trail delivery',
      },
      { channel: 'WhatsApp', ms: 30 * day, source: "Telnyx's WhatsApp goes through WhatsApp, which retries delivery for 30 days" },
      {
        channel: '*',
        ms: 72 * hour,
        source:
          "Telnyx documents no limit for carrier receipts (it finalizes without one as delivery_unconfirmed); carriers' receipts take up to 72 hours, " +
          'the common SMS validity period',
      },
    ],
  },
  rawPayload: z.union([
    TelnyxWebhookEvent.describe(
      'An API v2 webhook: message.sent, message.finalized and message.read carry statuses; message.received and other events are ignored',
    ),
    TelnyxLinkClick.describe('A replaced-link click: ignored'),
    TelnyxMessageAnswer.describe('The answer of GET /v2/messages/{id} (a poll): the message record'),
    TelnyxApiError.describe('An API error answer'),
  ]),
  webhook: telnyxWebhook,
  statusApi: telnyxStatusApi,
  normalize(event) {
    const { payload } = event;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return [invalid('a Telnyx payload is a JSON object')];
    if ('errors' in payload && !('data' in payload)) return apiErrorItems(payload);
    const data = (payload as { data?: unknown }).data;
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      if ('event_type' in data) return webhookItems(event, payload);
      if ((data as { record_type?: unknown }).record_type === 'link_clicked') {
        const click = TelnyxLinkClick.safeParse(payload);
        return click.success
          ? [ignored('a Telnyx link click: no outbound message status', 'link_clicked')]
          : [invalid(`Telnyx link click: ${schemaProblem(click.error)}`)];
      }
      if ('to' in data || (data as { record_type?: unknown }).record_type === 'message') return messageItems(event, data, 'data', { _tag: 'Record' });
    }
    return [
      invalid(
        'not a Telnyx payload: expected a webhook (data.event_type), a link click, a message record (data.to) or an API error (errors)',
      ),
    ];
  },
};
