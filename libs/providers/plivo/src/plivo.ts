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
  wordKey,
  type NormalizedItem,
  type ProviderError,
  type ProviderNormalizer,
  type RawEvent,
} from '@msgstatus/canonical';
import type { Detail, Status } from '@msgstatus/status-machine';
import { z } from 'zod';
import { plivoErrorCodes } from './plivoErrorCodes.js';
import { PlivoApiError, PlivoCallback, PlivoMessageDetails } from './plivoSchemas.js';
import { plivoStatusApi } from './plivoStatusApi.js';
import { plivoWebhook } from './plivoWebhook.js';

const hour = 3_600_000;
const day = 86_400_000;

const provider = 'plivo';

/** A table's entry for a provider's word; never one of `Object.prototype`'s (`constructor`). */
const entryOf = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Plivo's outbound message states, in callbacks (`Status`) and detail records (`message_state`). */
const statuses: Readonly<Record<string, { readonly state: Status; readonly detail: Detail | null }>> = {
  queued: { state: 'queued', detail: null },
  sent: { state: 'sent', detail: null },
  delivered: { state: 'delivered', detail: null },
  read: { state: 'read', detail: null },
  undelivered: { state: 'undelivered', detail: null },
  // A carrier's delivery report refusing a message it was sent ("due to some regulations"): not the
  // canonical `rejected`, a refusal before sending, which cannot follow `sent`.
  rejected: { state: 'undelivered', detail: 'rejected_by_operator' },
  // Plivo could not hand the message to a carrier (its queue expired it, no credit...).
  failed: { state: 'failed', detail: null },
};

/** The state of inbound messages: not an outbound status. */
const inbound = 'received';

/** The callback field that times each state; `failed` and `read` have none, so the receipt time stands in. */
const statusTimes: Readonly<Record<string, 'QueuedTime' | 'SentTime' | 'DeliveryReportTime'>> = {
  queued: 'QueuedTime',
  sent: 'SentTime',
  delivered: 'DeliveryReportTime',
  undelivered: 'DeliveryReportTime',
  rejected: 'DeliveryReportTime',
};

const channels: Readonly<Record<string, string>> = { sms: 'SMS', mms: 'MMS', whatsapp: 'WhatsApp' };
const channelOf = (type: string | null | undefined): string | null => (type == null ? null : (entryOf(channels, wordKey(type)) ?? type));

/** An error given as JSON rather than text, as text; a structure too deep to write out says so rather than throwing. */
function errorText(error: unknown): string {
  try {
    return JSON.stringify(error) ?? 'no error text';
  } catch {
    return 'an error too deeply nested to write out';
  }
}

/** Plivo's error code and its meaning; `000` (and none) is no error. Plivo's own message wins over the documented meaning. */
function errorOf(code: string | number | null | undefined, message: string | null | undefined): ProviderError | null {
  const text = code == null ? '' : String(code).trim();
  if (/^0*$/.test(text)) return null;
  const given = message == null ? '' : providerText(message);
  return { code: text, message: given || (entryOf(plivoErrorCodes, text) ?? null) };
}

/** What a callback or a detail record says of one message, in Plivo's words. */
interface Reported {
  readonly providerMessageId: string;
  readonly status: string;
  readonly type: string | null | undefined;
  /** The time of the status and the field it came from, when Plivo gives one. */
  readonly time: { readonly field: string; readonly value: string } | null;
  readonly error: ProviderError | null;
  readonly clientRef: string | null;
}

