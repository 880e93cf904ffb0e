import { createHash } from 'node:crypto';
import { hmac, sameSecret, type ProviderWebhook, type WebhookRequest } from '@msgstatus/canonical';

/** The hash of a Twilio signature: HMAC-SHA1 by default, HMAC-SHA256 when a Webhook Setting signs with a SharedKey. */
export type TwilioAlgorithm = 'sha1' | 'sha256';

/**
 * Twilio's request signature: Base64 HMAC, keyed by the account's auth token (or a SharedKey's
 * secret), of the URL it called followed by every form field's name and value, sorted by name; a
 * field sent more than once adds each distinct value, sorted, as Twilio's helper libraries do.
 */
export function twilioSignature(
  key: string,
  url: string,
  fields: URLSearchParams | Readonly<Record<string, string>>,
  algorithm: TwilioAlgorithm = 'sha1',
): string {
  const params = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
  const distinctSorted = (values: Iterable<string>) => [...new Set(values)].sort();
  let signed = url;
  for (const name of distinctSorted(params.keys())) for (const value of distinctSorted(params.getAll(name))) signed += name + value;
  return hmac(algorithm, key, signed, 'base64');
}

/** Present when a Webhooks Rule matches the URL: `key=<SharedKey sid>,algorithm=HMAC_SHA256`. */
const settingsHeader = 'x-twilio-webhooks-signature-settings';
const algorithms: Readonly<Record<string, TwilioAlgorithm>> = { HMAC_SHA1: 'sha1', HMAC_SHA256: 'sha256' };

/** The algorithm a signature-settings header names, or why it names none we know. */
function algorithmOf(settings: string): { readonly algorithm: TwilioAlgorithm; readonly key: string | undefined } | string {
  const parts = new Map(settings.split(',').map((part) => [part.split('=', 1)[0]!.trim().toLowerCase(), part.slice(part.indexOf('=') + 1).trim()]));
  const named = parts.get('algorithm');
  if (named === undefined || named === '') return `X-Twilio-Webhooks-Signature-Settings names no algorithm: ${JSON.stringify(settings.slice(0, 200))}`;
  const algorithm = algorithms[named.toUpperCase()];
  if (algorithm === undefined) return `X-Twilio-Webhooks-Signature-Settings names an unsupported algorithm ${JSON.stringify(named.slice(0, 40))}`;
  return { algorithm, key: parts.get('key') };
}

const defaultPorts: Readonly<Record<string, string>> = { 'https:': '443', 'http:': '80' };

/**
 * The URLs Twilio may have signed for the one it called: as called, without its port and with the
 * scheme's default port, since Twilio's signing is inconsistent about the port (its helper libraries
 * try both). Only the authority changes: the path and query stay byte for byte as received.
 */
export function signedUrlVariants(url: string): ReadonlyArray<string> {
  const parts = /^([a-z][a-z0-9+.-]*:)\/\/([^/?#]*)(.*)$/is.exec(url);
  if (parts === null) return [url];
  const [, scheme = '', authority = '', rest = ''] = parts;
  const at = authority.lastIndexOf('@') + 1;
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority.slice(at));
  const defaultPort = defaultPorts[scheme.toLowerCase()];
  if (hostPort === null || defaultPort === undefined) return [url];
  const host = `${scheme}//${authority.slice(0, at)}${hostPort[1]!}`;
  const withPort = hostPort[2] === undefined || hostPort[2] === '' ? `${host}:${defaultPort}${rest}` : url;
  return [...new Set([url, `${host}${rest}`, withPort])];
}

/** Whether the signature matches the callback as signed for any of the URL's variants. */
function signedForSomeVariant(signature: string, key: string, request: WebhookRequest, fields: URLSearchParams, algorithm: TwilioAlgorithm): boolean {
  return signedUrlVariants(request.url).some((url) => sameSecret(signature, twilioSignature(key, url, fields, algorithm)));
}

/** For a JSON body Twilio signs the URL alone, whose `bodySHA256` query parameter is the body's hex SHA-256; null for a form. */
function bodySha256Of(url: string): string | null {
  const query = url.indexOf('?');
  return query === -1 ? null : new URLSearchParams(url.slice(query + 1)).get('bodySHA256');
}

/**
 * Twilio posts form-encoded callbacks signed in `X-Twilio-Signature`: HMAC-SHA1 with the auth token
 * by default, or, when one of the account's Webhooks Rules matches our URL, with its SharedKey and
 * the algorithm `X-Twilio-Webhooks-Signature-Settings` names (HMAC-SHA256 or HMAC-SHA1). The gateway
 * holds one key, `AUTH_TOKEN`: the auth token, or that SharedKey's secret once a Rule signs our URL
 * (a switch is a rotation: the old key stays as `_PREVIOUS` until callbacks stop using it).
 */
export const twilioWebhook: ProviderWebhook = {
  bodyFormat: 'form',
  secrets: ['AUTH_TOKEN'],
  // What Twilio sends by default: HMAC-SHA1, no settings header.
  signedHeaders: (url, body, secrets) => ({ 'x-twilio-signature': twilioSignature(secrets['AUTH_TOKEN']!, url, new URLSearchParams(body.toString('utf8'))) }),
  authenticate: (request, secrets) => {
    const signature = request.headers['x-twilio-signature']?.trim();
    if (signature === undefined) return 'no X-Twilio-Signature header';
    if (signature === '') return 'X-Twilio-Signature is empty';
    const settings = request.headers[settingsHeader];
    const chosen = settings === undefined ? { algorithm: 'sha1' as const, key: undefined } : algorithmOf(settings);
    if (typeof chosen === 'string') return chosen;
    const bodySha256 = bodySha256Of(request.url);
    if (bodySha256 !== null && !sameSecret(bodySha256.trim().toLowerCase(), createHash('sha256').update(request.body).digest('hex'))) {
      return 'the body does not match the bodySHA256 of the URL';
    }
    const fields = new URLSearchParams(bodySha256 === null ? request.body.toString('utf8') : '');
    if (signedForSomeVariant(signature, secrets['AUTH_TOKEN']!, request, fields, chosen.algorithm)) return null;
    const signedBy =
      settings === undefined
        ? 'HMAC-SHA1 with the auth token'
        : `HMAC-${chosen.algorithm.toUpperCase()} with SharedKey ${chosen.key ?? '(unnamed)'}, whose secret GATEWAY_TWILIO_AUTH_TOKEN must hold`;
    // A wrong signature usually means a wrong GATEWAY_PUBLIC_URL: Twilio signs the URL it called.
    return `X-Twilio-Signature (${signedBy}) does not match the callback signed for ${request.url}`;
  },
};
