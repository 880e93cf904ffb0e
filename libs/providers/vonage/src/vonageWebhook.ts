import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { quoted, sameSecret, type ProviderWebhook, type WebhookRequest } from '@msgstatus/canonical';

/** The SMS API's signature methods, as the dashboard names them: MD5 hash, and the HMACs. */
export type SmsSignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';

/** A signature's length in hex digits tells its digest; MD5 hash and MD5 HMAC share one. */
const methodsByLength: Readonly<Record<number, ReadonlyArray<SmsSignatureMethod>>> = {
  32: ['md5hash', 'md5'],
  40: ['sha1'],
  64: ['sha256'],
  128: ['sha512'],
};

/**
 * The text the SMS API signs: every field but `sig`, sorted by name, each as `&name=value` with
 * `&` and `=` in the value written `_`. Vonage's SDKs disagree on empty fields (Java's leaves them
 * out, the others keep them), so they may be left out.
 */
function signedText(fields: Readonly<Record<string, string>>, withoutEmpty: boolean): string {
  return Object.keys(fields)
    .filter((name) => name !== 'sig' && !(withoutEmpty && fields[name]!.trim() === ''))
    .sort()
    .map((name) => `&${name}=${fields[name]!.replace(/[&=]/g, '_')}`)
    .join('');
}

function digest(method: SmsSignatureMethod, secret: string, text: string): string {
  return method === 'md5hash' ? createHash('md5').update(text + secret).digest('hex') : createHmac(method, secret).update(text).digest('hex');
}

/** The SMS API's `sig` of a callback's fields (lower-case hex): MD5 of the text and the secret, or the text's HMAC keyed by the secret. */
export function smsSignature(fields: Readonly<Record<string, string>>, secret: string, method: SmsSignatureMethod): string {
  return digest(method, secret, signedText(fields, false));
}

/** The fields as a signed SMS API callback carries them: with `timestamp` (Unix seconds of `now`) and `sig`. */
export function signedSmsFields(
  fields: Readonly<Record<string, string>>,
  secret: string,
  method: SmsSignatureMethod,
  now = Date.now(),
): Record<string, string> {
  const withTime = { ...fields, timestamp: fields['timestamp'] ?? String(Math.floor(now / 1000)) };
  return { ...withTime, sig: smsSignature(withTime, secret, method) };
}

const sha256Hex = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');
const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT as the Messages API signs a callback with: HS256, keyed by the signature secret, whose
 * `payload_hash` is the SHA-256 of the body and `iat` the time it was issued (Unix seconds).
 */
export function messagesJwt(body: Buffer | string, secret: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payloadHash = sha256Hex(body);
  const claims = { iat, jti: sha256Hex(`${iat}:${payloadHash}`).slice(0, 32), iss: 'Vonage', payload_hash: payloadHash };
  const signed = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

const jwtShape = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{1,6000})\.([A-Za-z0-9_-]{1,200})$/;

/** A base64url part's JSON object, or null. */
function jsonPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a JWT signed HS256 with `secret`, or why it is not one. The algorithm is the
 * header's, so anything but HS256 (`none` above all) is refused before the signature is computed.
 */
export function messagesJwtClaims(token: string, secret: string): Record<string, unknown> | string {
  const parts = jwtShape.exec(token);
  if (parts === null) return 'the Bearer token is not a JWT (three base64url parts)';
  const [, header, payload, signature] = parts as unknown as [string, string, string, string];
  const alg = jsonPart(header)?.['alg'];
  if (alg === undefined) return 'the JWT header is not a JSON object naming its alg';
  if (alg !== 'HS256') return `the JWT is signed with alg ${quoted(String(alg))}, not HS256`;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the JWT signature does not match the signature secret';
  return jsonPart(payload) ?? 'the JWT claims are not a JSON object';
}

const bearerOf = (request: WebhookRequest): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(request.headers['authorization'] ?? '')?.[1];

