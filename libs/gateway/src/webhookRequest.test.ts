import { readFileSync } from 'node:fs';
import { sharedSecretWebhook, topicNames, type ProviderWebhook } from '@msgstatus/canonical';
import { normalizerOf } from '@msgstatus/provider-registry';
import { describe, expect, it } from 'vitest';
import { webhookVerdict, type WebhookRoute } from './webhookRequest.js';

const names = topicNames('test');
const receivedAt = '2026-11-23T10:00:00.000Z';
const route = (provider: string, secrets: Record<string, string>): WebhookRoute => {
  const normalizer = normalizerOf(provider)!;
  return { normalizer: { ...normalizer, webhook: normalizer.webhook! }, secrets };
};
const meta = route('meta-whatsapp', { APP_SECRET: 'app-secret', VERIFY_TOKEN: 'token' });
const metaBody = readFileSync(new URL('../../providers/meta-whatsapp/src/fixtures/delivered.json', import.meta.url));
const twilio = route('twilio', { AUTH_TOKEN: 'tok' });
const signed = (to: WebhookRoute, url: string, body: Buffer, contentType: string) => ({
  url,
  headers: { 'content-type': contentType, ...to.normalizer.webhook.signedHeaders(url, body, to.secrets) },
  body,
});
const signedMeta = (body: Buffer, contentType = 'application/json') => signed(meta, 'https://hooks.example.com/webhooks/meta-whatsapp', body, contentType);

describe('webhookVerdict', () => {
  it('publishes an authentic JSON callback byte for byte to its raw topic, keyed by the message, with both headers', () => {
    const verdict = webhookVerdict(meta, signedMeta(metaBody, 'application/json; charset=utf-8'), names, receivedAt);
    expect(verdict.ok && verdict.record).toEqual({
      topic: 'test.raw.meta-whatsapp',
      key: expect.stringMatching(/^wamid\./),
      value: metaBody,
      headers: { provider: 'meta-whatsapp', 'received-at': receivedAt, 'schema-version': '1' },
    });
  });

  it('publishes a form callback as the JSON object of its fields, which the normalizer reads', () => {
    const fields = { MessageSid: 'SM123', MessageStatus: 'delivered', To: 'whatsapp:+15550001111', From: 'whatsapp:+15550002222' };
    const body = Buffer.from(new URLSearchParams(fields).toString());
    const request = signed(twilio, 'https://hooks.example.com/webhooks/twilio', body, 'application/x-www-form-urlencoded');
    const verdict = webhookVerdict(twilio, request, names, receivedAt);
    expect(verdict.ok && verdict.record).toMatchObject({ topic: 'test.raw.twilio', key: 'SM123', value: JSON.stringify(fields) });
  });

  it("keeps the callback URL's query string as the callback-query header, and none without one", () => {
    const fields = { MessageSid: 'SM124', MessageStatus: 'sent', To: '+15550001111', From: '+15550002222' };
    const body = Buffer.from(new URLSearchParams(fields).toString());
    const request = signed(twilio, 'https://hooks.example.com/webhooks/twilio?clientRef=order-1842', body, 'application/x-www-form-urlencoded');
    const verdict = webhookVerdict(twilio, request, names, receivedAt);
    expect(verdict.ok && verdict.record.headers).toEqual({ provider: 'twilio', 'received-at': receivedAt, 'callback-query': 'clientRef=order-1842', 'schema-version': '1' });
    const plain = webhookVerdict(twilio, signed(twilio, 'https://hooks.example.com/webhooks/twilio?', body, 'application/x-www-form-urlencoded'), names, receivedAt);
    expect(plain.ok && plain.record.headers).not.toHaveProperty('callback-query');
  });

  it('refuses, in this order: too large 413, unauthentic 401, wrong media type 415, unreadable 400', () => {
    expect(webhookVerdict(meta, signedMeta(metaBody), names, receivedAt, { maxBodyBytes: 10 })).toMatchObject({ ok: false, status: 413 });
    expect(webhookVerdict(meta, { ...signedMeta(metaBody), headers: { 'content-type': 'application/json' } }, names, receivedAt)).toEqual({
      ok: false,
      status: 401,
      error: 'not a callback of meta-whatsapp: no X-Hub-Signature-256 header',
    });
    expect(webhookVerdict(meta, signedMeta(metaBody, 'text/plain'), names, receivedAt)).toEqual({
      ok: false,
      status: 415,
      error: 'meta-whatsapp callbacks are application/json, not text/plain',
    });
    expect(webhookVerdict(meta, signedMeta(Buffer.from('{"entry": [')), names, receivedAt)).toMatchObject({ ok: false, status: 400 });
    expect(webhookVerdict(meta, signedMeta(Buffer.from([0x7b, 0xff, 0x7d])), names, receivedAt)).toEqual({ ok: false, status: 400, error: 'body is not UTF-8' });
  });

  it('passes on JSON that is no status callback: the ingestor dead-letters it with the reason', () => {
    const verdict = webhookVerdict(meta, signedMeta(Buffer.from('{"hello": "world"}')), names, receivedAt);
    expect(verdict).toMatchObject({ ok: true, record: { topic: 'test.raw.meta-whatsapp', key: null } });
  });
});

