import {
  ignored,
  invalid,
  makeObservation,
  observed,
  parseProviderTime,
  quoted,
  providerText,
  schemaProblem,
  wordKey,
  type NormalizedItem,
  type ProviderError,
  type ProviderNormalizer,
  type RawEvent,
  sharedSecretWebhook,
} from '@msgstatus/canonical';
import { detailFor } from '@msgstatus/status-machine';
import {
  ApiError,
  BusinessManagementEvent,
  ChatAppsReceipt,
  FlatInboundMessage,
  MessageDetailsRecord,
  MessageDetailsResponse,
  SmsEngageResponse,
  SmsMessageDetails,
  SmsReceipt,
  Webhook,
  type StatusObject,
} from './eightByEightSchemas.js';
import { mapDetail, mapState } from './eightByEightStatus.js';
import { eightByEightStatusApi } from './eightByEightStatusApi.js';
import { z } from 'zod';

const hour = 3_600_000;
const day = 86_400_000;

const provider = '8x8';

interface Reported {
  readonly umid: string;
  readonly subAccountId?: string | undefined;
  readonly status: StatusObject;
  readonly channel: string;
  readonly attempt: number | null;
  /** Meta's error code, which Chat Apps receipts carry beside 8x8's own. */
  readonly channelErrorCode?: string | number | null | undefined;
  /** The sender's own id of the message (`clientMessageId`). */
  readonly clientRef: string | null | undefined;
}

function errorOf(reported: Reported, failed: boolean): ProviderError | null {
  const { errorCode, errorMessage } = reported.status;
  // 8x8 sends errorCode 0 with successes (seed 001): zero is "no error" unless the state failed.
  if (errorCode != null && (errorCode !== 0 || failed)) return { code: String(errorCode), message: errorMessage ?? null };
  if (reported.channelErrorCode != null && reported.channelErrorCode !== '') {
    return { code: String(reported.channelErrorCode), message: errorMessage ?? null };
  }
  return null;
}

function statusItem(event: RawEvent, reported: Reported): NormalizedItem {
  const { umid, status } = reported;
  const messageId = `${provider}:${umid}`;
  const mapping = mapState(status.state);
  if (mapping.kind === 'unmapped') return invalid(`unmapped 8x8 state ${quoted(status.state)}`, messageId);
  if (mapping.kind === 'no-status') return ignored(`8x8 state ${quoted(status.state)} carries no message status`, `status ${wordKey(status.state)}`);
  const providerTime = parseProviderTime(status.timestamp);
  if (providerTime === null) return invalid(`8x8 status timestamp ${quoted(status.timestamp)} is not an ISO-8601 time`, messageId);
  const { state } = mapping;
  return observed(
    makeObservation(event, {
      providerMessageId: umid,
      account: reported.subAccountId,
      clientRef: reported.clientRef,
      state,
      detail: detailFor(state, mapDetail(status.detail)),
      attempt: reported.attempt,
      channel: reported.channel,
      providerTime,
      error: errorOf(reported, state === 'rejected' || state === 'undelivered' || state === 'failed'),
      providerStatus: status.detail ? `${status.state}/${status.detail}` : status.state,
    }),
  );
}

const umidOf = (value: unknown): string | null => {
  const umid = (value as { umid?: unknown } | null)?.umid;
  return typeof umid === 'string' && umid.length <= 200 ? `${provider}:${umid}` : null;
};

function messageDetails(event: RawEvent, records: ReadonlyArray<unknown>): NormalizedItem[] {
  if (records.length === 0) return [ignored('8x8 message-details response with no records', 'empty message details')];
  return records.map((value, index) => {
    const record = MessageDetailsRecord.safeParse(value);
    if (!record.success) return invalid(`8x8 message-details record: ${schemaProblem(record.error, `data.${index}`)}`, umidOf(value));
    const { umid, subAccountId, status, channel, step, direction, clientMessageId } = record.data;
    if (wordKey(direction) !== 'outbound') return ignored(`8x8 ${quoted(direction)} message: not an outbound message's status`, `${wordKey(direction)} message`);
    return statusItem(event, { umid, subAccountId, status, channel, attempt: step, clientRef: clientMessageId });
  });
}

