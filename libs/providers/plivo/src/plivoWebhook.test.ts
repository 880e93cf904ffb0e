import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plivoSignatureV3, plivoSignedText, plivoWebhook } from './plivoWebhook.js';

// The V3 test vectors of Plivo's SDKs (plivo-go utils_test.go TestValidateSignatureV3Pass1/Pass3,
// plivo-ruby spec/signature_spec.rb): a voice callback's fields, posted to a URL with and without a query.
const vector = {
  authToken: 'Y2Q2ZDgxZmY5YWRiOTI5YmQ1Njg0MTAxZWIyOTc4',
  nonce: '31627761595286130198',
  fields: {
    Direction: 'outbound',
    From: '19792014278',
    ALegUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    CallStatus: 'in-progress',
    BillRate: '0.002',
    ParentAuthID: 'MANWVLYTK4ZWU1YTY4QA',
    To: 'sip:PlivoSignature382029104058171078704104@phone-qa.voice.plivodev.com',
    ALegRequestUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    CallUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    RequestUUID: '3e82ae9d-2c78-4d85-b1a4-6eae7dbafb36',
    'SIP-H-To': '<sip:PlivoSignature382029104058171078704104@52.9.11.55;transport=udp>;tag=1',
    SessionStart: '2020-04-08 11:34:33.238707',
    Event: 'StartApp',
  },
  withQuery: {
    url: 'https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml/?a=b&c=d',
    signature: 'k7Pusd4OxCIjR5IfA9iedDNu/h/gbdYqdzG/MiYtd1c=',
  },
  withoutQuery: { url: 'https://plivobin.non-prod.plivops.com/api/v1/validate_signature03.xml', signature: 'iAjE5QqI37mbkYe4w3jTMudqEzbDufdqi7sYwTu64e0=' },
};

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const secrets = { AUTH_TOKEN: vector.authToken };
const signed = (signature: string, nonce = vector.nonce) => ({ 'x-plivo-signature-v3': signature, 'x-plivo-signature-v3-nonce': nonce });

describe('Plivo callback signatures (V3)', () => {
  it("computes the SDKs' test vectors, with a query on the URL and without", () => {
    const body = form(vector.fields).toString();
    expect(plivoSignatureV3(vector.authToken, vector.withQuery.url, body, vector.nonce)).toBe(vector.withQuery.signature);
    expect(plivoSignatureV3(vector.authToken, vector.withoutQuery.url, body, vector.nonce)).toBe(vector.withoutQuery.signature);
  });

  it('signs the URL, its sorted query, the sorted body fields and the nonce, as plivo-python builds them', () => {
    expect(plivoSignedText('https://h.example/cb?z=1&a=x%20y', 'B=2&A=1', 'n')).toBe('https://h.example/cb?a=x y&z=1.A1B2.n');
    expect(plivoSignedText('https://h.example/cb', 'B=2&A=1', 'n')).toBe('https://h.example/cb?A1B2.n');
    expect(plivoSignedText('https://h.example/cb?a=1', '', 'n')).toBe('https://h.example/cb?a=1.n');
    expect(plivoSignedText('https://h.example/cb#part', '', 'n')).toBe('https://h.example/cb.n');
    // A name given twice is signed once per value, values sorted (plivo-python's lists).
    expect(plivoSignedText('https://h.example/cb?z=2&z=1', 'b=2&a=1&a=0', 'n')).toBe('https://h.example/cb?z=1&z=2.a0a1b2.n');
  });

  it('accepts a callback signed for the URL it reached, whatever the order of its fields, among several signatures', () => {
    const reversed = [...new URLSearchParams(vector.fields)].reverse();
    const body = Buffer.from(reversed.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&'));
    expect(plivoWebhook.authenticate({ url: vector.withQuery.url, headers: signed(vector.withQuery.signature), body }, secrets)).toBeNull();
    const several = signed(`c29tZXRoaW5nIGVsc2U=, ${vector.withQuery.signature}`);
    expect(plivoWebhook.authenticate({ url: vector.withQuery.url, headers: several, body }, secrets)).toBeNull();
  });

  it("accepts the main account's X-Plivo-Signature-Ma-V3 when it is the one the token makes", () => {
    const headers = {
      'x-plivo-signature-v3': 'c3ViYWNjb3VudA==',
      'x-plivo-signature-ma-v3': vector.withoutQuery.signature,
      'x-plivo-signature-v3-nonce': vector.nonce,
    };
    expect(plivoWebhook.authenticate({ url: vector.withoutQuery.url, headers, body: form(vector.fields) }, secrets)).toBeNull();
  });

  it('signs a callback the way it checks one', () => {
    const body = readFileSync(new URL('./fixtures/sms-delivered.json', import.meta.url));
    const fields = form(JSON.parse(body.toString()) as Record<string, string>);
    const url = 'https://hooks.example.com/webhooks/plivo?clientRef=order-1842';
    const headers = plivoWebhook.signedHeaders(url, fields, secrets, 1_767_607_200_000);
    expect(headers).toEqual({ 'x-plivo-signature-v3-nonce': '00000001767607200000', 'x-plivo-signature-v3': expect.any(String) });
    expect(plivoWebhook.authenticate({ url, headers, body: fields }, secrets)).toBeNull();
    expect(plivoWebhook.signedAt).toBeUndefined();
  });

  it('refuses a changed field, another URL, another token, another nonce, saying which', () => {
    const body = form(vector.fields);
    const url = vector.withoutQuery.url;
    const headers = signed(vector.withoutQuery.signature);
    expect(plivoWebhook.authenticate({ url, headers, body: form({ ...vector.fields, CallStatus: 'completed' }) }, secrets)).toBe(
      `X-Plivo-Signature-V3 does not match the callback signed for ${url}`,
    );
    expect(plivoWebhook.authenticate({ url: `${url}?x=1`, headers, body }, secrets)).toContain(`signed for ${url}?x=1`);
    expect(plivoWebhook.authenticate({ url, headers, body }, { AUTH_TOKEN: 'another' })).toContain('does not match');
    expect(plivoWebhook.authenticate({ url, headers: signed(vector.withoutQuery.signature, '1'), body }, secrets)).toContain('does not match');
  });

  it('refuses missing and malformed headers with the reason, without throwing', () => {
    const request = (headers: Record<string, string>, body = form(vector.fields)) =>
      plivoWebhook.authenticate({ url: vector.withoutQuery.url, headers, body }, secrets);
    expect(request({})).toBe('no X-Plivo-Signature-V3 header');
    expect(request({ 'x-plivo-signature-v3': vector.withoutQuery.signature })).toBe('no X-Plivo-Signature-V3-Nonce header');
    expect(request({ 'x-plivo-signature-v2': 'ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=', 'x-plivo-signature-v2-nonce': '12345' })).toBe(
      'only X-Plivo-Signature-V2, which does not sign the body: X-Plivo-Signature-V3 is required',
    );
    for (const garbage of ['', ',', '%%%not base64%%%', 'A'.repeat(10_000), '\u0000\uffff']) {
      expect(request(signed(garbage))).toContain('does not match');
    }
    expect(request(signed(vector.withoutQuery.signature), Buffer.from([0xff, 0xfe, 0x25, 0x26, 0x3d]))).toContain('does not match');
    expect(plivoWebhook.authenticate({ url: '::not a url::', headers: signed('x'), body: Buffer.alloc(0) }, {})).toContain('does not match');
  });
});