describe('webhookVerdict on rotated secrets and signed times', () => {
  // A sender whose signature covers a time in `x-signed-at` (Unix seconds), as Telnyx's and Sinch's do.
  const timed: ProviderWebhook = {
    ...sharedSecretWebhook(),
    signedAt: (request) => {
      const seconds = request.headers['x-signed-at'];
      return seconds !== undefined && /^\d+$/.test(seconds) ? Number(seconds) * 1_000 : `x-signed-at ${JSON.stringify(seconds)} is no Unix time`;
    },
  };
  const eightByEight = normalizerOf('8x8')!;
  const timedRoute: WebhookRoute = { normalizer: { ...eightByEight, webhook: timed }, secrets: { SECRET: 'new' }, previousSecrets: { SECRET: 'old' } };
  const body = Buffer.from('{"namespace":"SMS"}');
  const nowMs = Date.UTC(2026, 10, 23, 10, 0, 0);
  const at = (secret: string, signedAtSeconds: string | undefined) => ({
    url: 'https://hooks.example.com/webhooks/8x8',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, ...(signedAtSeconds === undefined ? {} : { 'x-signed-at': signedAtSeconds }) },
    body,
  });
  const verdictOf = (request: ReturnType<typeof at>) =>
    webhookVerdict(timedRoute, request, names, new Date(nowMs).toISOString(), { signedTime: { nowMs, toleranceMs: 300_000 } });

  it('says which secret set a callback matched: the current one first, then the previous one', () => {
    expect(verdictOf(at('new', String(nowMs / 1_000)))).toMatchObject({ ok: true, secret: 'current' });
    expect(verdictOf(at('old', String(nowMs / 1_000)))).toMatchObject({ ok: true, secret: 'previous' });
    expect(verdictOf(at('older', String(nowMs / 1_000)))).toEqual({ ok: false, status: 401, error: 'not a callback of 8x8: wrong shared secret' });
  });

  it('takes a signed time within the tolerance either way, and refuses one outside it or unreadable, saying why', () => {
    expect(verdictOf(at('new', String(nowMs / 1_000 - 300)))).toMatchObject({ ok: true });
    expect(verdictOf(at('new', String(nowMs / 1_000 + 300)))).toMatchObject({ ok: true });
    expect(verdictOf(at('new', String(nowMs / 1_000 - 301)))).toEqual({
      ok: false,
      status: 401,
      error: 'not taken from 8x8: signed at 2026-11-23T09:54:59.000Z, 301 s ago, outside the tolerance of 300 s: a replayed callback, or a clock off',
    });
    expect(verdictOf(at('new', String(nowMs / 1_000 + 3_600)))).toMatchObject({ ok: false, status: 401, error: expect.stringContaining('3600 s ahead') });
    expect(verdictOf(at('new', 'soon'))).toEqual({ ok: false, status: 401, error: 'not taken from 8x8: its signed time cannot be read: x-signed-at "soon" is no Unix time' });
    expect(verdictOf(at('new', '99999999999999'))).toEqual({ ok: false, status: 401, error: 'not taken from 8x8: its signed time 99999999999999000 ms is no instant' });
    expect(verdictOf(at('new', undefined))).toMatchObject({ ok: false, status: 401, error: expect.stringContaining('x-signed-at undefined') });
  });

  it('checks the time only once the callback is authentic: a forgery learns nothing of our clock', () => {
    expect(verdictOf(at('guess', 'soon'))).toEqual({ ok: false, status: 401, error: 'not a callback of 8x8: wrong shared secret' });
  });
});
