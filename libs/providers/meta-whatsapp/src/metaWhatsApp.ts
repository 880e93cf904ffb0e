import {
  ignored,
  invalid,
  makeObservation,
  observed,
  parseUnixSeconds,
  providerText,
  quoted,
  schemaProblem,
  wordKey,
  type NormalizedItem,
  type ProviderNormalizer,
  type RawEvent,
} from '@msgstatus/canonical';
import type { Status } from '@msgstatus/status-machine';
import { MetaStatus, MetaWebhook } from './metaWhatsAppSchemas.js';
import { metaWhatsAppWebhook } from './metaWhatsAppWebhook.js';

const day = 86_400_000;

const provider = 'meta-whatsapp';

const statuses: Readonly<Record<string, Status>> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  // A voice message was played: it was read.
  played: 'read',
  failed: 'failed',
};

function statusItem(event: RawEvent, value: unknown, where: string): NormalizedItem {
  const parsed = MetaStatus.safeParse(value);
  if (!parsed.success) return invalid(`Meta status: ${schemaProblem(parsed.error, where)}`);
  const { id, status, timestamp, errors, biz_opaque_callback_data: clientRef } = parsed.data;
  const messageId = `${provider}:${id}`;
  const state = statuses[wordKey(status)];
  if (state === undefined) return invalid(`unmapped Meta status ${quoted(status)}`, messageId);
  const providerTime = parseUnixSeconds(timestamp);
  if (providerTime === null) return invalid(`Meta timestamp ${quoted(String(timestamp))} is not Unix seconds`, messageId);
  const first = errors?.[0];
  return observed(
    makeObservation(event, {
      providerMessageId: id,
      clientRef,
      state,
      detail: null,
      attempt: null,
      channel: 'WhatsApp',
      providerTime,
      error: first === undefined ? null : { code: String(first.code), message: providerText(first.title ?? first.message ?? '') || null },
      providerStatus: status,
    }),
  );
}

/**
 * Meta WhatsApp Cloud API webhooks: every `entry[].changes[].value.statuses[]` item is one
 * message's status (`played` is read). Changes without statuses (inbound messages, template
 * updates) carry no outbound status and are ignored. Meta warns that notifications may come out
 * of order and that `delivered` is skipped when a message is delivered and read at once: the
 * machine takes both in its stride. The webhook signature is checked where the webhook arrives.
 */
export const metaWhatsApp: ProviderNormalizer = {
  provider,
  displayName: 'Meta WhatsApp Cloud API',
  receipts: {
    fallback: false,
    windows: [
      { channel: '*', ms: 30 * day, source: "WhatsApp retries delivery for the message's time-to-live, 30 days by default for utility and marketing templates (Cloud API, time-to-live)" },
    ],
  },
  rawPayload: MetaWebhook,
  webhook: metaWhatsAppWebhook,
  normalize(event) {
    const parsed = MetaWebhook.safeParse(event.payload);
    if (!parsed.success) return [invalid(`not a Meta webhook: ${schemaProblem(parsed.error)}`)];
    const items: NormalizedItem[] = [];
    parsed.data.entry.forEach((entry, entryIndex) =>
      entry.changes.forEach((change, changeIndex) =>
        (change.value.statuses ?? []).forEach((status, statusIndex) =>
          items.push(statusItem(event, status, `entry.${entryIndex}.changes.${changeIndex}.value.statuses.${statusIndex}`)),
        ),
      ),
    );
    if (items.length > 0) return items;
    // Named by what the change holds instead: inbound `messages`, or its `field` (template updates...).
    const change = parsed.data.entry[0]?.changes[0];
    const field = change?.field ?? 'empty webhook';
    const eventType = change?.value['messages'] !== undefined ? 'inbound message' : /^[a-z_]{1,64}$/.test(field) ? field : 'other change';
    return [ignored('Meta webhook without statuses (inbound messages or other changes)', eventType)];
  },
};
