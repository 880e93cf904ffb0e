import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { WebhookRequest } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { messagesJwt, messagesJwtClaims, signedSmsFields, smsSignature, vonageWebhook, type SmsSignatureMethod } from './vonageWebhook.js';

const url = 'https://hooks.example.com/webhooks/vonage';
const form = 'application/x-www-form-urlencoded';
const asked = (body: Buffer | string, headers: Record<string, string | undefined>, secret = 'my_secret_key_for_testing'): string | null =>
  vonageWebhook.authenticate({ url, headers, body: Buffer.from(body) }, { SIGNATURE_SECRET: secret });

// The signed inbound message of Vonage's SDK tests (PHP SignatureTest, Node sms signature data set).
const documented = {
  secret: 'my_secret_key_for_testing',
  fields: {
    'message-timestamp': '2013-11-21 15:27:30',
    messageId: '020000001B0FE827',
    msisdn: '14843472194',
    text: 'Test again',
    timestamp: '1385047698',
    to: '13239877404',
    type: 'text',
  },
  signatures: {
    md5hash: 'd2e7b1dc968737c5998ad624e02f90b7',
    md5: 'DDEBD46008C2D4E93CCE578A332A52D5',
    sha1: '27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A',
    sha256: 'DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330',
    sha512: 'E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82',
  } satisfies Record<SmsSignatureMethod, string>,
};
const methods = Object.keys(documented.signatures) as SmsSignatureMethod[];
const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

// The HS256 token of the Python SDK's verify_jwt tests, signed with this secret (no payload_hash claim).
const pythonSdkToken = [
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9',
  'eyJpc3MiOiJPbmxpbmUgSldUIEJ1aWxkZXIiLCJpYXQiOjE2OTc2MzQ2ODAsImV4cCI6MzMyNTQ1NDA4MjgsImF1ZCI6IiIsInN1YiI6IiJ9',
  '88vJc3I2HhuqEDixHXVhc9R30tA6U_HQHZTC29y6CGM',
].join('.');
const pythonSdkSecret = 'qwertyuiopasdfghjklzxcvbnm123456';

const statusBody = readFileSync(new URL('./fixtures/messages-sms-submitted.json', import.meta.url));
const secrets = { SIGNATURE_SECRET: 'vonage-signature-secret' };
const jwtRequest = (token: string, body: Buffer = statusBody): WebhookRequest => ({
  url,
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body,
});
/** A JWT signed with the secret over any header and claims, as an attacker who had it could write. */
const tokenOf = (header: object, claims: object, secret = secrets.SIGNATURE_SECRET) => {
  const signed = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
};

