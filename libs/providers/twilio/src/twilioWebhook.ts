import { hmac, sameSecret, type ProviderWebhook } from '@msgstatus/canonical';

/**
 * Twilio's request signature: Base64 HMAC-SHA1, keyed by the account's auth token, of the URL it
 * called followed by every form field's name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, fields: Readonly<Record<string, string>>): string {
  const signed = Object.keys(fields)
    .sort()
    .reduce((text, name) => text + name + fields[name], url);
  return hmac('sha1', authToken, signed, 'base64');
}

/** Twilio posts form-encoded callbacks signed in `X-Twilio-Signature`. */
export const twilioWebhook: ProviderWebhook = {
  bodyFormat: 'form',
  secrets: ['AUTH_TOKEN'],
  signedHeaders: (url, body, secrets) => ({
    'x-twilio-signature': twilioSignature(secrets['AUTH_TOKEN']!, url, Object.fromEntries(new URLSearchParams(body.toString('utf8')))),
  }),
  authenticate: (request, secrets) => {
    const signature = request.headers['x-twilio-signature'];
    if (signature === undefined) return 'no X-Twilio-Signature header';
    const fields = Object.fromEntries(new URLSearchParams(request.body.toString('utf8')));
    const expected = twilioSignature(secrets['AUTH_TOKEN']!, request.url, fields);
    // A wrong signature usually means a wrong GATEWAY_PUBLIC_URL: Twilio signs the URL it called.
    return sameSecret(signature.trim(), expected) ? null : `X-Twilio-Signature does not match the callback signed for ${request.url}`;
  },
};
