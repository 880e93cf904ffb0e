import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedUrlVariants, twilioSignature, twilioWebhook } from './twilioWebhook.js';

// The example of Twilio's security documentation and its helper libraries' tests.
const documented = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  fields: { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' },
  signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=',
  // Twilio publishes no HMAC-SHA256 vector: this one is Python's hmac over the same signed string.
  sha256Signature: '/Px0ZZziCxf9Zt7wehmYS+fbCh+oLQi2VrfCqcV1vPM=',
};

// twilio-python's tests/unit/test_request_validator.py: the same URL, other fields, and its port and body vectors.
const python = {
  fields: { CallSid: 'CA1234567890ABCDE', Digits: '1234', From: '+14158675309', To: '+18005551212', Caller: '+14158675309' },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
  withPort443: 'kvajT1Ptam85bY51eRf/AJRuM3w=',
  httpWithPort80: '0ZXoZLH/DfblKGATFgpif+LLRf4=',
  httpWithPort1234: 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=',
  duplicates: 'Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234',
  duplicatesSignature: 'IK+Dwps556ElfBT0I3Rgjkr1wJU=',
  body: '{"property": "value", "boolean": true}',
  bodyHash: '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620',
  bodySignature: 'a9nBmqA0ju/hNViExpshrM61xv4=',
};

const secrets = { AUTH_TOKEN: documented.authToken };
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const sha256Settings = { 'x-twilio-webhooks-signature-settings': 'key=KS00000000000000000000000000000000,algorithm=HMAC_SHA256' };
const authenticate = (url: string, headers: Record<string, string>, body: Buffer = form(documented.fields)) =>
  twilioWebhook.authenticate({ url, headers, body }, secrets);

