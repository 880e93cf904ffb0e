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
import { isFailure } from '@msgstatus/status-machine';
import { z } from 'zod';
import { ApiProblem, MessagesInbound, MessagesRecord, MessagesStatus, ReportsAnswer, SmsDeliveryReceipt, SmsInbound, SmsRecord } from './vonageSchemas.js';
import { messagesStatuses, parseScts, smsErrorMeanings, smsStatuses, statusOf, vonageChannel, type VonageStatus } from './vonageStatus.js';
import { vonageStatusApi } from './vonageStatusApi.js';
import { vonageWebhook } from './vonageWebhook.js';

const hour = 3_600_000;
const day = 86_400_000;

const provider = 'vonage';

/** Where the windows come from: the "callback time limits" of Vonage's Messages API status callbacks. */
const sentUpTo = (channels: string, period: string) =>
  `the Messages API sends statuses of ${channels} up to ${period} after sending (Messages API status callbacks)`;

/** The message id a payload names under `field`, for the reason of an item that does not validate. */
const messageIdOf = (payload: object, field: string): string | null => {
  const id = providerIdText((payload as Record<string, unknown>)[field]);
  return id === null ? null : `${provider}:${id}`;
};

/** A provider's code as an error; "0" is no error on a success, where Vonage sends it too. */
function errorOf(code: string | number | null | undefined, message: string | null | undefined, failed: boolean): ProviderError | null {
  const text = code == null ? '' : String(code).trim();
  if (text === '' || (/^0+$/.test(text) && !failed)) return null;
  return { code: text, message: message ? providerText(message) : null };
}

/**
 * A receipt's status time: `scts` read as UTC, unless it reads later than Vonage began to post
 * the receipt, which a UTC time cannot (it is cut to the minute): then it is the carrier's local
 * time, as in Vonage's own example (`scts` 13:10 on a receipt posted at 12:10:29, from a British
 * network in summer time), and the posting time stands for it.
 */
function receiptTime(scts: string | undefined, posted: string | undefined): { readonly time: string | null } | { readonly problem: string } {
  const handled = scts === undefined ? null : parseScts(scts);
  if (scts !== undefined && handled === null) return { problem: `Vonage scts ${quoted(scts)} is not YYMMDDHHMM` };
  const postedAt = posted === undefined ? null : parseProviderTime(posted);
  if (posted !== undefined && postedAt === null) return { problem: `Vonage message-timestamp ${quoted(posted)} is not a time` };
  return { time: handled !== null && (postedAt === null || handled <= postedAt) ? handled : postedAt };
}

/** A message's id as a string, or why it is none. */
function idText(id: string | number): string | { readonly problem: string } {
  return providerIdText(id) ?? { problem: `Vonage message id ${quoted(String(id))} is not a usable id (numbers beyond 2^53 lose digits)` };
}

function smsReceipt(event: RawEvent, payload: object): NormalizedItem {
  const parsed = SmsDeliveryReceipt.safeParse(payload);
  if (!parsed.success) return invalid(`Vonage SMS delivery receipt: ${schemaProblem(parsed.error)}`, messageIdOf(payload, 'messageId'));
  const receipt = parsed.data;
  const id = idText(receipt.messageId);
  if (typeof id !== 'string') return invalid(id.problem);
  const mapping = statusOf(smsStatuses, receipt.status);
  if (mapping === undefined) return invalid(`unmapped Vonage SMS status ${quoted(receipt.status)}`, `${provider}:${id}`);
  if (mapping === null) return ignored(`Vonage SMS status ${quoted(receipt.status)} carries no status information`, `status ${wordKey(receipt.status)}`);
  const time = receiptTime(receipt.scts, receipt['message-timestamp']);
  if ('problem' in time) return invalid(time.problem, `${provider}:${id}`);
  const code = receipt['err-code'] === undefined ? undefined : String(receipt['err-code']).trim();
  return observed(
    makeObservation(event, {
      // Each part of a long SMS has its own messageId and receipt: each part is its own message.
      providerMessageId: id,
      account: receipt['api-key'],
      clientRef: receipt['client-ref'],
      state: mapping.state,
      detail: mapping.detail,
      attempt: null,
      channel: 'SMS',
      providerTime: time.time,
      error: errorOf(code, code === undefined ? null : smsErrorMeanings[code], isFailure(mapping.state)),
      providerStatus: receipt.status,
    }),
  );
}

type MessagesError = { readonly type?: string | undefined; readonly title?: string | number | undefined; readonly detail?: string | undefined };

