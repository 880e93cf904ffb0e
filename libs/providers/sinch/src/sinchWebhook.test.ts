import { describe, expect, it } from 'vitest';
import { sinchSignature, sinchWebhook } from './sinchWebhook.js';

// The SMS callback signed in the tests of Sinch's Node.js SDK (packages/sms, callbacks-webhook.test.ts).
const documented = {
  body: Buffer.from(
    '{"at":"2025-01-13T09:22:40.914Z","batch_id":"01JHFFHQ0P99JPPNQPJDV7JTBP","client_reference":"a client reference","code":0,' +
      '"operator_status_at":"2025-01-13T09:22:00Z","recipient":"33662162466","status":"Delivered","type":"recipient_delivery_report_sms"}',
  ),
  nonce: '01JHFFHWYY7HSS4FWTMDTQEK8V',
  timestamp: '1736760161',
  secret: 'SMSWebhooksSecret',
  signature: 'ZoHei66PPN/kZjw7hFVfGhJOnml3iGNCMWoyQVcE5o0=',
};
const secrets = { CALLBACK_SECRET: documented.secret };
const url = 'https://hooks.example.com/webhooks/sinch';
const signed = {
  'x-sinch-webhook-signature': documented.signature,
  'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
  'x-sinch-webhook-signature-nonce': documented.nonce,
  'x-sinch-webhook-signature-timestamp': documented.timestamp,
};
const authenticate = (headers: Record<string, string | undefined>, body = documented.body, given: Record<string, string> = secrets) =>
  sinchWebhook.authenticate({ url, headers, body }, given);

describe('Sinch callback signatures', () => {
  it("computes the signatures of Sinch's SDK tests: the SMS callback's, and the Conversation API's made the same way", () => {
    expect(sinchSignature(documented.secret, documented.body, documented.nonce, documented.timestamp)).toBe(documented.signature);
    const conversation =
      '{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":' +
      '{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],' +
      '"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}';
    const conversationSignature = sinchSignature('foo_secret1234', Buffer.from(conversation), '01FJA8B4A7BM43YGWSG9GBV067', '1634579353');
    expect(conversationSignature).toBe('6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=');
  });

  it('accepts the signed callback, with or without the algorithm header', () => {
    expect(authenticate(signed)).toBeNull();
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-algorithm': undefined })).toBeNull();
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature': ` ${documented.signature} ` })).toBeNull();
  });

  it('refuses a changed body, nonce or timestamp, another secret and a wrong signature, saying so', () => {
    const mismatch = 'x-sinch-webhook-signature does not match the body, nonce and timestamp';
    expect(authenticate(signed, Buffer.from(documented.body.toString().replace('Delivered', 'Failed')))).toBe(mismatch);
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-nonce': '01JHFFHWYY7HSS4FWTMDTQEK8W' })).toBe(mismatch);
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-timestamp': '1736760162' })).toBe(mismatch);
    expect(authenticate(signed, documented.body, { CALLBACK_SECRET: 'another' })).toBe(mismatch);
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature': 'invalid-signature' })).toBe(mismatch);
  });

  it('refuses missing headers and another algorithm, naming what is wrong', () => {
    expect(authenticate({})).toBe('no x-sinch-webhook-signature header (is HMAC signing enabled for the service plan?)');
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-nonce': undefined })).toBe('no x-sinch-webhook-signature-nonce header');
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-nonce': ' ' })).toBe('no x-sinch-webhook-signature-nonce header');
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-timestamp': undefined })).toBe('no x-sinch-webhook-signature-timestamp header');
    expect(authenticate({ ...signed, 'x-sinch-webhook-signature-algorithm': 'HmacSHA1' })).toBe('unsupported x-sinch-webhook-signature-algorithm "HmacSHA1"');
  });

  it('never throws on hostile headers or bodies', () => {
    const hostile = ['', '\u0000', '\ud800', '====', '%%%', 'é'.repeat(10_000), 'A'.repeat(44)];
    for (const value of hostile) {
      for (const name of Object.keys(signed)) {
        // An empty algorithm counts as none, which is HmacSHA256.
        if (value !== '' || !name.endsWith('-algorithm')) expect(authenticate({ ...signed, [name]: value })).toEqual(expect.any(String));
      }
      expect(authenticate(signed, Buffer.from(value))).toEqual(expect.any(String));
    }
    expect(authenticate(signed, Buffer.alloc(0), { CALLBACK_SECRET: '' })).toEqual(expect.any(String));
  });

  it('signs a callback the way it checks one, with the time it is given', () => {
    const now = Date.UTC(2026, 0, 5, 10, 0, 0, 500);
    const headers = sinchWebhook.signedHeaders(url, documented.body, secrets, now);
    expect(headers).toMatchObject({ 'x-sinch-webhook-signature-algorithm': 'HmacSHA256', 'x-sinch-webhook-signature-timestamp': String(now / 1_000 - 0.5) });
    expect(headers['x-sinch-webhook-signature-nonce']).toMatch(/^[0-9A-F]{26}$/);
    expect(authenticate(headers)).toBeNull();
    expect(sinchWebhook.signedAt!({ url, headers, body: documented.body })).toBe(now - 500);
  });

  it('reads the signed time from the timestamp header, in seconds, and says when it cannot', () => {
    const signedAt = (timestamp?: string) =>
      sinchWebhook.signedAt!({ url, headers: { ...signed, 'x-sinch-webhook-signature-timestamp': timestamp }, body: documented.body });
    expect(signedAt(documented.timestamp)).toBe(1_736_760_161_000);
    expect(signedAt('2025-01-13T09:22:41Z')).toBe('x-sinch-webhook-signature-timestamp "2025-01-13T09:22:41Z" is not Unix seconds');
    expect(signedAt('-1')).toBe('x-sinch-webhook-signature-timestamp "-1" is not Unix seconds');
    expect(signedAt()).toBe('x-sinch-webhook-signature-timestamp "" is not Unix seconds');
  });
});
