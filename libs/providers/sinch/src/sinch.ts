import {
  ignored,
  invalid,
  makeObservation,
  observed,
  parseProviderTime,
  providerText,
  quoted,
  schemaProblem,
  wordKey,
  type NormalizedItem,
  type ProviderError,
  type ProviderNormalizer,
  type RawEvent,
} from '@msgstatus/canonical';
import { isFailure, type Detail, type Status } from '@msgstatus/status-machine';
import { z } from 'zod';
import { deliveryReportCodes, noErrorCodes } from './deliveryReportCodes.js';
import { sinchMessageId } from './sinchMessageId.js';
import { ApiError, BatchDeliveryReport, BatchId, InboundMessage, Recipient, RecipientDeliveryReport, Typed } from './sinchSchemas.js';
import { sinchStatusApi } from './sinchStatusApi.js';
import { sinchWebhook } from './sinchWebhook.js';

const hour = 3_600_000;

const provider = 'sinch';

/**
 * Sinch's ten delivery report statuses ("Delivery report statuses"). Aborted and Cancelled never
 * reached the SMSC: refused before sending. Rejected and Deleted are the SMSC's, after Sinch
 * handed the message over: the operator refused it (and Rejected may follow Dispatched, which
 * `rejected` may not). Expired, by Sinch's definition, expired before it reached the SMSC.
 * Unknown reached the SMSC, whose receipt never came or could not be read: it was sent.
 */
export const sinchStatuses: Readonly<Record<string, { readonly state: Status; readonly detail: Detail | null }>> = {
  queued: { state: 'queued', detail: null },
  dispatched: { state: 'sent', detail: null },
  aborted: { state: 'rejected', detail: null },
  cancelled: { state: 'rejected', detail: null },
  rejected: { state: 'undelivered', detail: 'rejected_by_operator' },
  deleted: { state: 'undelivered', detail: 'rejected_by_operator' },
  delivered: { state: 'delivered', detail: 'delivered_to_recipient' },
  failed: { state: 'failed', detail: null },
  expired: { state: 'failed', detail: null },
  unknown: { state: 'sent', detail: null },
};

const channels: Readonly<Record<string, string>> = { recipient_delivery_report_sms: 'SMS', recipient_delivery_report_mms: 'MMS' };

const batchReport = 'a batch delivery report: recipients counted per status, with no time for any of them, even in full mode';
const inbound = 'an inbound message';

/** Documented payloads that report no one message's status, and why. */
const withoutStatus: Readonly<Record<string, string>> = {
  delivery_report_sms: batchReport,
  delivery_report_mms: batchReport,
  mo_text: inbound,
  mo_binary: inbound,
  mo_media: inbound,
};

/** The message id of a report that does not validate, where its batch and recipient can still be read. */
function messageIdOf(value: Record<string, unknown>): string | null {
  const batchId = BatchId.safeParse(value['batch_id']);
  const recipient = Recipient.safeParse(value['recipient']);
  return batchId.success && recipient.success ? `${provider}:${sinchMessageId(batchId.data, recipient.data)}` : null;
}

function errorOf(report: RecipientDeliveryReport, state: Status): ProviderError | null {
  const { code } = report;
  if (noErrorCodes.has(code) && !isFailure(state)) return null;
  const message = report.status_message ? providerText(report.status_message) : (deliveryReportCodes[code] ?? null);
  return { code, message };
}

function recipientReport(event: RawEvent, value: Record<string, unknown>, channel: string): NormalizedItem {
  const parsed = RecipientDeliveryReport.safeParse(value);
  if (!parsed.success) return invalid(`Sinch recipient delivery report: ${schemaProblem(parsed.error)}`, messageIdOf(value));
  const report = parsed.data;
  const providerMessageId = sinchMessageId(report.batch_id, report.recipient);
  const messageId = `${provider}:${providerMessageId}`;
  const key = wordKey(report.status);
  if (!Object.hasOwn(sinchStatuses, key)) return invalid(`unmapped Sinch status ${quoted(report.status)}`, messageId);
  const { state, detail } = sinchStatuses[key]!;
  // `at` is Sinch's own, to the millisecond; `operator_status_at` is the SMSC's, often to the minute.
  const providerTime = parseProviderTime(report.at);
  if (providerTime === null) return invalid(`Sinch report time (at) ${quoted(report.at)} is not an ISO-8601 time`, messageId);
  return observed(
    makeObservation(event, {
      providerMessageId,
      clientRef: report.client_reference,
      state,
      detail,
      attempt: null,
      channel,
      providerTime,
      error: errorOf(report, state),
      providerStatus: report.status,
    }),
  );
}

/**
 * Sinch SMS: recipient delivery reports, from `per_recipient` callbacks and the recipient
 * delivery report API alike, one message (a batch's recipient) each. Batch delivery reports and
 * inbound messages are ignored; an API error answer is invalid with its code. Sinch may skip
 * Dispatched when a later status comes first: the machine takes a skip in its stride.
 */
export const sinch: ProviderNormalizer = {
  provider,
  displayName: 'Sinch SMS',
  receipts: {
    fallback: false,
    windows: [
      {
        channel: '*',
        ms: 95 * hour,
        source:
          "Sinch stops delivering at the batch's expire_at, by default and at most 3 days after send_at; it retries a callback 22 hours 45 minutes more",
      },
    ],
  },
  rawPayload: z.union([
    RecipientDeliveryReport.describe('A recipient delivery report (recipient_delivery_report_sms or _mms): a per_recipient callback or a status API answer'),
    BatchDeliveryReport.describe('A batch delivery report (summary or full callback): ignored'),
    InboundMessage.describe('An inbound message (mo_text, mo_binary, mo_media): ignored'),
    ApiError.describe('An API error answer'),
  ]),
  webhook: sinchWebhook,
  statusApi: sinchStatusApi,
  normalize(event) {
    const { payload } = event;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return [invalid('a Sinch SMS payload is a JSON object')];
    const value = payload as Record<string, unknown>;
    if (!('type' in value)) {
      const error = ApiError.safeParse(value);
      if (error.success) return [invalid(`Sinch SMS API error ${quoted(error.data.code)}: ${providerText(error.data.text)}`)];
      return [invalid('not a Sinch SMS payload: expected a delivery report or inbound message (type) or an API error (code and text)')];
    }
    const typed = Typed.safeParse(value);
    if (!typed.success) return [invalid(`Sinch SMS payload: ${schemaProblem(typed.error)}`, messageIdOf(value))];
    const type = wordKey(typed.data.type);
    if (Object.hasOwn(channels, type)) return [recipientReport(event, value, channels[type]!)];
    if (Object.hasOwn(withoutStatus, type)) return [ignored(`Sinch ${quoted(type)} is ${withoutStatus[type]!}: no message status`, type)];
    return [invalid(`unknown Sinch SMS payload type ${quoted(typed.data.type)}`, messageIdOf(value))];
  },
};
