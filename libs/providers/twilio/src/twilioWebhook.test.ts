import { describe, expect, it } from 'vitest';
import { twilioSignature, twilioWebhook } from './twilioWebhook.js';

// The example of Twilio's security documentation and its helper libraries' tests.
const documented = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  fields: { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' },
  signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=',
};

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

describe('Twilio callback signatures', () => {
  it("computes Twilio's documented example signature", () => {
    expect(twilioSignature(documented.authToken, documented.url, documented.fields)).toBe(documented.signature);
  });

  it('accepts a callback signed for the URL it reached, whatever the order of its fields', () => {
    const body = Buffer.from('To=%2B18005551212&From=%2B14158675310&Digits=1234&Caller=%2B14158675310&CallSid=CA1234567890ABCDE');
    const request = { url: documented.url, headers: { 'x-twilio-signature': documented.signature }, body };
    expect(twilioWebhook.authenticate(request, { AUTH_TOKEN: documented.authToken })).toBeNull();
  });

  it('signs a callback the way it checks one', () => {
    const body = form(documented.fields);
    const headers = twilioWebhook.signedHeaders(documented.url, body, { AUTH_TOKEN: documented.authToken });
    expect(headers).toEqual({ 'x-twilio-signature': documented.signature });
  });

  it('refuses a changed field, another URL, another token and a missing header, saying which', () => {
    const secrets = { AUTH_TOKEN: documented.authToken };
    const signed = { 'x-twilio-signature': documented.signature };
    const tampered = { ...documented.fields, Digits: '9999' };
    expect(twilioWebhook.authenticate({ url: documented.url, headers: signed, body: form(tampered) }, secrets)).toContain('does not match');
    expect(twilioWebhook.authenticate({ url: 'https://mycompany.com/other', headers: signed, body: form(documented.fields) }, secrets)).toContain(
      'signed for https://mycompany.com/other',
    );
    expect(twilioWebhook.authenticate({ url: documented.url, headers: signed, body: form(documented.fields) }, { AUTH_TOKEN: 'x' })).not.toBeNull();
    expect(twilioWebhook.authenticate({ url: documented.url, headers: {}, body: form(documented.fields) }, secrets)).toBe('no X-Twilio-Signature header');
  });
});
