import { hmac, sameSecret, type ProviderWebhook } from '@msgstatus/canonical';

/** Meta's `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the body, keyed by the app secret. */
export function hubSignature(appSecret: string, body: Buffer | string): string {
  return `sha256=${hmac('sha256', appSecret, body, 'hex')}`;
}

/**
 * Meta signs the exact bytes it posts, so they are checked before anything is parsed. Before it
 * sends anything it checks the URL with a GET carrying `hub.verify_token` (ours) and
 * `hub.challenge` (to echo back).
 */
export const metaWhatsAppWebhook: ProviderWebhook = {
  bodyFormat: 'json',
  secrets: ['APP_SECRET', 'VERIFY_TOKEN'],
  signedHeaders: (_url, body, secrets) => ({ 'x-hub-signature-256': hubSignature(secrets['APP_SECRET']!, body) }),
  authenticate: (request, secrets) => {
    const signature = request.headers['x-hub-signature-256'];
    if (signature === undefined) return 'no X-Hub-Signature-256 header';
    return sameSecret(signature.trim().toLowerCase(), hubSignature(secrets['APP_SECRET']!, request.body))
      ? null
      : 'X-Hub-Signature-256 does not match the body';
  },
  verifySubscription: (query, secrets) => {
    const token = query.get('hub.verify_token');
    const challenge = query.get('hub.challenge');
    const subscribes = query.get('hub.mode') === 'subscribe' && token !== null && sameSecret(token, secrets['VERIFY_TOKEN']!);
    return subscribes && challenge !== null ? challenge : null;
  },
};