/**
 * 8x8's documented webhook event types that carry no outbound message's status, in 8x8's spelling
 * (they are counted by it), with what each is.
 */
const eventsWithoutStatus: ReadonlyArray<readonly [eventType: string, what: string]> = [
  ['inbound_message_received', 'an inbound message'],
  // LINE's inbound message in its flat, version-1 form.
  ['inboundMessage', 'an inbound message'],
  ['external_app_message', 'a message sent from the WhatsApp Business App, not through 8x8'],
  ['short_url_clicked', 'a click on a short URL of an SMS, not a delivery status'],
  ['template_category_update', "a WhatsApp template's category changed"],
  ['template_status_update', "a WhatsApp template's approval status changed"],
  ['template_quality_update', "a WhatsApp template's quality score changed"],
  ['template_correct_category_detection', 'Meta detected the category a template was sent under'],
  ['account_update', 'a WhatsApp Business Account update'],
  ['phone_number_quality_update', "a WhatsApp number's quality or messaging limit changed"],
  ['whatsapp_user_id_update', "a WhatsApp user's business-scoped user id changed"],
  ['whatsapp_contact', 'an inbound contact card'],
  ['whatsapp_preference', "a WhatsApp user's marketing preference changed"],
  // The Voice API's webhooks (namespace VOICE): calls, not messages.
  ['CALL_STATUS', "a voice call's status"],
  ['CALL_ACTION', 'a voice call asking for its next action'],
  ['SESSION_SUMMARY', "a voice session's summary"],
  ['CALL_RECORDING_STATUS', "a voice call recording's status"],
  ['VIRTUAL_NUMBER_UPDATE', 'a virtual number changed'],
];
const eventWithoutStatus = new Map(eventsWithoutStatus.map(([eventType, what]) => [wordKey(eventType), { eventType, what }]));

function withoutStatus(eventType: string): NormalizedItem[] {
  const known = eventWithoutStatus.get(wordKey(eventType));
  return known === undefined
    ? [invalid(`unknown 8x8 event type ${quoted(eventType)}`)]
    : [ignored(`8x8 event type ${quoted(eventType)} is ${known.what}: no outbound message status`, known.eventType)];
}

function webhook(event: RawEvent, hook: { namespace: string; eventType: string; payload: unknown }): NormalizedItem[] {
  if (wordKey(hook.eventType) !== 'outbound_message_status_changed') return withoutStatus(hook.eventType);
  const namespace = wordKey(hook.namespace);
  if (namespace === 'sms') {
    const receipt = SmsReceipt.safeParse(hook.payload);
    if (!receipt.success) return [invalid(`8x8 SMS receipt: ${schemaProblem(receipt.error, 'payload')}`, umidOf(hook.payload))];
    const { umid, subAccountId, status, clientMessageId } = receipt.data;
    return [statusItem(event, { umid, subAccountId, status, channel: 'SMS', attempt: null, clientRef: clientMessageId })];
  }
  if (namespace === 'chatapps') {
    const receipt = ChatAppsReceipt.safeParse(hook.payload);
    if (!receipt.success) return [invalid(`8x8 Chat Apps receipt: ${schemaProblem(receipt.error, 'payload')}`, umidOf(hook.payload))];
    const { umid, subAccountId, status, channel, whatsapp, clientMessageId } = receipt.data;
    return [statusItem(event, { umid, subAccountId, status, channel, attempt: null, channelErrorCode: whatsapp?.providerErrorCode, clientRef: clientMessageId })];
  }
  return [invalid(`8x8 receipt in unsupported namespace ${quoted(hook.namespace)}`, umidOf(hook.payload))];
}

/**
 * 8x8: SMS and Chat Apps delivery-receipt webhooks, the Chat Apps message-details response (one
 * record per fallback step) and API error responses, as providers.md maps them.
 */