/** A Messages API error with its code: the `#1000` of its type, else its title. */
function messagesError(error: MessagesError | undefined): ProviderError | null {
  if (error === undefined) return null;
  const code = /#([\w.-]{1,50})$/.exec(error.type ?? '')?.[1] ?? (error.title === undefined ? '' : String(error.title));
  return errorOf(code, error.detail ?? null, true);
}

function messagesStatus(event: RawEvent, payload: object): NormalizedItem {
  const parsed = MessagesStatus.safeParse(payload);
  if (!parsed.success) return invalid(`Vonage Messages API status: ${schemaProblem(parsed.error)}`, messageIdOf(payload, 'message_uuid'));
  const { message_uuid: uuid, status, timestamp, channel, client_ref: clientRef, error, workflow } = parsed.data;
  const messageId = `${provider}:${uuid}`;
  const mapping = statusOf(messagesStatuses, status);
  if (mapping === undefined) return invalid(`unmapped Vonage Messages API status ${quoted(status)}`, messageId);
  const providerTime = parseProviderTime(timestamp);
  if (providerTime === null) return invalid(`Vonage timestamp ${quoted(timestamp)} is not an ISO-8601 time`, messageId);
  // A message sent with failover names its step of the sequence: the attempt.
  const attempt = workflow === undefined ? null : Number(workflow.items_number);
  const total = workflow?.items_total === undefined ? null : Number(workflow.items_total);
  if (attempt !== null && total !== null && attempt > total) return invalid(`Vonage workflow item ${attempt} is beyond its ${total} items`, messageId);
  return observed(
    makeObservation(event, {
      providerMessageId: uuid,
      clientRef,
      state: mapping.state,
      detail: mapping.detail,
      attempt,
      channel: vonageChannel(channel),
      providerTime,
      error: messagesError(error),
      providerStatus: status,
    }),
  );
}

/** What a Reports API record says, whichever product: SMS records name no channel, Messages records a `provider`. */
function readRecord(product: 'sms' | 'messages', value: unknown) {
  if (product === 'sms') {
    const record = SmsRecord.safeParse(value);
    return record.success ? { ...record.data, description: record.data.error_code_description, channel: 'SMS' } : record.error;
  }
  const record = MessagesRecord.safeParse(value);
  return record.success ? { ...record.data, description: null, channel: vonageChannel(record.data.provider) } : record.error;
}

/** One record of a Reports API answer: SMS records in the receipts' words, Messages records in the status webhook's. */
function reportedItem(event: RawEvent, product: 'sms' | 'messages', value: unknown, index: number): NormalizedItem {
  const record = readRecord(product, value);
  if (record instanceof z.ZodError) {
    const namedId = typeof value === 'object' && value !== null ? messageIdOf(value, 'message_id') : null;
    return invalid(`Vonage Reports API record: ${schemaProblem(record, `records.${index}`)}`, namedId);
  }
  const { status, direction, account_id: account, client_ref: clientRef, date_finalized: finalized, error_code: code } = record;
  const id = idText(record.message_id);
  if (typeof id !== 'string') return invalid(id.problem);
  if (direction != null && wordKey(direction) === 'inbound') {
    return ignored("Vonage Reports API record of an inbound message: not an outbound message's status", 'inbound message');
  }
  const table: Readonly<Record<string, VonageStatus | null>> = product === 'sms' ? smsStatuses : messagesStatuses;
  const mapping = statusOf(table, status);
  if (mapping === undefined) return invalid(`unmapped Vonage ${product === 'sms' ? 'SMS' : 'Messages API'} status ${quoted(status)}`, `${provider}:${id}`);
  if (mapping === null) return ignored(`Vonage SMS status ${quoted(status)} carries no status information`, `status ${wordKey(status)}`);
  // A record not final yet has no time of its status: the receipt time stands for it.
  const providerTime = finalized == null ? null : parseProviderTime(finalized);
  if (finalized != null && providerTime === null) return invalid(`Vonage date_finalized ${quoted(finalized)} is not an ISO-8601 time`, `${provider}:${id}`);
  const codeText = code == null ? undefined : String(code).trim();
  const meaning = record.description ?? (product === 'sms' && codeText !== undefined ? smsErrorMeanings[codeText] : null);
  return observed(
    makeObservation(event, {
      providerMessageId: id,
      account,
      clientRef,
      state: mapping.state,
      detail: mapping.detail,
      attempt: null,
      channel: record.channel,
      providerTime,
      error: errorOf(codeText, meaning, isFailure(mapping.state)),
      providerStatus: status,
    }),
  );
}

