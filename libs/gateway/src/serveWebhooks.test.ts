import { createConnection } from 'node:net';
import type { RecordToSend } from '@msgstatus/canonical';
import { topicNames } from '@msgstatus/canonical';
import { normalizerOf } from '@msgstatus/provider-registry';
import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import type { GatewaySettings } from './gatewayConfig.js';
import { serveWebhooks, type GatewayRequestOutcome } from './serveWebhooks.js';
import type { WebhookRoute } from './webhookRequest.js';

const names = topicNames('test');
const route = (provider: string, secrets: Record<string, string>): WebhookRoute => {
  const normalizer = normalizerOf(provider)!;
  return { normalizer: { ...normalizer, webhook: normalizer.webhook! }, secrets };
};
const routes = new Map([
  ['8x8', route('8x8', { SECRET: 'eight' })],
  ['meta-whatsapp', route('meta-whatsapp', { APP_SECRET: 'app', VERIFY_TOKEN: 'verify' })],
]);
const settings: GatewaySettings = {
  port: 0,
  host: '127.0.0.1',
  publicUrl: null,
  maxBodyBytes: 4_096,
  publishTimeoutMs: 300,
  signatureToleranceMs: 300_000,
  replayCacheSize: 100,
  ratePerSecond: null,
  rateBurst: 1,
  maxInFlight: 100,
  routes,
};
const receipt = JSON.stringify({ namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid: 'u-1', status: { state: 'delivered', timestamp: '2026-11-23T10:00:00Z' } } });

const serve = (publish: (record: RecordToSend) => Effect.Effect<void, unknown>, changed: Partial<GatewaySettings> = {}, onAnswered?: (outcome: GatewayRequestOutcome) => void) =>
  Effect.map(serveWebhooks({ ...settings, ...changed }, names, publish, onAnswered), ({ port }) => `http://127.0.0.1:${port}`);
const call = (url: string, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, init);
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
  });
const post8x8 = (base: string, body: string, authorization = 'Bearer eight') =>
  call(`${base}/webhooks/8x8`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });

describe('serveWebhooks', () => {
  it.scopedLive('answers 200 only after the record was published, and publishes it once', () =>
    Effect.gen(function* () {
      const published: RecordToSend[] = [];
      const base = yield* serve((record) => Effect.delay(Effect.sync(() => published.push(record)), '50 millis'));
      const answer = yield* post8x8(base, receipt);
      expect(answer).toMatchObject({ status: 200, body: '{"status":"published"}' });
      expect(published).toHaveLength(1);
      expect(published[0]).toMatchObject({ topic: 'test.raw.8x8', key: 'u-1', headers: { provider: '8x8' } });
      expect(published[0]!.value!.toString()).toBe(receipt);
    }),
  );

  it.scopedLive('answers 503 with Retry-After when Kafka fails or does not acknowledge in time, so the provider retries', () =>
    Effect.gen(function* () {
      const failing = yield* serve(() => Effect.fail(new Error('broker down')));
      expect(yield* post8x8(failing, receipt)).toMatchObject({ status: 503, retryAfter: '5' });
      const hanging = yield* serve(() => Effect.never);
      expect(yield* post8x8(hanging, receipt)).toMatchObject({ status: 503, retryAfter: '5' });
    }),
  );

  it.scopedLive('gives clear 4xx answers and keeps serving', () =>
    Effect.gen(function* () {
      const published: RecordToSend[] = [];
      const base = yield* serve((record) => Effect.sync(() => published.push(record)));
      expect(yield* post8x8(base, receipt, 'Bearer guess')).toMatchObject({ status: 401, body: expect.stringContaining('wrong shared secret') });
      expect(yield* post8x8(base, 'x'.repeat(5_000))).toMatchObject({ status: 413 });
      expect(yield* call(`${base}/webhooks/sinch`, { method: 'POST', body: '{}' })).toMatchObject({
        status: 404,
        body: expect.stringContaining('configured: 8x8, meta-whatsapp'),
      });
      expect(yield* call(`${base}/elsewhere`)).toMatchObject({ status: 404 });
      expect(yield* call(`${base}/webhooks/8x8`, { method: 'PUT', body: '{}' })).toMatchObject({ status: 405 });
      expect(yield* call(`${base}/webhooks/8x8`)).toMatchObject({ status: 405 });
      expect(published).toHaveLength(0);
      expect(yield* post8x8(base, receipt)).toMatchObject({ status: 200 });
    }),
  );

  it.scopedLive('refuses a body streamed past the limit without a Content-Length', () =>
    Effect.gen(function* () {
      const base = yield* serve(() => Effect.void);
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1_000)));
          controller.close();
        },
      });
      const init = { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer eight' }, body: chunks, duplex: 'half' };
      expect(yield* call(`${base}/webhooks/8x8`, init as RequestInit)).toMatchObject({ status: 413 });
    }),
  );

  it.scopedLive("answers Meta's subscription check with the challenge for our verify token only", () =>
    Effect.gen(function* () {
      const base = yield* serve(() => Effect.void);
      const check = (token: string) => call(`${base}/webhooks/meta-whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=4242`);
      expect(yield* check('verify')).toMatchObject({ status: 200, body: '4242' });
      expect(yield* check('guess')).toMatchObject({ status: 403 });
    }),
  );
});

