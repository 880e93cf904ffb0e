import {
  ignored,
  invalid,
  makeObservation,
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
import { z, type ZodType } from 'zod';
import {
  ApiError,
  DeliveryReport,
  LegacyApiError,
  RcsCapabilityCheck,
  RcsTemplateUpdate,
  Reports,
  SeenReport,
  UrlTracking,
  WhatsAppNotification,
  WhatsAppTemplateUpdate,
} from './infobipSchemas.js';
import { mapStatus } from './infobipStatus.js';
import { infobipStatusApi } from './infobipStatusApi.js';
import { infobipWebhook } from './infobipWebhook.js';

const hour = 3_600_000;
const day = 86_400_000;

const provider = 'infobip';

// Tables of provider words are Maps: a word such as `constructor` must not find Object.prototype's.

/** Infobip's channel names that do not already match a canonical channel by case (`WHATSAPP` does). */
const channelNames: ReadonlyMap<string, string> = new Map([
  ['viber_bm', 'Viber'],
  ['viber_bot', 'Viber'],
  ['instagram_dm', 'Instagram'],
  ['line_on', 'Line'],
  ['kakao_alim', 'Kakao'],
  ['kakao_chingu', 'Kakao'],
]);

const channelOf = (name: string | null | undefined): string | null => {
  const trimmed = name?.trim();
  return trimmed ? (channelNames.get(wordKey(trimmed)) ?? trimmed) : null;
};

/** What every item of one body shares: the raw event, and the channel its callback URL names. */
interface Body {
  readonly event: RawEvent;
  readonly urlChannel: string | null;
}

const idOf = (value: unknown): string | null => {
  const id = providerIdText((value as { messageId?: unknown } | null)?.messageId);
  return id === null ? null : `${provider}:${id}`;
};

/** An Infobip time as ISO UTC, or why it is not one. */
function timeOf(value: string, field: string): { readonly time: string } | { readonly reason: string } {
  const time = parseProviderTime(value);
  return time === null ? { reason: `Infobip ${field} ${quoted(value)} is not an ISO-8601 time` } : { time };
}

/** Infobip's error, or null for its "no error" (id 0, `NO_ERROR`), which successes and rejections alike carry. */
function errorOf(error: DeliveryReport['error']): ProviderError | null {
  if (error == null) return null;
  const id = error.id == null ? '' : String(error.id).trim();
  const name = error.name?.trim() ?? '';
  if (id === '0' || (id === '' && (name === '' || wordKey(name) === 'no_error'))) return null;
  return { code: id || name, message: providerText(error.description ?? error.name ?? '') || null };
}

function deliveryReport(body: Body, value: unknown, where: string): NormalizedItem {
  const parsed = DeliveryReport.safeParse(value);
  if (!parsed.success) return invalid(`Infobip delivery report: ${schemaProblem(parsed.error, where)}`, idOf(value));
  const report = parsed.data;
  const id = providerIdText(report.messageId);
  if (id === null) return invalid(`Infobip delivery report ${where} names no usable messageId (numbers beyond 2^53 lose digits: send it as a string)`);
  const messageId = `${provider}:${id}`;
  const mapping = mapStatus(report.status);
  if (mapping.kind === 'unmapped') return invalid(mapping.reason, messageId);
  // doneAt is when Infobip finished with the message (delivered, failed); a pending one has only sentAt.
  const [field, at] = report.doneAt != null ? ['doneAt', report.doneAt] : ['sentAt', report.sentAt];
  const time = at == null ? { time: null } : timeOf(at, field);
  if ('reason' in time) return invalid(time.reason, messageId);
  const { status } = report;
  return observed(
    makeObservation(body.event, {
      providerMessageId: id,
      clientRef: report.callbackData,
      state: mapping.state,
      detail: mapping.detail,
      attempt: null,
      channel: channelOf(report.channel) ?? body.urlChannel,
      providerTime: time.time,
      error: errorOf(report.error),
      providerStatus: status.name ?? status.groupName ?? `group ${status.groupId}`,
    }),
  );
}

function seenReport(body: Body, value: unknown, where: string): NormalizedItem {
  const parsed = SeenReport.safeParse(value);
  if (!parsed.success) return invalid(`Infobip seen report: ${schemaProblem(parsed.error, where)}`, idOf(value));
  const report = parsed.data;
  const id = providerIdText(report.messageId);
  if (id === null) return invalid(`Infobip seen report ${where} names no usable messageId (numbers beyond 2^53 lose digits: send it as a string)`);
  const time = timeOf(report.seenAt, 'seenAt');
  if ('reason' in time) return invalid(time.reason, `${provider}:${id}`);
  return observed(
    makeObservation(body.event, {
      providerMessageId: id,
      clientRef: report.callbackData,
      state: 'read',
      detail: null,
      attempt: null,
      channel: channelOf(report.channel) ?? body.urlChannel,
      providerTime: time.time,
      error: null,
      // Only the Messages API names the report (SEEN); Infobip calls them all seen reports.
      providerStatus: report.event ?? 'SEEN',
    }),
  );
}

/** Infobip's documented events in `results[]` that are no outbound message's status, by event name or type. */
const eventsWithoutStatus: ReadonlyMap<string, string> = new Map([
  ['mo', 'an inbound message'],
  ['typing_started', 'the user started typing'],
  ['typing_stopped', 'the user stopped typing'],
  ['typing_indicator', 'the user is typing'],
  ['conversation_started', 'an RCS conversation started'],
  ['rcs_sender_status_update', "an RCS sender's status changed"],
  ['rcs_sender_launch_status_update', "an RCS sender's launch status changed"],
  ['rcs_test_number_status_update', "an RCS test number's status changed"],
]);

function eventWithoutStatus(name: string, messageId: string | null): NormalizedItem {
  const key = wordKey(name);
  const what = eventsWithoutStatus.get(key);
  if (what === undefined) return invalid(`unknown Infobip event ${quoted(name)}`, messageId);
  return ignored(`Infobip event ${quoted(name)} (${what}): no outbound message status`, key === 'mo' ? 'inbound message' : key);
}

/** One item of `results[]`, told apart by what it carries: Infobip posts every kind to the same URL. */
function resultItem(body: Body, value: unknown, index: number): NormalizedItem {
  const where = `results.${index}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid(`Infobip ${where} is not an object`);
  const item = value as Record<string, unknown>;
  const { event } = item;
  if (typeof event === 'string') {
    const key = wordKey(event);
    if (key === 'delivery') return deliveryReport(body, value, where);
    if (key === 'seen') return seenReport(body, value, where);
    return eventWithoutStatus(event, idOf(value));
  }
  // RCS events: typing indicator, conversation started.
  const eventType = (event as { type?: unknown } | null | undefined)?.type;
  if (typeof eventType === 'string') return eventWithoutStatus(eventType, idOf(value));
  if ('status' in item) return deliveryReport(body, value, where);
  if ('seenAt' in item) return seenReport(body, value, where);
  if ('receivedAt' in item) return ignored('Infobip inbound message (or user action): no outbound message status', 'inbound message');
  return invalid(`Infobip ${where} is neither a delivery report (status), a seen report (seenAt) nor an inbound message (receivedAt)`, idOf(value));
}

/** The channel the callback URL names (`?channel=SMS`), for reports that name none (SMS, Viber, WhatsApp webhooks). */
function urlChannelOf(event: RawEvent): { readonly channel: string | null } | { readonly reason: string } {
  const channel = event.callbackQuery === undefined ? null : new URLSearchParams(event.callbackQuery).get('channel');
  if (channel === null || channel.trim() === '') return { channel: null };
  if (!/^[A-Za-z_]{1,32}$/.test(channel.trim())) return { reason: `the callback URL's channel ${quoted(channel)} is not a channel name` };
  return { channel: channelOf(channel) };
}

function reports(event: RawEvent, results: ReadonlyArray<unknown>): NormalizedItem[] {
  if (results.length === 0) return [ignored('Infobip body with no results', 'no results')];
  const urlChannel = urlChannelOf(event);
  if ('reason' in urlChannel) return results.map((value) => invalid(urlChannel.reason, idOf(value)));
  const body: Body = { event, urlChannel: urlChannel.channel };
  return results.map((value, index) => resultItem(body, value, index));
}

const notificationTypes: ReadonlyMap<string, string> = new Map([
  ['user_identity_changed', "a WhatsApp user's identity changed"],
  ['payment', 'a WhatsApp payment'],
  ['marketing_update', 'a WhatsApp user stopped or resumed marketing messages'],
]);

function whatsAppNotification(payload: unknown): NormalizedItem {
  const parsed = WhatsAppNotification.safeParse(payload);
  if (!parsed.success) return invalid(`Infobip WhatsApp notification: ${schemaProblem(parsed.error)}`);
  const { content } = parsed.data;
  const type = content.notificationMessagesStatus != null ? 'marketing_update' : content.paymentId != null ? 'payment' : wordKey(content.type ?? '');
  const what = notificationTypes.get(type);
  return what === undefined
    ? invalid(`unknown Infobip WhatsApp notification ${quoted(content.type ?? '(no type)')}`)
    : ignored(`Infobip notification (${what}): no outbound message status`, type);
}

/** A body of a documented form that carries no message status, or why it is not of that form. */
function withoutStatus(payload: object, schema: ZodType, name: string, why: string, eventType: string): NormalizedItem {
  const parsed = schema.safeParse(payload);
  return parsed.success ? ignored(`Infobip ${name}: ${why}`, eventType) : invalid(`Infobip ${name}: ${schemaProblem(parsed.error)}`);
}

function apiError(payload: object): NormalizedItem {
  if ('errorCode' in payload) {
    const error = ApiError.safeParse(payload);
    if (!error.success) return invalid(`Infobip API error: ${schemaProblem(error.error)}`);
    return invalid(`Infobip API error ${error.data.errorCode}: ${providerText(error.data.description ?? 'no description')}`);
  }
  const error = LegacyApiError.safeParse(payload);
  if (!error.success) return invalid(`Infobip API error: ${schemaProblem(error.error)}`);
  const { messageId, text } = error.data.requestError.serviceException;
  return invalid(`Infobip API error ${messageId ?? '(no id)'}: ${providerText(text ?? 'no text')}`);
}

function templateUpdate(payload: object): NormalizedItem {
  const update = WhatsAppTemplateUpdate.safeParse(payload);
  if (!update.success) return invalid(`Infobip WhatsApp template update: ${schemaProblem(update.error)}`);
  const { type } = update.data.change;
  const eventType = /^[a-z_]{1,64}$/.test(wordKey(type)) ? wordKey(type) : 'template update';
  return ignored(`Infobip WhatsApp template update ${quoted(type)}: about a template, not a message`, eventType);
}

/** A top-level body of one of Infobip's documented forms without `results[]`, told apart by a field only it has, or null. */
function otherBody(payload: object): NormalizedItem | null {
  if ('errorCode' in payload || 'requestError' in payload) return apiError(payload);
  if ('messageTemplateId' in payload) return templateUpdate(payload);
  if ('content' in payload) return whatsAppNotification(payload);
  if ('templateStatus' in payload) {
    return withoutStatus(payload, RcsTemplateUpdate, 'RCS template update', 'about a template, not a message', 'rcs template update');
  }
  if ('capabilityCheckResult' in payload) {
    return withoutStatus(payload, RcsCapabilityCheck, 'RCS capability check', 'whether a number takes RCS, not a message status', 'capability check');
  }
  if ('notificationType' in payload) {
    return withoutStatus(payload, UrlTracking, 'URL tracking', 'a link in a message was clicked, no message status', 'url tracking');
  }
  return null;
}

/**
 * Infobip: delivery and seen reports of SMS, MMS, Viber, WhatsApp, RCS, the Messages API and OMNI
 * failover, pushed to a webhook or answered by the `/logs` endpoints (several reports in one body,
 * each its own item), mapped by status group and refined by status name. Inbound messages, user
 * events and account notifications Infobip posts to the same URL are ignored on purpose.
 */
export const infobip: ProviderNormalizer = {
  provider,
  displayName: 'Infobip',
  // One body reports on up to 2000 messages in varying company (subscriptions' maxBucketSize, logs
  // answers of many ids): keyed by message, one message's bodies would land in different partitions.
  rawRecordKey: 'provider',
  receipts: {
    // WhatsApp, Viber and RCS messages may fail over to SMS or MMS, and Messages API ones to any channel.
    fallback: true,
    windows: [
      {
        channel: 'SMS',
        ms: 49 * hour,
        source: 'Infobip caps the SMS validity period at 48 hours, then reports EXPIRED (send SMS, validityPeriod); one more hour for its notify-URL retries',
      },
      { channel: 'MMS', ms: 49 * hour, source: 'Infobip caps the MMS validity period at 48 hours, as for SMS; one more hour for its notify-URL retries' },
      {
        channel: 'Viber',
        ms: 14 * day,
        source: 'Infobip caps the Viber validity period at 48 hours; a seen report may follow delivery while Viber keeps a message (at most 14 days)',
      },
      {
        channel: 'WhatsApp',
        ms: 30 * day,
        source: "WhatsApp retries delivery for 30 days, Meta's default time-to-live of utility and marketing templates (Infobip's validityPeriod -1)",
      },
      {
        channel: '*',
        ms: 30 * day,
        source: 'the longest of its windows: RCS, and reports that name no channel (SMS, Viber, WhatsApp webhooks without ?channel=)',
      },
    ],
  },
  rawPayload: z.union([
    Reports.describe('Reports, logs or inbound messages and events: `results[]`, one item per message or event'),
    ApiError.describe('An API error answer (`/logs` with a wrong key, over its quota)'),
    LegacyApiError.describe('An API error answer of the older endpoints'),
    WhatsAppNotification.describe('A WhatsApp notification about a user (identity change, marketing opt-out, payment): ignored'),
    WhatsAppTemplateUpdate.describe('A WhatsApp template update event: ignored'),
    RcsTemplateUpdate.describe('An RCS template update event: ignored'),
    RcsCapabilityCheck.describe('An RCS capability check result: ignored'),
    UrlTracking.describe('An SMS or MMS URL tracking notification: ignored'),
  ]),
  webhook: infobipWebhook,
  statusApi: infobipStatusApi,
  normalize(event) {
    const { payload } = event;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return [invalid('an Infobip payload is a JSON object')];
    if ('results' in payload) {
      const body = Reports.safeParse(payload);
      return body.success ? reports(event, body.data.results) : [invalid(`Infobip reports: ${schemaProblem(body.error)}`)];
    }
    const other = otherBody(payload);
    if (other !== null) return [other];
    return [invalid('not an Infobip payload: expected reports or logs (results), an API error (errorCode, requestError) or a documented notification')];
  },
};