function reportsAnswer(event: RawEvent, payload: object): NormalizedItem[] {
  const parsed = ReportsAnswer.safeParse(payload);
  if (!parsed.success) return [invalid(`Vonage Reports API answer: ${schemaProblem(parsed.error)}`)];
  const { product, records = [], ids_not_found: notFound } = parsed.data;
  const kind = wordKey(product);
  if (kind !== 'sms' && kind !== 'messages') {
    return [invalid(`Vonage Reports API answer about ${quoted(product)}: only SMS and MESSAGES records carry message statuses`)];
  }
  const items = records.map((record, index) => reportedItem(event, kind, record, index));
  for (const id of (notFound ?? '').split(',').map((each) => each.trim()).filter(Boolean)) {
    items.push(invalid(`the Vonage Reports API has no record of message ${quoted(id)}`, `${provider}:${id}`));
  }
  return items.length > 0 ? items : [ignored('Vonage Reports API answer with no records', 'empty answer')];
}

function withoutStatus(schema: typeof SmsInbound | typeof MessagesInbound, payload: object, what: string): NormalizedItem {
  const parsed = schema.safeParse(payload);
  return parsed.success
    ? ignored(`a Vonage ${what} inbound message: not an outbound message's status`, 'inbound message')
    : invalid(`Vonage ${what} payload without status: ${schemaProblem(parsed.error)}`);
}

/**
 * Vonage: SMS API delivery receipts (one per message part, form-encoded or JSON), Messages API
 * status webhooks (with their failover step as the attempt), Reports API answers (the poller's)
 * and API errors. Inbound messages of both APIs carry no outbound status and are ignored. Vonage
 * fails over to the next channel of a Messages API request when one is rejected.
 */
export const vonage: ProviderNormalizer = {
  provider,
  displayName: 'Vonage',
  receipts: {
    fallback: true,
    windows: [
      { channel: 'SMS', ms: 72 * hour, source: `Vonage tries an SMS for 72 hours by default (the SMS API's ttl); ${sentUpTo('SMS and MMS', '72 hours')}` },
      { channel: 'MMS', ms: 72 * hour, source: sentUpTo('SMS and MMS', '72 hours') },
      { channel: 'WhatsApp', ms: 30 * day, source: sentUpTo('WhatsApp, Messenger and RCS', '30 days') },
      { channel: 'Messenger', ms: 30 * day, source: sentUpTo('WhatsApp, Messenger and RCS', '30 days') },
      { channel: 'RCS', ms: 30 * day, source: sentUpTo('WhatsApp, Messenger and RCS', '30 days') },
      { channel: 'Viber', ms: 14 * day, source: sentUpTo('Viber', '14 days') },
      { channel: '*', ms: 30 * day, source: sentUpTo('any channel', '30 days') },
    ],
  },
  rawPayload: z.union([
    SmsDeliveryReceipt.describe('An SMS API delivery receipt (form fields as a JSON object, or JSON as posted)'),
    SmsInbound.describe('An SMS API inbound message: ignored'),
    MessagesStatus.describe('A Messages API status webhook'),
    MessagesInbound.describe('A Messages API inbound message: ignored'),
    ReportsAnswer.describe('A Reports API answer of GET /v2/reports/records (a poll)'),
    ApiProblem.describe('An API error answer'),
  ]),
  webhook: vonageWebhook,
  statusApi: vonageStatusApi,
  normalize(event) {
    const { payload } = event;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return [invalid('a Vonage payload is a JSON object')];
    if ('message_uuid' in payload) return ['status' in payload ? messagesStatus(event, payload) : withoutStatus(MessagesInbound, payload, 'Messages API')];
    if ('records' in payload || 'ids_not_found' in payload) return reportsAnswer(event, payload);
    if ('messageId' in payload) return ['status' in payload ? smsReceipt(event, payload) : withoutStatus(SmsInbound, payload, 'SMS API')];
    const problem = ApiProblem.safeParse(payload);
    if (problem.success) return [invalid(`Vonage API error ${quoted(String(problem.data.title))}: ${providerText(problem.data.detail ?? 'no detail')}`)];
    return [
      invalid(
        'not a Vonage payload: expected an SMS API delivery receipt (messageId, status), a Messages API status (message_uuid, status), ' +
          'a Reports API answer (records) or an API error (title)',
      ),
    ];
  },
};
