import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ed25519Signature, ed25519Verifies, telnyxKeyPair, telnyxSignature, telnyxWebhook } from './telnyxWebhook.js';

// Telnyx documents no test vector (its SDKs' tests all sign with a fresh key pair), so: RFC 8032's
// vectors for Ed25519 itself, and one Telnyx-shaped vector signed with the OpenSSL command line
// (`openssl pkeyutl -sign -rawin`) under RFC 8032's first key, to pin what is signed and how it is encoded.
const rfc8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];
const hex = (text: string) => Buffer.from(text, 'hex');

const pinned = {
  secrets: { PUBLIC_KEY: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=', PRIVATE_KEY: 'nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=' },
  timestamp: '1736000000',
  body: Buffer.from('{"data":{"event_type":"message.finalized","id":"4ee8c3a6-4995-4309-a3c6-38e3db9ea4be"}}'),
  signature: 'kqi6MMc56iqvq8oNNQaNEUUvsgVrh+qpjvxN2xrXo6Y4uvjJFjW0L6wXbm4hAU6DkClbucZ8AUP1jGqaNfgTAg==',
};

const url = 'https://hooks.example.com/webhooks/telnyx';
const request = (headers: Record<string, string | undefined>, body: Buffer = pinned.body) => ({ url, headers, body });
const signedHeaders = { 'telnyx-signature-ed25519': pinned.signature, 'telnyx-timestamp': pinned.timestamp };
const authenticate = (headers: Record<string, string | undefined>, body?: Buffer, secrets: Record<string, string> = pinned.secrets) =>
  telnyxWebhook.authenticate(request(headers, body), secrets);

describe('Telnyx webhook signatures', () => {
  it.each(rfc8032)("signs and verifies RFC 8032's vector for message $message", ({ seed, publicKey, message, signature }) => {
    expect(ed25519Signature(hex(seed), hex(message)).toString('hex')).toBe(signature);
    expect(ed25519Verifies(hex(publicKey), hex(message), hex(signature))).toBe(true);
    expect(ed25519Verifies(hex(publicKey), Buffer.from('other'), hex(signature))).toBe(false);
  });

  it('accepts the callback OpenSSL signed, and signs it the same way', () => {
    expect(authenticate(signedHeaders)).toBeNull();
    expect(telnyxSignature(pinned.secrets.PRIVATE_KEY, pinned.timestamp, pinned.body)).toBe(pinned.signature);
    expect(telnyxWebhook.signedHeaders(url, pinned.body, pinned.secrets, 1_736_000_000_999)).toEqual(signedHeaders);
  });

  it('round-trips signedHeaders through authenticate with a fresh key pair, now and at a given time', () => {
    const secrets = telnyxKeyPair();
    const body = readFileSync(new URL('./fixtures/message-finalized-delivered.json', import.meta.url));
    expect(telnyxWebhook.authenticate({ url, headers: telnyxWebhook.signedHeaders(url, body, secrets), body }, secrets)).toBeNull();
    const headers = telnyxWebhook.signedHeaders(url, body, secrets, Date.UTC(2026, 0, 5, 10));
    expect(headers['telnyx-timestamp']).toBe('1767607200');
    expect(telnyxWebhook.authenticate({ url, headers, body }, { PUBLIC_KEY: secrets.PUBLIC_KEY })).toBeNull();
    expect(telnyxWebhook.authenticate({ url, headers, body }, { PUBLIC_KEY: telnyxKeyPair().PUBLIC_KEY })).toMatch(/does not match/);
  });

  it('refuses a changed body, a changed timestamp and a signature of another key, saying so', () => {
    const mismatch = 'telnyx-signature-ed25519 does not match telnyx-timestamp and the body under the configured PUBLIC_KEY';
    expect(authenticate(signedHeaders, Buffer.from(pinned.body.toString().replace('finalized', 'sent')))).toBe(mismatch);
    expect(authenticate({ ...signedHeaders, 'telnyx-timestamp': '1736000001' })).toBe(mismatch);
    const other = telnyxKeyPair();
    expect(authenticate({ ...signedHeaders, 'telnyx-signature-ed25519': telnyxSignature(other.PRIVATE_KEY, pinned.timestamp, pinned.body) })).toBe(mismatch);
  });

  it('refuses missing headers and malformed signatures without throwing', () => {
    expect(authenticate({ 'telnyx-timestamp': pinned.timestamp })).toBe('no telnyx-signature-ed25519 header');
    expect(authenticate({ 'telnyx-signature-ed25519': pinned.signature })).toBe('no telnyx-timestamp header');
    const malformed = 'telnyx-signature-ed25519 is not the base64 of a 64-byte Ed25519 signature';
    const unpadded = pinned.signature.replace(/=+$/, '');
    for (const signature of ['', 'not base64!', pinned.signature.slice(0, -4), `${pinned.signature}AAAA`, pinned.signature.replace(/g==$/, 'h=='), Buffer.alloc(64).toString('hex'), unpadded]) {
      expect(authenticate({ ...signedHeaders, 'telnyx-signature-ed25519': signature })).toBe(malformed);
    }
    expect(authenticate({ ...signedHeaders, 'telnyx-signature-ed25519': Buffer.alloc(64).toString('base64') })).toMatch(/does not match/);
  });

  it('refuses a configured public key that is not 32 bytes of base64, without throwing', () => {
    const badKey = 'the configured PUBLIC_KEY is not the base64 of a 32-byte Ed25519 public key (Keys & Credentials, Public Key)';
    for (const PUBLIC_KEY of ['', 'x', pinned.secrets.PUBLIC_KEY.slice(4), Buffer.alloc(33).toString('base64'), '-----BEGIN PUBLIC KEY-----']) {
      expect(authenticate(signedHeaders, undefined, { PUBLIC_KEY })).toBe(badKey);
    }
    expect(authenticate(signedHeaders, undefined, {})).toBe(badKey);
    // 32 bytes of another key (no valid point at all): a mismatch, not an exception.
    expect(authenticate(signedHeaders, undefined, { PUBLIC_KEY: Buffer.alloc(32, 0xff).toString('base64') })).toMatch(/does not match/);
  });

  it('reads the signed time from telnyx-timestamp, in milliseconds, and refuses what is not whole seconds', () => {
    expect(telnyxWebhook.signedAt!(request(signedHeaders))).toBe(1_736_000_000_000);
    for (const timestamp of ['1736000000.5', '-1736000000', '1e9', ' ', 'Mon, 05 Jan 2026 10:00:00 GMT', '1'.repeat(13)]) {
      const signedAt = telnyxWebhook.signedAt!(request({ ...signedHeaders, 'telnyx-timestamp': timestamp }));
      expect(signedAt).toMatch(/^telnyx-timestamp ".*" is not whole Unix seconds$/);
    }
    expect(telnyxWebhook.signedAt!(request({}))).toBe('no telnyx-timestamp header');
  });

  it('says which private key it needs when asked to sign with a bad one', () => {
    const pem = '-----BEGIN PRIVATE KEY-----';
    expect(() => telnyxSignature(pem, pinned.timestamp, pinned.body)).toThrow(/PRIVATE_KEY must be the base64 of a 32-byte Ed25519 seed/);
  });

  it('makes key pairs in the configured forms: base64 of 32 bytes each, the public key that of the seed', () => {
    const pair = telnyxKeyPair();
    expect(Buffer.from(pair.PUBLIC_KEY, 'base64')).toHaveLength(32);
    expect(Buffer.from(pair.PRIVATE_KEY, 'base64')).toHaveLength(32);
    const signature = telnyxSignature(pair.PRIVATE_KEY, pinned.timestamp, pinned.body);
    expect(authenticate({ ...signedHeaders, 'telnyx-signature-ed25519': signature }, undefined, pair)).toBeNull();
  });
});
