import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubSignature, metaWhatsAppWebhook } from './metaWhatsAppWebhook.js';

const secrets = { APP_SECRET: 'meta-app-secret', VERIFY_TOKEN: 'our-verify-token' };
const body = readFileSync(new URL('./fixtures/delivered.json', import.meta.url));
const url = 'https://hooks.example.com/webhooks/meta-whatsapp';

describe('Meta webhook signatures', () => {
  it('is the hex HMAC-SHA256 of the exact body, prefixed sha256=', () => {
    expect(hubSignature('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(hubSignature(secrets.APP_SECRET, body)).toBe(`sha256=${createHmac('sha256', secrets.APP_SECRET).update(body).digest('hex')}`);
  });

  it('accepts the signed body and refuses one changed byte, another secret or no header', () => {
    const signed = { 'x-hub-signature-256': hubSignature(secrets.APP_SECRET, body) };
    expect(metaWhatsAppWebhook.authenticate({ url, headers: signed, body }, secrets)).toBeNull();
    const changed = Buffer.from(body.toString().replace('delivered', 'read'));
    expect(metaWhatsAppWebhook.authenticate({ url, headers: signed, body: changed }, secrets)).toBe('X-Hub-Signature-256 does not match the body');
    expect(metaWhatsAppWebhook.authenticate({ url, headers: signed, body }, { ...secrets, APP_SECRET: 'other' })).not.toBeNull();
    expect(metaWhatsAppWebhook.authenticate({ url, headers: {}, body }, secrets)).toBe('no X-Hub-Signature-256 header');
  });

  it('answers the subscription check with the challenge only for our verify token', () => {
    const check = (token: string, mode = 'subscribe') =>
      metaWhatsAppWebhook.verifySubscription!(new URLSearchParams({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': '1158201444' }), secrets);
    expect(check(secrets.VERIFY_TOKEN)).toBe('1158201444');
    expect(check('guess')).toBeNull();
    expect(check(secrets.VERIFY_TOKEN, 'unsubscribe')).toBeNull();
  });
});
