import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { quoted, type ProviderWebhook } from '@msgstatus/canonical';

const signatureHeader = 'telnyx-signature-ed25519';
const timestampHeader = 'telnyx-timestamp';

// Standard base64 only: Buffer.from(text, 'base64') skips what it cannot read, so a mangled key or
// signature would otherwise decode to other bytes instead of being refused.
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of standard base64 text of exactly `length` bytes, or null. */
function base64Bytes(text: string | undefined, length: number): Buffer | null {
  const trimmed = text?.trim() ?? '';
  if (!base64.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, 'base64');
  // The last character's unused bits are ignored by decoding: only the one spelling of these bytes is theirs.
  return bytes.length === length && bytes.toString('base64') === trimmed ? bytes : null;
}

/** What Telnyx signs: the `telnyx-timestamp` header as sent, a pipe, and the exact body bytes. */
const telnyxSignedMessage = (timestamp: string, body: Buffer | string): Buffer => Buffer.concat([Buffer.from(`${timestamp}|`), Buffer.from(body)]);

/** The public key object of a raw 32-byte Ed25519 key, or null when Node refuses the bytes. */
function publicKeyOf(raw: Buffer): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return null;
  }
}

// RFC 8410: the PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (a JWK
// would also need the public half, which the seed alone does not carry).
const pkcs8SeedPrefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Whether `signature` (64 bytes) is the Ed25519 signature of `message` under the raw 32-byte public key. Never throws. */
export function ed25519Verifies(publicKey: Buffer, message: Buffer, signature: Buffer): boolean {
  const key = publicKeyOf(publicKey);
  if (key === null) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** The Ed25519 signature of `message` by the private key of a 32-byte seed. */
export function ed25519Signature(seed: Buffer, message: Buffer): Buffer {
  return sign(null, message, createPrivateKey({ key: Buffer.concat([pkcs8SeedPrefix, seed]), format: 'der', type: 'pkcs8' }));
}

/**
 * A key pair in the forms the webhook is configured with: `PUBLIC_KEY` as the portal shows it (the
 * base64 of the raw 32-byte key) and `PRIVATE_KEY` as the base64 of the 32-byte seed. For tests,
 * demos and load tests, which sign as Telnyx would.
 */
export function telnyxKeyPair(): { readonly PUBLIC_KEY: string; readonly PRIVATE_KEY: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const { x, d } = privateKey.export({ format: 'jwk' });
  return { PUBLIC_KEY: Buffer.from(x!, 'base64url').toString('base64'), PRIVATE_KEY: Buffer.from(d!, 'base64url').toString('base64') };
}

/** The `telnyx-signature-ed25519` Telnyx would send: base64 of the Ed25519 signature of `timestamp|body`, by the base64 seed `privateKey`. */
export function telnyxSignature(privateKey: string, timestamp: string, body: Buffer | string): string {
  const seed = base64Bytes(privateKey, 32);
  if (seed === null) throw new Error('PRIVATE_KEY must be the base64 of a 32-byte Ed25519 seed (telnyxKeyPair makes one)');
  return ed25519Signature(seed, telnyxSignedMessage(timestamp, body)).toString('base64');
}

/**
 * Telnyx signs every API v2 webhook with the account's Ed25519 key: `telnyx-signature-ed25519` is
 * the base64 signature of `telnyx-timestamp`, a pipe and the raw body, checked with the public key
 * of the portal (Keys & Credentials, Public Key). The timestamp is in the signature, so `signedAt`
 * gives it to the gateway, which refuses stale ones: a captured callback cannot be replayed later.
 * The public key is not secret, but it is configured like one; the private key only exists in
 * tests and demos (`signingSecrets`).
 */
export const telnyxWebhook: ProviderWebhook = {
  bodyFormat: 'json',
  secrets: ['PUBLIC_KEY'],
  signingSecrets: ['PRIVATE_KEY'],
  exampleSecrets: telnyxKeyPair,
  signedHeaders: (_url, body, secrets, now = Date.now()) => {
    const timestamp = String(Math.floor(now / 1_000));
    return { [signatureHeader]: telnyxSignature(secrets['PRIVATE_KEY']!, timestamp, body), [timestampHeader]: timestamp };
  },
  authenticate: (request, secrets) => {
    const signature = request.headers[signatureHeader];
    const timestamp = request.headers[timestampHeader];
    if (signature === undefined) return `no ${signatureHeader} header`;
    if (timestamp === undefined) return `no ${timestampHeader} header`;
    const publicKey = base64Bytes(secrets['PUBLIC_KEY'], 32);
    if (publicKey === null) return 'the configured PUBLIC_KEY is not the base64 of a 32-byte Ed25519 public key (Keys & Credentials, Public Key)';
    const signatureBytes = base64Bytes(signature, 64);
    if (signatureBytes === null) return `${signatureHeader} is not the base64 of a 64-byte Ed25519 signature`;
    return ed25519Verifies(publicKey, telnyxSignedMessage(timestamp, request.body), signatureBytes)
      ? null
      : `${signatureHeader} does not match ${timestampHeader} and the body under the configured PUBLIC_KEY`;
  },
  signedAt: (request) => {
    const timestamp = request.headers[timestampHeader];
    if (timestamp === undefined) return `no ${timestampHeader} header`;
    return /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1_000 : `${timestampHeader} ${quoted(timestamp)} is not whole Unix seconds`;
  },
};
