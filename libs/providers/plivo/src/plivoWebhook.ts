import { hmac, sameSecret, type ProviderWebhook } from '@msgstatus/canonical';

/** Code point order, as Plivo's SDKs sort (Python's `sorted`, Go's `sort.Strings`). */
const byCodePoint = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Each name with its values, names in code point order and each name's values sorted. */
function sortedFields(fields: URLSearchParams): Array<readonly [string, ReadonlyArray<string>]> {
  const byName = new Map<string, string[]>();
  for (const [name, value] of fields) byName.set(name, [...(byName.get(name) ?? []), value]);
  return [...byName.keys()].sort(byCodePoint).map((name) => [name, byName.get(name)!.sort(byCodePoint)] as const);
}

/**
 * What Plivo signs in `X-Plivo-Signature-V3` for a POST (plivo-python's `construct_post_url`): the
 * URL without its query, then `?` and the query's fields as `name=value` joined by `&` (decoded,
 * sorted), then `.` when both a query and body fields are there, then the body's fields as
 * `namevalue` (decoded, sorted); `?` alone when only the body has fields. Then `.` and the nonce.
 */
export function plivoSignedText(url: string, form: string, nonce: string): string {
  const [withoutFragment = ''] = url.split('#', 1);
  const queryAt = withoutFragment.indexOf('?');
  const base = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const query = sortedFields(new URLSearchParams(queryAt === -1 ? '' : withoutFragment.slice(queryAt + 1)))
    .flatMap(([name, values]) => values.map((value) => `${name}=${value}`))
    .join('&');
  const body = sortedFields(new URLSearchParams(form))
    .flatMap(([name, values]) => values.map((value) => name + value))
    .join('');
  const signedUrl = query === '' ? (body === '' ? base : `${base}?${body}`) : body === '' ? `${base}?${query}` : `${base}?${query}.${body}`;
  return `${signedUrl}.${nonce}`;
}

/** Plivo's V3 signature of a POST: Base64 HMAC-SHA256 of `plivoSignedText`, keyed by the auth token. */
export function plivoSignatureV3(authToken: string, url: string, form: string, nonce: string): string {
  return hmac('sha256', authToken, plivoSignedText(url, form, nonce), 'base64');
}

const signatureHeaders = ['x-plivo-signature-v3', 'x-plivo-signature-ma-v3'] as const;

/**
 * Plivo posts form-encoded callbacks signed in `X-Plivo-Signature-V3` (with the account's or
 * subaccount's auth token) and `X-Plivo-Signature-Ma-V3` (with the main account's), both over the
 * nonce of `X-Plivo-Signature-V3-Nonce`; a header may hold several signatures, comma-separated.
 * Either matching the configured token will do. `X-Plivo-Signature-V2` alone is refused: it signs
 * the URL and nonce but not the body, so one captured callback would vouch for any other. The
 * nonce is no time: a replay the gateway still remembers is answered unwritten, a later one is written
 * again and absorbed by the pipeline's event ids. Like Twilio's, the signed text runs names and values
 * together, so fields can be cut anew under one signature: the SDKs sign so, and so must we.
 */
export const plivoWebhook: ProviderWebhook = {
  bodyFormat: 'form',
  secrets: ['AUTH_TOKEN'],
  signedHeaders: (url, body, secrets, now = Date.now()) => {
    // Plivo's nonces are 20 digits; one from the clock keeps the headers reproducible.
    const nonce = String(now).padStart(20, '0');
    return { 'x-plivo-signature-v3-nonce': nonce, 'x-plivo-signature-v3': plivoSignatureV3(secrets['AUTH_TOKEN']!, url, body.toString('utf8'), nonce) };
  },
  authenticate: (request, secrets) => {
    const given = signatureHeaders.flatMap((name) => request.headers[name]?.split(',') ?? []).map((signature) => signature.trim());
    if (given.length === 0) {
      return request.headers['x-plivo-signature-v2'] === undefined
        ? 'no X-Plivo-Signature-V3 header'
        : 'only X-Plivo-Signature-V2, which does not sign the body: X-Plivo-Signature-V3 is required';
    }
    const nonce = request.headers['x-plivo-signature-v3-nonce'];
    if (nonce === undefined) return 'no X-Plivo-Signature-V3-Nonce header';
    const authToken = secrets['AUTH_TOKEN'] ?? '';
    const expected = plivoSignatureV3(authToken, request.url, request.body.toString('utf8'), nonce.trim());
    // A wrong signature usually means a wrong GATEWAY_PUBLIC_URL: Plivo signs the URL it called.
    return given.some((signature) => sameSecret(signature, expected)) ? null : `X-Plivo-Signature-V3 does not match the callback signed for ${request.url}`;
  },
};
