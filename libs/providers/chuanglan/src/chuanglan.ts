import {
  ignored,
  invalid,
  makeObservation,
  observed,
  parseProviderTime,
  providerIdText,
  quoted,
  schemaProblem,
  wordIn,
  wordKey,
  type ProviderNormalizer,
  sharedSecretWebhook,
} from '@msgstatus/canonical';
import type { Status } from '@msgstatus/status-machine';
import { ChuanglanEvent, StatusBody } from './chuanglanSchemas.js';

const day = 86_400_000;

const provider = 'chuanglan';

const statuses: Readonly<Record<string, Status>> = {
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  // A failure on the BSP's side (undocumented wording, seen in the status list).
  'smecl:failed': 'failed',
};

/**
 * Chuanglan (253) International WhatsApp: the `whatsapp_message_status_updated` webhook. Other
 * event types (inbound messages, template reviews) carry no outbound status and are ignored.
 */
export const chuanglan: ProviderNormalizer = {
  provider,
  displayName: 'Chuanglan (253) International WhatsApp',
  receipts: {
    fallback: false,
    windows: [
      { channel: '*', ms: 30 * day, source: 'a WhatsApp BSP: WhatsApp retries delivery for its time-to-live, 30 days by default for utility and marketing templates' },
    ],
  },
  rawPayload: ChuanglanEvent,
  // Chuanglan documents no signature: the callback URL's credentials authenticate it.
  webhook: sharedSecretWebhook(),
  normalize(event) {
    const parsed = ChuanglanEvent.safeParse(event.payload);
    if (!parsed.success) return [invalid(`not a Chuanglan webhook event: ${schemaProblem(parsed.error)}`)];
    const { type, eventTime } = parsed.data;
    if (wordKey(type) !== 'whatsapp_message_status_updated') {
      // Chuanglan documents only its status event; its other events (inbound messages, template
      // updates) are named as they come, if they look like event names.
      const eventType = /^[a-z0-9_]{1,64}$/.test(wordKey(type)) ? wordKey(type) : 'other event';
      return [ignored(`Chuanglan event type ${quoted(type)} carries no outbound message status`, eventType)];
    }
    const body = StatusBody.safeParse(parsed.data.body);
    if (!body.success) return [invalid(`Chuanglan status event: ${schemaProblem(body.error, 'body')}`)];
    const { id, status, errorData } = body.data;
    const providerMessageId = providerIdText(id);
    if (providerMessageId === null) {
      return [invalid(`Chuanglan message id ${quoted(String(id))} is not a usable id (numbers beyond 2^53 lose digits: send it as a string)`)];
    }
    const messageId = `${provider}:${providerMessageId}`;
    const state = wordIn(statuses, status);
    if (state === undefined) return [invalid(`unmapped Chuanglan status ${quoted(status)}`, messageId)];
    const providerTime = eventTime == null ? null : parseProviderTime(eventTime);
    if (providerTime === null) return [invalid(`Chuanglan eventTime ${quoted(String(eventTime))} is not an ISO-8601 time`, messageId)];
    return [
      observed(
        makeObservation(event, {
          providerMessageId,
          state,
          detail: null,
          attempt: null,
          channel: 'WhatsApp',
          providerTime,
          error: errorData ? { code: String(errorData.errorCode), message: errorData.errorMessage ?? null } : null,
          providerStatus: status,
        }),
      ),
    ];
  },
};
