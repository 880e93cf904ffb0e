import { describe, expect, it } from 'vitest';
import { sameSecret, sharedSecretWebhook } from './ProviderWebhook.js';

const webhook = sharedSecretWebhook();
const secrets = { SECRET: 's3cret' };
const asked = (authorization?: string) =>
  webhook.authenticate({ url: 'http://127.0.0.1/webhooks/8x8', headers: { authorization }, body: Buffer.from('{}') }, secrets);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('sharedSecretWebhook', () => {
  it('accepts the secret as a Bearer token or as the password of Basic, whatever the user', () => {
    expect(asked('Bearer s3cret')).toBeNull();
    expect(asked('bearer   s3cret ')).toBeNull();
    expect(asked(basic('8x8', 's3cret'))).toBeNull();
    expect(asked(basic('', 's3cret'))).toBeNull();
  });

  it('signs as it checks', () => {
    const headers = webhook.signedHeaders('http://x/webhooks/8x8', Buffer.from('{}'), secrets);
    expect(webhook.authenticate({ url: 'http://x/webhooks/8x8', headers, body: Buffer.from('{}') }, secrets)).toBeNull();
  });

  it('refuses a wrong secret, another scheme and no header, saying which', () => {
    expect(asked('Bearer s3cre')).toBe('wrong shared secret');
    expect(asked(basic('s3cret', 'x'))).toBe('wrong shared secret');
    expect(asked('Digest s3cret')).toBe('Authorization is neither Bearer nor Basic');
    expect(asked()).toBe('no Authorization header (Bearer or Basic with the shared secret)');
  });

  it('compares secrets of any length without throwing', () => {
    expect(sameSecret('a', 'a')).toBe(true);
    expect(sameSecret('a', 'ab')).toBe(false);
    expect(sameSecret('é', 'e')).toBe(false);
  });
});
