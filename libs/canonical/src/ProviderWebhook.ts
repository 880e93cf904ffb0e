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
  /**
   * `json` bodies are published as they came; `form` bodies as a JSON object of their fields;
   * `json or form` takes either, by the request's media type (Vonage's SMS receipts).
   */
  readonly bodyFormat: 'json' | 'form' | 'json or form';
  /**
   * Secret names, upper snake case (`APP_SECRET`). Each may be rotated: the gateway also reads
   * `GATEWAY_<PROVIDER>_<SECRET>_PREVIOUS` and calls `authenticate` with the current set, then
   * with the previous one, so a provider's code only ever sees one set.
   */
  readonly secrets: ReadonlyArray<string>;
  /** Why the request is not the provider's under these secrets, or null when it is. Must not throw. */
  readonly authenticate: (request: WebhookRequest, secrets: Readonly<Record<string, string>>) => Authentication;
  /**
   * Where the signature covers a time (Telnyx's `telnyx-timestamp`, Sinch's signature timestamp):
   * that time in milliseconds since the epoch, or why it cannot be read. The gateway refuses a
   * callback whose signed time is outside its tolerance, so a captured callback cannot be replayed
   * later. Called only on an authentic request.
   */
  readonly signedAt?: (request: WebhookRequest) => number | string;
  /**
   * Secrets a sender signs with that the gateway never holds (Telnyx's Ed25519 private key beside
   * the public key it is configured with): given to `signedHeaders` only, by tests and demos.
   */
  readonly signingSecrets?: ReadonlyArray<string>;
  /**
   * Secrets that sign and check each other, for tests, demos and load tests, where a value made up
   * per name would not do (Telnyx's key pair); absent, any text serves for each secret.
   */
  readonly exampleSecrets?: () => Readonly<Record<string, string>>;
  /**
   * The headers the provider would send with this body to this URL at `now` (milliseconds since
   * the epoch; the current time when absent): for tests, demos and load tests.
   */
  readonly signedHeaders: (url: string, body: Buffer, secrets: Readonly<Record<string, string>>, now?: number) => Record<string, string>;
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
