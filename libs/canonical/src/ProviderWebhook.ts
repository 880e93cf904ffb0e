import { createHmac, timingSafeEqual } from 'node:crypto';

/** A provider's HTTP callback as the gateway received it, before anything is trusted. */
export interface WebhookRequest {
  /** The URL the provider called, as it signs it: the gateway's public base URL, path and query. */
  readonly url: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** Why a request is refused as not the provider's, or null when it is. */
export type Authentication = string | null;

/**
 * How a provider's status callbacks arrive: the body's format, the secrets that prove a callback
 * is the provider's (each configured as `GATEWAY_<PROVIDER>_<SECRET>`), and how they prove it.
 * A provider without one is polled, not called back (AlphaSMS).
 */
export interface ProviderWebhook {
  /** `json` bodies are published as they came; `form` bodies as a JSON object of their fields. */
  readonly bodyFormat: 'json' | 'form';
  /** Secret names, upper snake case (`APP_SECRET`); the first one is what authenticates callbacks. */
  readonly secrets: ReadonlyArray<string>;
  readonly authenticate: (request: WebhookRequest, secrets: Readonly<Record<string, string>>) => Authentication;
  /** The headers the provider would send with this body to this URL: for tests, demos and load tests. */
  readonly signedHeaders: (url: string, body: Buffer, secrets: Readonly<Record<string, string>>) => Record<string, string>;
  /**
   * A subscription check the provider makes with a GET before it sends callbacks (Meta's
   * `hub.challenge`): the text to answer with, or null to refuse.
   */
  readonly verifySubscription?: (query: URLSearchParams, secrets: Readonly<Record<string, string>>) => string | null;
}

/** Equal strings, compared in constant time so that a wrong guess tells nothing of the secret. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const bearer = /^Bearer\s+(.+)$/i;
const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i;

/**
 * For providers that sign nothing but call a URL with credentials (8x8, Chuanglan): the
 * `Authorization` header carries the shared secret, as `Bearer <secret>` or as the password of
 * HTTP Basic (`https://user:<secret>@host/...` in the provider's console).
 */
export function sharedSecretWebhook(bodyFormat: 'json' | 'form' = 'json'): ProviderWebhook {
  return {
    bodyFormat,
    secrets: ['SECRET'],
    signedHeaders: (_url, _body, secrets) => ({ authorization: `Bearer ${secrets['SECRET']!}` }),
    authenticate: (request, secrets) => {
      const authorization = request.headers['authorization']?.trim();
      if (authorization === undefined) return 'no Authorization header (Bearer or Basic with the shared secret)';
      const token = bearer.exec(authorization)?.[1];
      if (token !== undefined) return sameSecret(token.trim(), secrets['SECRET']!) ? null : 'wrong shared secret';
      const credentials = basic.exec(authorization)?.[1];
      if (credentials === undefined) return 'Authorization is neither Bearer nor Basic';
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 && sameSecret(decoded.slice(colon + 1), secrets['SECRET']!) ? null : 'wrong shared secret';
    },
  };
}

/** The hex or base64 HMAC of `data` with `secret`. */
export function hmac(algorithm: 'sha1' | 'sha256', secret: string, data: string | Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, secret).update(data).digest(encoding);
}
