import { createConnection } from 'node:net';
import type { RecordToSend } from '@msgstatus/canonical';
import { topicNames } from '@msgstatus/canonical';
import { normalizerOf } from '@msgstatus/provider-registry';
import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import type { GatewaySettings } from './gatewayConfig.js';
import { serveWebhooks } from './serveWebhooks.js';
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
const settings: GatewaySettings = { port: 0, host: '127.0.0.1', publicUrl: null, maxBodyBytes: 4_096, publishTimeoutMs: 300, routes };
const receipt = JSON.stringify({ namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid: 'u-1', status: { state: 'delivered', timestamp: '2026-11-23T10:00:00Z' } } });

const serve = (publish: (record: RecordToSend) => Effect.Effect<void, unknown>) => Effect.map(serveWebhooks(settings, names, publish), ({ port }) => `http://127.0.0.1:${port}`);
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
