import { createHash } from 'node:crypto';
import { hmac, quoted, sameSecret, type ProviderWebhook, type WebhookRequest } from '@msgstatus/canonical';

const signatureHeader = 'x-sinch-webhook-signature';
const nonceHeader = 'x-sinch-webhook-signature-nonce';
const timestampHeader = 'x-sinch-webhook-signature-timestamp';
const algorithmHeader = 'x-sinch-webhook-signature-algorithm';

/** Sinch's callback signature: base64 HMAC-SHA256, keyed by the callback secret, of `<body>.<nonce>.<timestamp>`. */
export function sinchSignature(secret: string, body: Buffer, nonce: string, timestamp: string): string {
  return hmac('sha256', secret, Buffer.concat([body, Buffer.from(`.${nonce}.${timestamp}`, 'utf8')]), 'base64');
}

/** A header's value, trimmed; an empty one counts as absent. */
const header = (request: WebhookRequest, name: string): string | undefined => request.headers[name]?.trim() || undefined;

/**
 * Sinch SMS signs its callbacks when HMAC is enabled for the service plan (on request to Sinch):
 * `x-sinch-webhook-signature` over the exact body, a nonce and the Unix-seconds timestamp, which
 * the gateway holds against its clock so that a captured callback cannot be replayed later. The
 * nonce is signed but not remembered: the timestamp's tolerance bounds replays.
 */
export const sinchWebhook: ProviderWebhook = {
  bodyFormat: 'json',
  secrets: ['CALLBACK_SECRET'],
  signedHeaders: (_url, body, secrets, now = Date.now()) => {
    const timestamp = String(Math.floor(now / 1_000));
    // Sinch's nonces are ULIDs; any unique text will do, and this one is the same for the same body and second.
    const nonce = createHash('sha256').update(body).update(timestamp).digest('hex').slice(0, 26).toUpperCase();
    return {
      [signatureHeader]: sinchSignature(secrets['CALLBACK_SECRET']!, body, nonce, timestamp),
      [algorithmHeader]: 'HmacSHA256',
      [nonceHeader]: nonce,
      [timestampHeader]: timestamp,
    };
  },
  authenticate: (request, secrets) => {
    const signature = header(request, signatureHeader);
    if (signature === undefined) return 'no x-sinch-webhook-signature header (is HMAC signing enabled for the service plan?)';
    const nonce = header(request, nonceHeader);
    if (nonce === undefined) return 'no x-sinch-webhook-signature-nonce header';
    const timestamp = header(request, timestampHeader);
    if (timestamp === undefined) return 'no x-sinch-webhook-signature-timestamp header';
    // The SDKs read an absent algorithm as HmacSHA256, the only one Sinch uses.
    const algorithm = header(request, algorithmHeader);
    if (algorithm !== undefined && algorithm.toLowerCase() !== 'hmacsha256') return `unsupported x-sinch-webhook-signature-algorithm ${quoted(algorithm)}`;
    return sameSecret(signature, sinchSignature(secrets['CALLBACK_SECRET']!, request.body, nonce, timestamp))
      ? null
      : 'x-sinch-webhook-signature does not match the body, nonce and timestamp';
  },
  signedAt: (request) => {
    const timestamp = header(request, timestampHeader);
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return `x-sinch-webhook-signature-timestamp ${quoted(timestamp ?? '')} is not Unix seconds`;
    return Number(timestamp) * 1_000;
  },
};
