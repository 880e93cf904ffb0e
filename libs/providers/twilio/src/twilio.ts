import {
  ignored,
  invalid,
  makeObservation,
  maxClientRefLength,
  observed,
  providerText,
  quoted,
  schemaProblem,
  wordIn,
  wordKey,
  type ProviderNormalizer,
} from '@msgstatus/canonical';
import type { Status } from '@msgstatus/status-machine';
import { TwilioCallback } from './twilioSchemas.js';
import { twilioWebhook } from './twilioWebhook.js';

const hour = 3_600_000;
const day = 86_400_000;

const provider = 'twilio';

const statuses: Readonly<Record<string, Status>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'undelivered',
  failed: 'failed',
  // Canceled before it was sent: it never left, as a refusal.
  canceled: 'rejected',
  // Some of it did not arrive: a failed delivery, as AlphaSMS's PARTIALLY DELIVERED.
  partially_delivered: 'undelivered',
};

// Callbacks about inbound messages, not outbound statuses.
const inbound = new Set(['receiving', 'received']);

// Twilio addresses other channels as `<channel>:<address>` and names the channel in `ChannelPrefix`;
// a bare number is SMS (or MMS).
const channels: Readonly<Record<string, string>> = { whatsapp: 'WhatsApp', messenger: 'Messenger', rcs: 'RCS' };
function channelOf(channelPrefix: string | undefined, to: string | undefined, from: string | undefined): string {
  const address = to ?? from ?? '';
  const prefix = channelPrefix?.trim() || (address.includes(':') ? address.split(':', 1)[0]! : '');
  return prefix === '' ? 'SMS' : (wordIn(channels, prefix) ?? prefix);
}

/**
 * Twilio message status callbacks. They carry no time of the status, so the receipt time stands
 * for it (docs/contract.md: "the receipt time when it gives none"), and Twilio does not promise their
 * order: the machine takes late ones as stale. The gateway checks their signature (`twilioWebhook`).
 */
export const twilio: ProviderNormalizer = {
  provider,
  displayName: 'Twilio Messaging',
  receipts: {
    fallback: false,
    windows: [
      { channel: 'WhatsApp', ms: 30 * day, source: "Twilio's WhatsApp goes through WhatsApp, which retries delivery for 30 days" },
      { channel: '*', ms: 72 * hour, source: "Twilio documents no limit for carrier receipts; carriers' receipts take up to 72 hours (AWS End User Messaging reports UNKNOWN after 72 hours), the common SMS validity period" },
    ],
  },
  rawPayload: TwilioCallback.describe('The form fields of a status callback, as a JSON object'),
  webhook: twilioWebhook,
  normalize(event) {
    const parsed = TwilioCallback.safeParse(event.payload);
    if (!parsed.success) return [invalid(`not a Twilio status callback: ${schemaProblem(parsed.error)}`)];
    const { MessageSid, ErrorCode, ErrorMessage, To, From, ChannelPrefix } = parsed.data;
    const messageId = `${provider}:${MessageSid}`;
    // SmsStatus is deprecated but still sent, alone in older callbacks and in incoming messages.
    const MessageStatus = parsed.data.MessageStatus ?? parsed.data.SmsStatus;
    if (MessageStatus === undefined) return [invalid('a Twilio callback without MessageStatus or SmsStatus', messageId)];
    const word = wordKey(MessageStatus);
    if (inbound.has(word)) return [ignored(`Twilio status ${quoted(MessageStatus)} is about an inbound message`, 'inbound message')];
    const state = wordIn(statuses, word);
    if (state === undefined) return [invalid(`unmapped Twilio status ${quoted(MessageStatus)}`, messageId)];
    const code = ErrorCode?.trim();
    // Twilio echoes no reference of the sender's: senders put one on the status callback URL (?clientRef=...).
    const clientRef = event.callbackQuery === undefined ? null : new URLSearchParams(event.callbackQuery).get('clientRef');
    if (clientRef !== null && clientRef.length > maxClientRefLength) return [invalid(`the callback URL's clientRef is longer than ${maxClientRefLength} characters`, messageId)];
    return [
      observed(
        makeObservation(event, {
          providerMessageId: MessageSid,
          clientRef,
          state,
          detail: null,
          attempt: null,
          channel: channelOf(ChannelPrefix, To, From),
          providerTime: event.receivedAt,
          error: code === undefined || code === '' || code === '0' ? null : { code, message: ErrorMessage === undefined ? null : providerText(ErrorMessage) },
          providerStatus: MessageStatus,
        }),
      ),
    ];
  },
};
