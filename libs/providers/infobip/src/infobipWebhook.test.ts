import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubSignature, infobipWebhook } from './infobipWebhook.js';

const url = 'https://hooks.example.com/webhooks/infobip?channel=SMS';
const secrets = { SECRET: 'infobip-shared-secret' };
const body = readFileSync(new URL('./fixtures/sms-delivery-reports.json', import.meta.url));
const authenticate = (headers: Record<string, string | undefined>, requestBody: Buffer = body, given = secrets) =>
  infobipWebhook.authenticate({ url, headers, body: requestBody }, given);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// The test vector of the Bot Builder Community's Infobip adapters (AuthorizationHelperTests): an
// inbound WhatsApp message signed with their test app secret.
const vector = {
  secret: '6250655368566D597133743677397A24',
  body:
    '{"results": [{"from": "38641669951","to": "447491163530","integrationType": "WHATSAPP","receivedAt": "2020-02-26T10:15:48.734+0000",' +
    '"messageId": "ABGGOGQWaZUfAgo-sD1q39_c8HDU","pairedMessageId": null,"callbackData": null,"message": {"text": "MSBOT test app","type": "TEXT"},' +
    '"contact": {"name": "Bojan Vrhovnik"},"price": {"pricePerMessage": 0,"currency": "GBP"}}],"messageCount": 1,"pendingMessageCount": 0}',
  signature: 'SHA1=5d340080cdb91ce00e9f9455e750a7188f3b3203',
};

describe('Infobip callbacks with the shared secret in Authorization', () => {
  it("accepts a subscription's Basic credentials whose password is the secret, whatever the user, and a Bearer token", () => {
    expect(authenticate({ authorization: basic('infobip', secrets.SECRET) })).toBeNull();
    expect(authenticate({ authorization: basic('any-user', secrets.SECRET) })).toBeNull();
    expect(authenticate({ authorization: `Bearer ${secrets.SECRET}` })).toBeNull();
  });

  it('signs a callback the way it checks one', () => {
    const headers = infobipWebhook.signedHeaders(url, body, secrets);
    expect(headers).toEqual({ authorization: basic('infobip', secrets.SECRET) });
    expect(authenticate(headers)).toBeNull();
    expect(authenticate(headers, body, { SECRET: 'rotated' })).toBe('wrong shared secret');
  });

  it('refuses a wrong secret, another scheme, no header at all, and hostile values, saying why and never throwing', () => {
    expect(authenticate({ authorization: basic('infobip', 'guess') })).toBe('wrong shared secret');
    expect(authenticate({ authorization: 'Bearer guess' })).toBe('wrong shared secret');
    expect(authenticate({ authorization: `App ${secrets.SECRET}` })).toBe('Authorization is neither Bearer nor Basic');
    expect(authenticate({})).toBe('neither X-Hub-Signature nor Authorization (Bearer or Basic with the shared secret)');
    expect(authenticate({ authorization: 'Basic !!!not-base64' })).toBe('Authorization is neither Bearer nor Basic');
    expect(authenticate({ authorization: 'Basic bm9jb2xvbg==' })).toBe('wrong shared secret');
    expect(authenticate({ authorization: 'Basic ' })).not.toBeNull();
  });
});

describe('Infobip callbacks signed in X-Hub-Signature', () => {
  it("computes the adapters' test vector: SHA1= and the hex HMAC-SHA1 of the body", () => {
    expect(hubSignature(vector.secret, vector.body)).toBe(vector.signature);
  });

  it('accepts the signed body in any casing of the signature, and refuses one changed byte or another secret', () => {
    const signed = Buffer.from(vector.body);
    const secret = { SECRET: vector.secret };
    expect(authenticate({ 'x-hub-signature': vector.signature }, signed, secret)).toBeNull();
    expect(authenticate({ 'x-hub-signature': ` ${vector.signature.toUpperCase()} ` }, signed, secret)).toBeNull();
    const changed = Buffer.from(vector.body.replace('MSBOT', 'MSBOX'));
    expect(authenticate({ 'x-hub-signature': vector.signature }, changed, secret)).toBe('X-Hub-Signature does not match the body');
    expect(authenticate({ 'x-hub-signature': vector.signature }, signed, secrets)).toBe('X-Hub-Signature does not match the body');
  });

  it('refuses a malformed signature, and takes a signature over a right Authorization', () => {
    const secret = { SECRET: vector.secret };
    const signed = Buffer.from(vector.body);
    const hex = '5d340080cdb91ce00e9f9455e750a7188f3b3203';
    for (const malformed of ['', 'SHA1=', `sha256=${hex}`, 'SHA1=5d34', `SHA1=zz${hex.slice(2)}`, hex, `SHA1=${hex}00`]) {
      expect(authenticate({ 'x-hub-signature': malformed }, signed, secret)).toBe('X-Hub-Signature is not SHA1= and 40 hex digits');
    }
    const both = { 'x-hub-signature': `SHA1=${'0'.repeat(40)}`, authorization: `Bearer ${vector.secret}` };
    expect(authenticate(both, signed, secret)).toBe('X-Hub-Signature does not match the body');
  });
});
