import { hmac, sameSecret, sharedSecretWebhook, type ProviderWebhook } from '@msgstatus/canonical';

const sharedSecret = sharedSecretWebhook();

/** `X-Hub-Signature` as Infobip sends it for an endpoint with an app secret: `SHA1=` and the hex HMAC-SHA1 of the body. */
export function hubSignature(secret: string, body: Buffer | string): string {
  return `SHA1=${hmac('sha1', secret, body, 'hex')}`;
}

/**
 * Infobip documents no signature of its reports: a subscription's notification profile calls the
 * URL with Basic credentials (the password is the shared secret), or a URL per message carries a
 * token (`Bearer`). An endpoint set up with Infobip support with an app secret is called with
 * `X-Hub-Signature` instead (as the Bot Builder Community's Infobip adapters check it); the same
 * secret keys it.
 */
export const infobipWebhook: ProviderWebhook = {
  bodyFormat: 'json',
  secrets: sharedSecret.secrets,
  // As a subscription's BASIC security settings call: any user name, the secret as password.
  signedHeaders: (_url, _body, secrets) => ({ authorization: `Basic ${Buffer.from(`infobip:${secrets['SECRET']!}`).toString('base64')}` }),
  authenticate: (request, secrets) => {
    const signature = request.headers['x-hub-signature'];
    if (signature === undefined) {
      if (request.headers['authorization'] === undefined) return 'neither X-Hub-Signature nor Authorization (Bearer or Basic with the shared secret)';
      return sharedSecret.authenticate(request, secrets);
    }
    const given = signature.trim().toLowerCase();
    if (!/^sha1=[0-9a-f]{40}$/.test(given)) return 'X-Hub-Signature is not SHA1= and 40 hex digits';
    return sameSecret(given, hubSignature(secrets['SECRET']!, request.body).toLowerCase()) ? null : 'X-Hub-Signature does not match the body';
  },
};