describe('Twilio callback signatures', () => {
  it("computes Twilio's documented example signature, and twilio-python's", () => {
    expect(twilioSignature(documented.authToken, documented.url, documented.fields)).toBe(documented.signature);
    expect(twilioSignature(documented.authToken, documented.url, python.fields)).toBe(python.signature);
  });

  it('signs a field sent more than once with each distinct value, sorted, as the helper libraries do', () => {
    expect(twilioSignature(documented.authToken, documented.url, new URLSearchParams(python.duplicates))).toBe(python.duplicatesSignature);
    expect(authenticate(documented.url, { 'x-twilio-signature': python.duplicatesSignature }, Buffer.from(python.duplicates))).toBeNull();
  });

  it('accepts a callback signed for the URL it reached, whatever the order of its fields', () => {
    const body = Buffer.from('To=%2B18005551212&From=%2B14158675310&Digits=1234&Caller=%2B14158675310&CallSid=CA1234567890ABCDE');
    expect(authenticate(documented.url, { 'x-twilio-signature': documented.signature }, body)).toBeNull();
  });

  it('accepts the same callback signed with HMAC-SHA256 when the signature settings say so, and with HMAC-SHA1 when they name it', () => {
    expect(twilioSignature(documented.authToken, documented.url, documented.fields, 'sha256')).toBe(documented.sha256Signature);
    expect(authenticate(documented.url, { 'x-twilio-signature': documented.sha256Signature, ...sha256Settings })).toBeNull();
    const sha1Settings = { 'x-twilio-webhooks-signature-settings': 'key=KS1,algorithm=hmac_sha1' };
    expect(authenticate(documented.url, { 'x-twilio-signature': documented.signature, ...sha1Settings })).toBeNull();
  });

  it('refuses a signature of the other algorithm than the one the settings name, saying which was expected', () => {
    expect(authenticate(documented.url, { 'x-twilio-signature': documented.signature, ...sha256Settings })).toBe(
      'X-Twilio-Signature (HMAC-SHA256 with SharedKey KS00000000000000000000000000000000, whose secret GATEWAY_TWILIO_AUTH_TOKEN must hold) ' +
        `does not match the callback signed for ${documented.url}`,
    );
    expect(authenticate(documented.url, { 'x-twilio-signature': documented.sha256Signature })).toBe(
      `X-Twilio-Signature (HMAC-SHA1 with the auth token) does not match the callback signed for ${documented.url}`,
    );
  });

  it('refuses signature settings without an algorithm or with one Twilio does not sign with', () => {
    const signed = { 'x-twilio-signature': documented.sha256Signature };
    expect(authenticate(documented.url, { ...signed, 'x-twilio-webhooks-signature-settings': 'key=KS1' })).toBe(
      'X-Twilio-Webhooks-Signature-Settings names no algorithm: "key=KS1"',
    );
    expect(authenticate(documented.url, { ...signed, 'x-twilio-webhooks-signature-settings': 'key=KS1,algorithm=HMAC_MD5' })).toBe(
      'X-Twilio-Webhooks-Signature-Settings names an unsupported algorithm "HMAC_MD5"',
    );
  });

  it('accepts the URL with or without its default port, and without another port, as the helper libraries try them', () => {
    const signed = (signature: string) => ({ 'x-twilio-signature': signature });
    const fields = form(python.fields);
    expect(authenticate(documented.url, signed(python.withPort443), fields)).toBeNull();
    expect(authenticate('https://mycompany.com:443/myapp.php?foo=1&bar=2', signed(python.signature), fields)).toBeNull();
    expect(authenticate('https://mycompany.com:1234/myapp.php?foo=1&bar=2', signed(python.signature), fields)).toBeNull();
    expect(authenticate('http://mycompany.com/myapp.php?foo=1&bar=2', signed(python.httpWithPort80), fields)).toBeNull();
    expect(authenticate('http://mycompany.com:1234/myapp.php?foo=1&bar=2', signed(python.httpWithPort1234), fields)).toBeNull();
    expect(authenticate('https://mycompany.com:8443/myapp.php?foo=1&bar=2', signed(python.withPort443), fields)).not.toBeNull();
  });

  it('varies only the port of the URL, keeping user, path and query byte for byte', () => {
    expect(signedUrlVariants('https://u:p@[::1]:8443/a%2Fb?x=%20y')).toEqual(['https://u:p@[::1]:8443/a%2Fb?x=%20y', 'https://u:p@[::1]/a%2Fb?x=%20y']);
    expect(signedUrlVariants('http://host/x')).toEqual(['http://host/x', 'http://host:80/x']);
    expect(signedUrlVariants('not a url')).toEqual(['not a url']);
  });

  it("takes a JSON body by its bodySHA256, signed in the URL with no fields, as twilio-python's test does", () => {
    const url = `${documented.url}&bodySHA256=${python.bodyHash}`;
    expect(createHash('sha256').update(python.body).digest('hex')).toBe(python.bodyHash);
    expect(authenticate(url, { 'x-twilio-signature': python.bodySignature }, Buffer.from(python.body))).toBeNull();
    expect(authenticate(url, { 'x-twilio-signature': python.bodySignature }, Buffer.from('{"property": "changed"}'))).toBe(
      'the body does not match the bodySHA256 of the URL',
    );
  });

  it('signs a callback the way it checks one, as Twilio does by default: HMAC-SHA1 and no settings header', () => {
    const body = form(documented.fields);
    const headers = twilioWebhook.signedHeaders(documented.url, body, secrets);
    expect(headers).toEqual({ 'x-twilio-signature': documented.signature });
    expect(authenticate(documented.url, headers, body)).toBeNull();
  });

  it('refuses a changed field, another URL, another token and a missing, empty or malformed header, saying which', () => {
    const signed = { 'x-twilio-signature': documented.signature };
    const tampered = { ...documented.fields, Digits: '9999' };
    expect(authenticate(documented.url, signed, form(tampered))).toContain('does not match');
    expect(authenticate('https://mycompany.com/other', signed)).toContain('signed for https://mycompany.com/other');
    expect(twilioWebhook.authenticate({ url: documented.url, headers: signed, body: form(documented.fields) }, { AUTH_TOKEN: 'x' })).not.toBeNull();
    expect(authenticate(documented.url, {})).toBe('no X-Twilio-Signature header');
    expect(authenticate(documented.url, { 'x-twilio-signature': '  ' })).toBe('X-Twilio-Signature is empty');
    expect(authenticate(documented.url, { 'x-twilio-signature': '%%%not base64%%%' })).toContain('does not match');
  });

  it('never throws on hostile input', () => {
    const hostile = [Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('%zz=%&&=&a'), Buffer.alloc(0)];
    const headers = { 'x-twilio-signature': 'a'.repeat(10_000), 'x-twilio-webhooks-signature-settings': '=,=,algorithm' };
    for (const body of hostile) {
      for (const url of ['', '://', 'https://[::1', `https://x/?bodySHA256=${'z'.repeat(500)}`]) {
        expect(() => authenticate(url, headers, body)).not.toThrow();
      }
    }
  });
});