/** The fields of an SMS API callback, form-encoded or a flat JSON object, or why they cannot be read. */
function smsFields(request: WebhookRequest): Record<string, string> | string {
  const mediaType = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  const text = request.body.toString('utf8');
  if (mediaType === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (mediaType !== 'application/json') return `an SMS API callback is form-encoded or JSON, not ${mediaType === '' ? 'untyped' : mediaType}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the SMS API callback is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the SMS API callback is not a JSON object';
  // No prototype: a field named __proto__ is a field like any other, signed and checked, never dropped.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, field] of Object.entries(value)) {
    if (typeof field === 'object' && field !== null) return `the SMS API callback's field ${quoted(name)} is not text: its signature covers flat fields`;
    fields[name] = field === null ? '' : String(field);
  }
  return fields;
}

/** Why `sig` is not the signature of these fields, or null: the digest is told by its length, each candidate tried. */
function smsSignatureProblem(fields: Readonly<Record<string, string>>, sig: string, secret: string): string | null {
  const given = sig.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(given)) return 'sig is not hexadecimal';
  const methods = methodsByLength[given.length];
  if (methods === undefined) return `sig has ${given.length} hex digits, not 32 (MD5), 40 (SHA-1), 64 (SHA-256) or 128 (SHA-512)`;
  const texts = [signedText(fields, false), signedText(fields, true)];
  for (const text of new Set(texts)) for (const method of methods) if (sameSecret(given, digest(method, secret, text))) return null;
  return `sig does not match the fields signed with the signature secret (${methods.join(' or ')})`;
}

/**
 * Vonage's callbacks, under the account's signature secret: Messages API webhooks carry
 * `Authorization: Bearer <JWT>` (HS256, whatever the dashboard's signature method) whose
 * `payload_hash` covers the exact body; SMS API delivery receipts carry `sig` and `timestamp` among
 * their fields, signed with the dashboard's method, told here by the signature's length. Both sign
 * a time (`iat`, `timestamp`), so a captured callback cannot be replayed later. An unsigned SMS API
 * receipt is refused: signed webhooks must be enabled for the account.
 */
export const vonageWebhook: ProviderWebhook = {
  bodyFormat: 'json or form',
  secrets: ['SIGNATURE_SECRET'],
  // Signs any body the Messages API way; SMS API receipts carry their own signature (`signedSmsFields`).
  signedHeaders: (_url, body, secrets, now) => ({ authorization: `Bearer ${messagesJwt(body, secrets['SIGNATURE_SECRET']!, now)}` }),
  authenticate: (request, secrets) => {
    const secret = secrets['SIGNATURE_SECRET']!;
    const token = bearerOf(request);
    if (token !== undefined) {
      const claims = messagesJwtClaims(token, secret);
      if (typeof claims === 'string') return claims;
      const payloadHash = claims['payload_hash'];
      if (typeof payloadHash !== 'string') return 'the JWT has no payload_hash claim';
      return sameSecret(payloadHash.trim().toLowerCase(), sha256Hex(request.body)) ? null : "the JWT's payload_hash does not match the body";
    }
    const fields = smsFields(request);
    if (typeof fields === 'string') return fields;
    const sig = fields['sig'];
    if (sig === undefined || sig.trim() === '') {
      return 'unsigned: neither a Messages API JWT (Authorization: Bearer) nor an SMS API sig field; enable signed webhooks for the SMS API';
    }
    return smsSignatureProblem(fields, sig, secret);
  },
  signedAt: (request) => {
    const token = bearerOf(request);
    if (token !== undefined) {
      const iat = jsonPart(jwtShape.exec(token)?.[2] ?? '')?.['iat'];
      return typeof iat === 'number' && Number.isFinite(iat) && iat >= 0 ? Math.round(iat * 1000) : `the JWT's iat ${quoted(String(iat))} is not Unix seconds`;
    }
    const fields = smsFields(request);
    if (typeof fields === 'string') return fields;
    const timestamp = fields['timestamp'];
    if (timestamp === undefined) return 'the SMS API callback has no timestamp field';
    return /^\d{1,12}$/.test(timestamp.trim()) ? Number(timestamp) * 1000 : `the SMS API callback's timestamp ${quoted(timestamp)} is not Unix seconds`;
  },
};