function statusItem(event: RawEvent, reported: Reported): NormalizedItem {
  const messageId = `${provider}:${reported.providerMessageId}`;
  const word = wordKey(reported.status);
  if (word === inbound) return ignored(`Plivo state ${quoted(reported.status)} is an inbound message's`, 'inbound message');
  const mapping = entryOf(statuses, word);
  if (mapping === undefined) return invalid(`unmapped Plivo status ${quoted(reported.status)}`, messageId);
  const providerTime = reported.time === null ? null : parseProviderTime(reported.time.value);
  if (reported.time !== null && providerTime === null) return invalid(`Plivo ${reported.time.field} ${quoted(reported.time.value)} is not a time`, messageId);
  return observed(
    makeObservation(event, {
      providerMessageId: reported.providerMessageId,
      clientRef: reported.clientRef,
      state: mapping.state,
      detail: mapping.detail,
      attempt: null,
      channel: channelOf(reported.type),
      providerTime,
      error: reported.error,
      providerStatus: reported.status,
    }),
  );
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

function callbackItems(event: RawEvent, payload: unknown): NormalizedItem[] {
  const parsed = PlivoCallback.safeParse(payload);
  if (!parsed.success) return [invalid(`not a Plivo callback: ${schemaProblem(parsed.error)}`)];
  const callback = parsed.data;
  const ownId = providerIdText(callback.MessageUUID);
  if (ownId === null) return [invalid('a Plivo callback whose MessageUUID is empty, too long or not a whole number')];
  // A long SMS sent in parts has a callback per part, each with its own MessageUUID: all of them
  // are the message the sender sent, whose UUID (the first part's) is ParentMessageUUID.
  const providerMessageId = (callback.ParentMessageUUID === undefined ? null : providerIdText(callback.ParentMessageUUID)) ?? ownId;
  const messageId = `${provider}:${providerMessageId}`;
  if (!present(callback.Status)) {
    // A number's message_url gets incoming messages with the same MessageUUID, From and To, but no Status.
    const incoming = present(callback.Text) || present(callback.Body) || present(callback.MediaCount);
    return [incoming ? ignored('a Plivo incoming message, not a status callback', 'inbound message') : invalid('a Plivo callback without Status', messageId)];
  }
  // Plivo's callback body echoes no reference of the sender's: senders put one on the callback URL (?clientRef=...).
  const clientRef = event.callbackQuery === undefined ? null : new URLSearchParams(event.callbackQuery).get('clientRef');
  if (clientRef !== null && clientRef.length > maxClientRefLength) {
    return [invalid(`the callback URL's clientRef is longer than ${maxClientRefLength} characters`, messageId)];
  }
  const timeField = entryOf(statusTimes, wordKey(callback.Status));
  const time = timeField === undefined ? undefined : callback[timeField];
  return [
    statusItem(event, {
      providerMessageId,
      status: callback.Status,
      type: callback.Type,
      time: timeField !== undefined && present(time) ? { field: timeField, value: time } : null,
      error: errorOf(callback.ErrorCode, null),
      clientRef: clientRef === '' ? null : clientRef,
    }),
  ];
}

function detailsItems(event: RawEvent, payload: unknown): NormalizedItem[] {
  const parsed = PlivoMessageDetails.safeParse(payload);
  if (!parsed.success) return [invalid(`not a Plivo message detail record: ${schemaProblem(parsed.error)}`)];
  const details = parsed.data;
  const providerMessageId = providerIdText(details.message_uuid);
  if (providerMessageId === null) return [invalid('a Plivo message detail record whose message_uuid is empty, too long or not a whole number')];
  const direction = details.message_direction;
  if (direction != null && wordKey(direction) !== 'outbound') {
    return [ignored(`Plivo ${quoted(direction)} message: not an outbound message's status`, `${wordKey(direction)} message`)];
  }
  const updated = details.message_updated_time;
  return [
    statusItem(event, {
      providerMessageId,
      status: details.message_state,
      type: details.message_type,
      // The time of the record's last change, that is of its state; older answers have none.
      time: updated != null && updated.trim() !== '' ? { field: 'message_updated_time', value: updated } : null,
      error: errorOf(details.error_code, details.error_message),
      clientRef: null,
    }),
  ];
}

function apiError(payload: unknown): NormalizedItem[] {
  const parsed = PlivoApiError.safeParse(payload);
  if (!parsed.success) return [invalid(`not a Plivo API error: ${schemaProblem(parsed.error)}`)];
  const { error } = parsed.data;
  return [invalid(`Plivo API error: ${providerText(typeof error === 'string' ? error : errorText(error))}`)];
}

/**
 * Plivo Messaging (SMS, MMS, WhatsApp): message status callbacks (form fields) and the message
 * detail records its status API answers, with its API errors. A long SMS's parts fold into the
 * message sent (`ParentMessageUUID`). Callbacks time queued, sent and delivery reports; `failed`
 * and `read` carry no time, so the receipt time stands for it. The gateway checks their signature
 * (`plivoWebhook`).
 */
export const plivo: ProviderNormalizer = {
  provider,
  displayName: 'Plivo',
  receipts: {
    fallback: false,
    windows: [
      { channel: 'WhatsApp', ms: 30 * day, source: "Plivo's WhatsApp goes through WhatsApp, which retries delivery for 30 days" },
      {
        channel: '*',
        ms: 75 * hour,
        source:
          'Plivo fails a message still in its queue after 3 hours (message expiry, error 420) and documents no limit for carrier receipts; ' +
          "carriers' receipts take up to 72 hours, the common SMS validity period",
      },
    ],
  },
  rawPayload: z.union([
    PlivoCallback.describe('The form fields of a message status callback (or of an incoming message: ignored), as a JSON object'),
    PlivoMessageDetails.describe('A message detail record, the status API answer (a poll)'),
    PlivoApiError.describe('An API error answer'),
  ]),
  webhook: plivoWebhook,
  statusApi: plivoStatusApi,
  normalize(event) {
    const { payload } = event;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return [invalid('a Plivo payload is a JSON object')];
    if ('MessageUUID' in payload || 'Status' in payload) return callbackItems(event, payload);
    if ('message_uuid' in payload || 'message_state' in payload) return detailsItems(event, payload);
    if ('error' in payload) return apiError(payload);
    return [invalid('not a Plivo payload: expected a callback (MessageUUID), a message detail record (message_uuid) or an API error (error)')];
  },
};