describe('serveWebhooks under rotation, replays and floods', () => {
  const rotated = (previous: string | null) =>
    new Map([['8x8', { ...route('8x8', { SECRET: 'new' }), previousSecrets: previous === null ? null : { SECRET: previous } }]]);

  it.scopedLive('takes callbacks signed with the current or the previous secret, says which, and refuses the old one once it is removed', () =>
    Effect.gen(function* () {
      const outcomes: GatewayRequestOutcome[] = [];
      const during = yield* serve(() => Effect.void, { routes: rotated('old'), replayCacheSize: 0 }, (outcome) => outcomes.push(outcome));
      expect(yield* post8x8(during, receipt, 'Bearer new')).toMatchObject({ status: 200 });
      expect(yield* post8x8(during, receipt, 'Bearer old')).toMatchObject({ status: 200 });
      expect(yield* post8x8(during, receipt, 'Bearer older')).toMatchObject({ status: 401, body: expect.stringContaining('wrong shared secret') });
      expect(outcomes.map((outcome) => [outcome.status, outcome.secret])).toEqual([
        [200, 'current'],
        [200, 'previous'],
        [401, undefined],
      ]);
      const after = yield* serve(() => Effect.void, { routes: rotated(null), replayCacheSize: 0 });
      expect(yield* post8x8(after, receipt, 'Bearer new')).toMatchObject({ status: 200 });
      expect(yield* post8x8(after, receipt, 'Bearer old')).toMatchObject({ status: 401 });
    }),
  );

  it.scopedLive("answers Meta's subscription check for the previous verify token too while it rotates", () =>
    Effect.gen(function* () {
      const meta = { ...route('meta-whatsapp', { APP_SECRET: 'app', VERIFY_TOKEN: 'new' }), previousSecrets: { APP_SECRET: 'app', VERIFY_TOKEN: 'old' } };
      const base = yield* serve(() => Effect.void, { routes: new Map([['meta-whatsapp', meta]]) });
      const check = (token: string) => call(`${base}/webhooks/meta-whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=77`);
      expect([(yield* check('new')).status, (yield* check('old')).status, (yield* check('older')).status]).toEqual([200, 200, 403]);
    }),
  );

  it.scopedLive('answers a repeat of a published callback 200 without writing it again, but writes a retry after a 503', () =>
    Effect.gen(function* () {
      const published: RecordToSend[] = [];
      const outcomes: GatewayRequestOutcome[] = [];
      let kafkaUp = false;
      const base = yield* serve(
        (record) => (kafkaUp ? Effect.sync(() => published.push(record)) : Effect.fail(new Error('broker down'))),
        {},
        (outcome) => outcomes.push(outcome),
      );
      expect(yield* post8x8(base, receipt)).toMatchObject({ status: 503 });
      kafkaUp = true;
      expect(yield* post8x8(base, receipt)).toMatchObject({ status: 200, body: '{"status":"published"}' });
      expect(yield* post8x8(base, receipt)).toMatchObject({ status: 200, body: '{"status":"already published"}' });
      // Sent again to another query string, which 8x8 does not sign: still a repeat.
      const elsewhere = yield* call(`${base}/webhooks/8x8?again=1`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer eight' }, body: receipt });
      expect(elsewhere).toMatchObject({ status: 200, body: '{"status":"already published"}' });
      expect(yield* post8x8(base, receipt, 'Bearer guess')).toMatchObject({ status: 401 });
      const other = receipt.replace('delivered', 'read');
      expect(yield* post8x8(base, other)).toMatchObject({ status: 200, body: '{"status":"published"}' });
      expect(published.map((record) => record.value!.toString())).toEqual([receipt, other]);
      expect(outcomes.map((outcome) => outcome.repeat ?? false)).toEqual([false, false, true, true, false, false]);
    }),
  );

  it.scopedLive('answers a flood over the rate 429 with Retry-After before reading it, per provider, and writes none of it', () =>
    Effect.gen(function* () {
      const published: RecordToSend[] = [];
      const base = yield* serve((record) => Effect.sync(() => published.push(record)), { ratePerSecond: 1, rateBurst: 3, replayCacheSize: 0 });
      const answers = yield* Effect.forEach(Array.from({ length: 10 }, () => post8x8(base, receipt)), (post) => post, { concurrency: 10 });
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused).toHaveLength(7);
      expect(refused.every((answer) => answer.retryAfter === '1' && answer.body.includes('over 1 callbacks a second from 8x8'))).toBe(true);
      expect(published).toHaveLength(3);
      // Another provider has its own budget.
      const metaBody = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
      const headers = { 'content-type': 'application/json', ...route('meta-whatsapp', {}).normalizer.webhook.signedHeaders('', Buffer.from(metaBody), { APP_SECRET: 'app' }) };
      expect(yield* call(`${base}/webhooks/meta-whatsapp`, { method: 'POST', headers, body: metaBody })).toMatchObject({ status: 200 });
    }),
  );

  it.scopedLive('answers 503 with Retry-After beyond the requests in flight, and takes callbacks again once they are answered', () =>
    Effect.gen(function* () {
      const published: RecordToSend[] = [];
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const outcomes: GatewayRequestOutcome[] = [];
      const served = yield* serveWebhooks(
        { ...settings, maxInFlight: 2, publishTimeoutMs: 10_000, replayCacheSize: 0 },
        names,
        (record) => Effect.promise(() => held).pipe(Effect.andThen(() => published.push(record))),
        (outcome) => outcomes.push(outcome),
      );
      const base = `http://127.0.0.1:${served.port}`;
      const first = yield* Effect.fork(Effect.all([post8x8(base, receipt), post8x8(base, receipt.replace('u-1', 'u-2'))], { concurrency: 2 }));
      while (served.inFlight() < 2) yield* Effect.sleep('5 millis');
      expect(yield* post8x8(base, receipt.replace('u-1', 'u-3'))).toMatchObject({ status: 503, retryAfter: '1', body: expect.stringContaining('over 2 requests in flight') });
      expect(outcomes.at(-1)).toMatchObject({ status: 503, throttled: 'in-flight' });
      release();
      expect((yield* first).map((answer) => answer.status)).toEqual([200, 200]);
      expect(yield* post8x8(base, receipt.replace('u-1', 'u-4'))).toMatchObject({ status: 200 });
      expect(published).toHaveLength(3);
    }),
  );
});

describe('serveWebhooks on hostile requests', () => {
  it.scopedLive('answers malformed paths, hosts and bodies with 4xx and keeps serving', () =>
    Effect.gen(function* () {
      const base = yield* serve(() => Effect.void);
      const { port } = new URL(base);
      const raw = (request: string) =>
        Effect.promise(
          () =>
            new Promise<string>((resolve) => {
              const socket = createConnection({ port: Number(port), host: '127.0.0.1' }, () => socket.end(request));
              let answer = '';
              socket.on('data', (chunk) => (answer += chunk.toString()));
              socket.on('close', () => resolve(answer.split('\r\n')[0]!));
              socket.on('error', () => resolve('socket error'));
            }),
        );
      expect(yield* raw('POST /webhooks/%E0%A4%A HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 404/);
      expect(yield* raw('POST /webhooks/8x8 HTTP/1.1\r\nHost: bad host name\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 (400|401)/);
      expect(yield* raw('GET //\\\\:: HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 4\d\d/);
      expect(yield* raw('POST /webhooks/8x8 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer eight\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{"a":')).toMatch(
        /^HTTP\/1\.1 400/,
      );
      expect(yield* post8x8(base, receipt)).toMatchObject({ status: 200 });
    }),
  );
});