describe('SMS API signatures (sig)', () => {
  it.each(methods)("computes the documented %s signature of Vonage's SDK tests", (method) => {
    expect(smsSignature(documented.fields, documented.secret, method)).toBe(documented.signatures[method].toLowerCase());
  });

  it("computes the Java SDK's vectors, and its signature that leaves an empty field out", () => {
    const fields = { a: 'alphabet', b: 'bananas', timestamp: '2100' };
    expect(smsSignature(fields, 'abcde', 'md5hash')).toBe('7d43241108912b32cc315b48ce681acf');
    expect(smsSignature(fields, 'abcde', 'sha1')).toBe('b7f749de27b4adcf736cc95c9a7e059a16c85127');
    const body = formOf({ ...fields, b: '  ', sig: 'a3368bf718ba104dcb392d8877e8eb2b' });
    expect(asked(body, { 'content-type': form }, 'abcde')).toBeNull();
  });

  it.each(methods)('accepts a %s-signed receipt, form-encoded or JSON, in either case, telling the method by the length', (method) => {
    const fields = { ...documented.fields, sig: documented.signatures[method] };
    expect(asked(formOf(fields), { 'content-type': form })).toBeNull();
    expect(asked(JSON.stringify({ ...fields, sig: fields.sig.toLowerCase() }), { 'content-type': 'application/json; charset=utf-8' })).toBeNull();
  });

  it('sorts the fields by name, whatever their order in the body', () => {
    const reversed = Object.fromEntries(Object.entries({ ...documented.fields, sig: documented.signatures.sha1 }).reverse());
    expect(formOf(reversed)).toMatch(/^sig=.*message-timestamp=/);
    expect(asked(formOf(reversed), { 'content-type': form })).toBeNull();
  });

  it('writes & and = in values as _ before signing, and signs as it checks', () => {
    const fields = signedSmsFields({ messageId: '0A0000001234567B', status: 'delivered', 'client-ref': 'a=b&c' }, 's3cret', 'sha256', 1_767_607_200_000);
    expect(fields).toMatchObject({ timestamp: '1767607200', sig: smsSignature({ ...fields, 'client-ref': 'a_b_c' }, 's3cret', 'sha256') });
    expect(asked(formOf(fields), { 'content-type': form }, 's3cret')).toBeNull();
  });

  it('refuses a changed field, another secret, a malformed sig and an unsigned receipt, saying which', () => {
    const signed = { ...documented.fields, sig: documented.signatures.sha256 };
    expect(asked(formOf({ ...signed, text: 'Test agaiN' }), { 'content-type': form })).toBe(
      'sig does not match the fields signed with the signature secret (sha256)',
    );
    expect(asked(formOf({ ...documented.fields, sig: documented.signatures.md5hash }), { 'content-type': form }, 'other')).toBe(
      'sig does not match the fields signed with the signature secret (md5hash or md5)',
    );
    expect(asked(formOf({ ...signed, sig: 'zz'.repeat(32) }), { 'content-type': form })).toBe('sig is not hexadecimal');
    expect(asked(formOf({ ...signed, sig: 'ab'.repeat(20) + 'a' }), { 'content-type': form })).toBe(
      'sig has 41 hex digits, not 32 (MD5), 40 (SHA-1), 64 (SHA-256) or 128 (SHA-512)',
    );
    expect(asked(formOf(documented.fields), { 'content-type': form })).toBe(
      'unsigned: neither a Messages API JWT (Authorization: Bearer) nor an SMS API sig field; enable signed webhooks for the SMS API',
    );
    expect(asked(formOf(signed), { 'content-type': 'text/plain' })).toBe('an SMS API callback is form-encoded or JSON, not text/plain');
    expect(asked(JSON.stringify({ ...signed, price: { amount: 1 } }), { 'content-type': 'application/json' })).toBe(
      `the SMS API callback's field "price" is not text: its signature covers flat fields`,
    );
    expect(asked('{"sig":', { 'content-type': 'application/json' })).toBe('the SMS API callback is not JSON');
    // A field named __proto__ is signed like any other: added to a signed receipt, it breaks the signature.
    const withProto = `{"__proto__":"attacker text",${JSON.stringify(signed).slice(1)}`;
    expect(asked(withProto, { 'content-type': 'application/json' })).toMatch(/^sig does not match/);
  });

  it('reads the signed time from the timestamp field, or says why it cannot', () => {
    const request = (fields: Record<string, string>): WebhookRequest => ({ url, headers: { 'content-type': form }, body: Buffer.from(formOf(fields)) });
    expect(vonageWebhook.signedAt!(request(documented.fields))).toBe(1_385_047_698_000);
    expect(vonageWebhook.signedAt!(request({ ...documented.fields, timestamp: '2013-11-21' }))).toBe(
      'the SMS API callback\'s timestamp "2013-11-21" is not Unix seconds',
    );
    const timeless = Object.fromEntries(Object.entries(documented.fields).filter(([name]) => name !== 'timestamp'));
    expect(vonageWebhook.signedAt!(request(timeless))).toBe('the SMS API callback has no timestamp field');
  });
});

