import {
  ignored,
  invalid,
  makeObservation,
  observed,
  parseUnixSeconds,
  providerText,
  quoted,
  schemaProblem,
  wordIn,
  wordKey,
  type NormalizedItem,
  type ProviderNormalizer,
  type RawEvent,
} from '@msgstatus/canonical';
import type { Status } from '@msgstatus/status-machine';
import type { z } from 'zod';
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

/** Status words Meta documents (On-Premises API) that say nothing of an outbound message's delivery. */
const wordsWithoutStatus: Readonly<Record<string, string>> = {
  deleted: 'a message the user sent was deleted by the user',
  warning: 'a message sent names a catalog item that is unavailable',
};

/** Entries of `statuses[]` about something other than a message, by their `type`. */
const otherStatusTypes: Readonly<Record<string, string>> = {
  call: "a WhatsApp call's status (Calling API)",
  payment: "a payment's status (Payments API)",
};

function statusItem(event: RawEvent, value: unknown, where: string): NormalizedItem {
  const parsed = MetaStatus.safeParse(value);
  if (!parsed.success) return invalid(`Meta status: ${schemaProblem(parsed.error, where)}`);
  const { id, status, type, timestamp, errors, biz_opaque_callback_data: clientRef } = parsed.data;
  const messageId = `${provider}:${id}`;
  if (type !== undefined && wordKey(type) !== 'message') {
    const what = wordIn(otherStatusTypes, type);
    return what === undefined
      ? invalid(`unknown Meta status type ${quoted(type)}`, messageId)
      : ignored(`Meta status of type ${quoted(type)} is ${what}, not a message's`, `${wordKey(type)} status`);
  }
  const word = wordKey(status);
  if (Object.hasOwn(wordsWithoutStatus, word)) {
    return ignored(`Meta status ${quoted(status)}: ${wordsWithoutStatus[word]}, no delivery status`, `status ${word}`);
  }
  const state = wordIn(statuses, word);
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

type Change = z.infer<typeof MetaWebhook>['entry'][number]['changes'][number];

/** What a change without message statuses is, named by what it holds: inbound `messages`, or its `field`. */
function changeWithoutStatuses(change: Change): NormalizedItem {
  const field = wordKey(change.field);
  // The Calling API's `statuses[]` look like a message's (RINGING, ACCEPTED...) but are a call's.
  if (field === 'calls') return ignored("Meta calls webhook: a WhatsApp call's signalling or status (Calling API), not a message's", 'calls');
  const eventType = change.value['messages'] !== undefined ? 'inbound message' : /^[a-z_]{1,64}$/.test(field) ? field : 'other change';
  return ignored('Meta webhook without statuses (inbound messages or other changes)', eventType);
}

/**
 * Meta WhatsApp Cloud API webhooks: every `entry[].changes[].value.statuses[]` item is one
 * message's status (`played` is read). Changes without statuses (inbound messages, echoes, template
 * updates...), the Calling API's `calls` changes and statuses of calls or payments carry no
 * outbound message's status and are ignored. Meta warns that notifications may come out
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
    // Each change is accounted for: its statuses one by one, or the change itself as ignored.
    const items = parsed.data.entry.flatMap((entry, entryIndex) =>
      entry.changes.flatMap((change, changeIndex) => {
        const statusesOfChange = change.value.statuses ?? [];
        if (wordKey(change.field) === 'calls' || statusesOfChange.length === 0) return [changeWithoutStatuses(change)];
        const where = `entry.${entryIndex}.changes.${changeIndex}.value.statuses`;
        return statusesOfChange.map((status, statusIndex) => statusItem(event, status, `${where}.${statusIndex}`));
      }),
    );
    return items.length > 0 ? items : [ignored('Meta webhook without changes', 'empty webhook')];
  },
};