export const eightByEight: ProviderNormalizer = {
  provider,
  displayName: '8x8 (SMS, Chat Apps)',
  receipts: {
    // A failure may be followed by another channel's attempt.
    fallback: true,
    windows: [
      { channel: 'SMS', ms: 49 * hour, source: '8x8 looks for an SMS delivery receipt for 48 hours after sending, then sends none (delivery receipts for outbound SMS); one more hour for its webhook retries' },
      { channel: 'WhatsApp', ms: 30 * day, source: 'WhatsApp retries delivery for 30 days (8x8 Chat Apps getting started); 8x8 looks for read receipts for 10 days' },
      { channel: 'Viber', ms: 14 * day, source: 'Viber tries delivery for up to 14 days without a TTL' },
      { channel: 'RCS', ms: 30 * day, source: 'RCS Business Messaging redelivers for 30 days' },
      { channel: '*', ms: 30 * day, source: 'the longest window of its Chat Apps channels' },
    ],
  },
  rawPayload: z.union([
    Webhook.describe(
      'A webhook of the SMS, Chat Apps or Voice namespace (delivery receipts; inbound and external-app messages, short URL clicks, calls: ignored)',
    ),
    BusinessManagementEvent.describe('A WhatsApp Business Management webhook (templates, account, phone number, user ids, preferences): ignored'),
    FlatInboundMessage.describe("A LINE inbound message in its flat, version-1 form: ignored"),
    SmsEngageResponse.describe("An SMS Engage survey response: ignored"),
    MessageDetailsResponse.describe("A Chat Apps message-details answer (a poll): one record per fallback step"),
    SmsMessageDetails.describe("An SMS message-details answer (a poll): one flat object"),
    ApiError.describe('An API error answer'),
  ]),
  // 8x8 signs nothing; its webhook URL carries credentials (Basic) or a token header.
  webhook: sharedSecretWebhook(),
  statusApi: eightByEightStatusApi,
  normalize(event) {
    const { payload } = event;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return [invalid('an 8x8 payload is a JSON object')];
    }
    if ('eventType' in payload && !('namespace' in payload)) {
      // Business Management events carry their details in `eventDetails`; LINE's flat inbound messages do not.
      const flat = 'eventDetails' in payload ? BusinessManagementEvent.safeParse(payload) : FlatInboundMessage.safeParse(payload);
      return flat.success ? withoutStatus(flat.data.eventType) : [invalid(`8x8 webhook: ${schemaProblem(flat.error)}`)];
    }
    if ('surveyId' in payload) {
      const response = SmsEngageResponse.safeParse(payload);
      return response.success
        ? [ignored("8x8 SMS Engage survey response: the recipient's answers, no outbound message status", 'sms engage response')]
        : [invalid(`8x8 SMS Engage response: ${schemaProblem(response.error)}`, umidOf(payload))];
    }
    if ('eventType' in payload) {
      const hook = Webhook.safeParse(payload);
      return hook.success ? webhook(event, hook.data) : [invalid(`8x8 webhook: ${schemaProblem(hook.error)}`)];
    }
    if ('umid' in payload && 'status' in payload) {
      const details = SmsMessageDetails.safeParse(payload);
      if (!details.success) return [invalid(`8x8 SMS message details: ${schemaProblem(details.error)}`, umidOf(payload))];
      const { umid, subAccountId, status, direction, clientMessageId } = details.data;
      if (wordKey(direction) !== 'outbound') return [ignored(`8x8 ${quoted(direction)} message: not an outbound message's status`, `${wordKey(direction)} message`)];
      return [statusItem(event, { umid, subAccountId, status, channel: 'SMS', attempt: null, clientRef: clientMessageId })];
    }
    if ('data' in payload) {
      const response = MessageDetailsResponse.safeParse(payload);
      return response.success
        ? messageDetails(event, response.data.data)
        : [invalid(`8x8 message-details response: ${schemaProblem(response.error)}`)];
    }
    const error = ApiError.safeParse(payload);
    if (error.success) {
      return [invalid(`8x8 API error ${error.data.code}: ${providerText(error.data.message ?? 'no message')}`)];
    }
    const details = "a message-details answer (data, or the SMS API's umid and status)";
    return [invalid(`not an 8x8 payload: expected a webhook (eventType), an SMS Engage response (surveyId), ${details} or an API error (code)`)];
  },
};