describe('Messages API signed webhooks (Authorization: Bearer JWT)', () => {
  it("verifies the Python SDK's HS256 token with its secret, and no other", () => {
    expect(messagesJwtClaims(pythonSdkToken, pythonSdkSecret)).toEqual({ iss: 'Online JWT Builder', iat: 1697634680, exp: 33254540828, aud: '', sub: '' });
    expect(messagesJwtClaims(pythonSdkToken, 'asdf')).toBe('the JWT signature does not match the signature secret');
    expect(asked(statusBody, { authorization: `Bearer ${pythonSdkToken}` }, pythonSdkSecret)).toBe('the JWT has no payload_hash claim');
  });

  it('accepts the exact body its payload_hash covers; signedHeaders round-trips; a changed byte or another secret is refused', () => {
    const headers = vonageWebhook.signedHeaders(url, statusBody, secrets, 1_767_607_200_000);
    expect(headers).toEqual({ authorization: expect.stringMatching(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/) });
    expect(vonageWebhook.authenticate({ url, headers, body: statusBody }, secrets)).toBeNull();
    const changed = Buffer.from(statusBody.toString().replace('submitted', 'delivered'));
    expect(vonageWebhook.authenticate({ url, headers, body: changed }, secrets)).toBe("the JWT's payload_hash does not match the body");
    expect(vonageWebhook.authenticate({ url, headers, body: statusBody }, { SIGNATURE_SECRET: 'other' })).toBe(
      'the JWT signature does not match the signature secret',
    );
  });

  it('refuses alg none and any algorithm but HS256, before looking at the signature', () => {
    const claims = { iat: 1_767_607_200, payload_hash: createHmac('sha256', '').update('').digest('hex') };
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(vonageWebhook.authenticate(jwtRequest(unsigned), secrets)).toBe('the Bearer token is not a JWT (three base64url parts)');
    expect(vonageWebhook.authenticate(jwtRequest(`${unsigned}AAAA`), secrets)).toBe('the JWT is signed with alg "none", not HS256');
    expect(vonageWebhook.authenticate(jwtRequest(tokenOf({ alg: 'HS512' }, claims)), secrets)).toBe('the JWT is signed with alg "HS512", not HS256');
    expect(vonageWebhook.authenticate(jwtRequest(tokenOf({ typ: 'JWT' }, claims)), secrets)).toBe('the JWT header is not a JSON object naming its alg');
  });

  it('refuses malformed tokens: not three parts, bad base64, claims that are no object', () => {
    expect(vonageWebhook.authenticate(jwtRequest('abc'), secrets)).toBe('the Bearer token is not a JWT (three base64url parts)');
    expect(vonageWebhook.authenticate(jwtRequest('a+b.c/d.e=f'), secrets)).toBe('the Bearer token is not a JWT (three base64url parts)');
    expect(vonageWebhook.authenticate(jwtRequest('%%%.aaa.bbb'), secrets)).toBe('the Bearer token is not a JWT (three base64url parts)');
    expect(vonageWebhook.authenticate(jwtRequest(`${Buffer.from('not json').toString('base64url')}.e30.AAAA`), secrets)).toBe(
      'the JWT header is not a JSON object naming its alg',
    );
    const arrayClaims = `${tokenOf({ alg: 'HS256' }, {}).split('.')[0]}.${Buffer.from('[1]').toString('base64url')}`;
    const signedArray = `${arrayClaims}.${createHmac('sha256', secrets.SIGNATURE_SECRET).update(arrayClaims).digest('base64url')}`;
    expect(vonageWebhook.authenticate(jwtRequest(signedArray), secrets)).toBe('the JWT claims are not a JSON object');
    expect(vonageWebhook.authenticate(jwtRequest(tokenOf({ alg: 'HS256' }, { payload_hash: 'x' }).slice(0, -2)), secrets)).toBe(
      'the JWT signature does not match the signature secret',
    );
  });

  it('reads the signed time from iat (seconds), or says why it cannot', () => {
    const token = messagesJwt(statusBody, secrets.SIGNATURE_SECRET, 1_767_607_200_999);
    expect(vonageWebhook.signedAt!(jwtRequest(token))).toBe(1_767_607_200_000);
    expect(vonageWebhook.signedAt!(jwtRequest(tokenOf({ alg: 'HS256' }, { iat: '1767607200' })))).toBe('the JWT\'s iat "1767607200" is not Unix seconds');
    expect(vonageWebhook.signedAt!(jwtRequest(tokenOf({ alg: 'HS256' }, {})))).toBe('the JWT\'s iat "undefined" is not Unix seconds');
  });

  it('never throws on hostile input', () => {
    const bodies = ['', '{', '[]', 'null', '{"sig":null}', 'sig=%ZZ&timestamp=1', '\u0000\uffff', '{"a":{"b":1},"sig":"00"}'];
    const headers: Array<Record<string, string | undefined>> = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Bearer ....' },
      { authorization: `Bearer ${'a'.repeat(10_000)}.b.c` },
      { authorization: 'Basic Zm9vOmJhcg==', 'content-type': form },
      { 'content-type': 'application/json' },
      { 'content-type': form },
      { authorization: `Bearer ${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"iat":1e400}').toString('base64url')}.x` },
    ];
    for (const body of bodies) {
      for (const header of headers) {
        const request = { url, headers: header, body: Buffer.from(body) };
        expect(() => vonageWebhook.authenticate(request, secrets)).not.toThrow();
        expect(typeof vonageWebhook.authenticate(request, secrets)).toBe('string');
        expect(() => vonageWebhook.signedAt!(request)).not.toThrow();
        expect(() => vonageWebhook.signedHeaders(url, request.body, secrets)).not.toThrow();
      }
    }
  });
});
