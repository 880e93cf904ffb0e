import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@effect/vitest';
import { gatewayConfig, secretVariable, startGateway } from '@msgstatus/gateway';
import { runIngestor } from '@msgstatus/pipeline';
import { kafkaTestLayer, readAll, setUpTopics, waitUntilIngested } from '@msgstatus/pipeline/testing';
import { normalizerOf, providers } from '@msgstatus/provider-registry';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';

const fixture = (provider: string, name: string) => readFileSync(new URL(`../../../libs/providers/${provider}/src/fixtures/${name}`, import.meta.url));
// Every provider with callbacks, with secrets that sign and check each other (Telnyx's key pair).
const secrets: Record<string, Readonly<Record<string, string>>> = Object.fromEntries(
  providers
    .filter((normalizer) => normalizer.webhook !== undefined)
    .map((normalizer) => [
      normalizer.provider,
      normalizer.webhook!.exampleSecrets?.() ?? Object.fromEntries(normalizer.webhook!.secrets.map((name) => [name, `${normalizer.provider}-${name}`])),
    ]),
);
secrets['8x8'] = { SECRET: 'eight-secret' };
const env = Object.fromEntries(
  Object.entries(secrets).flatMap(([provider, values]) =>
    normalizerOf(provider)!.webhook!.secrets.map((name) => [secretVariable(provider, name), values[name]!]),
  ),
);
const form = (provider: string, name: string) =>
  Buffer.from(new URLSearchParams(JSON.parse(fixture(provider, name).toString()) as Record<string, string>).toString());

const callbacks = [
  { provider: '8x8', body: fixture('8x8', 'sms-receipt-delivered.json'), contentType: 'application/json' },
  { provider: 'chuanglan', body: fixture('chuanglan', 'seed-delivered.json'), contentType: 'application/json' },
  { provider: 'meta-whatsapp', body: fixture('meta-whatsapp', 'played-and-read.json'), contentType: 'application/json' },
  { provider: 'twilio', body: form('twilio', 'whatsapp-read.json'), contentType: 'application/x-www-form-urlencoded' },
  { provider: 'vonage', body: fixture('vonage', 'messages-whatsapp-read.json'), contentType: 'application/json' },
  { provider: 'infobip', body: fixture('infobip', 'sms-delivery-reports-v1.json'), contentType: 'application/json' },
  { provider: 'sinch', body: fixture('sinch', 'recipient-delivered.json'), contentType: 'application/json' },
  { provider: 'telnyx', body: fixture('telnyx', 'message-finalized-delivered.json'), contentType: 'application/json' },
  { provider: 'plivo', body: form('plivo', 'sms-delivered.json'), contentType: 'application/x-www-form-urlencoded' },
];

describe('the gateway on a real broker', () => {
  it.live(
    "publishes every provider's signed callback before answering 200, and the ingestor reads it as any raw event",
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('gateway');
        const settings = yield* Effect.withConfigProvider(gatewayConfig(providers), ConfigProvider.fromMap(new Map(Object.entries({ ...env, GATEWAY_PORT: '0' }))));
        const { port } = yield* startGateway(settings, { names });
        for (const callback of callbacks) {
          const url = `http://127.0.0.1:${port}/webhooks/${callback.provider}`;
          const headers = { 'content-type': callback.contentType, ...normalizerOf(callback.provider)!.webhook!.signedHeaders(url, callback.body, secrets[callback.provider]!) };
          const answer = yield* Effect.promise(() => fetch(url, { method: 'POST', headers, body: callback.body }));
          expect([callback.provider, answer.status]).toEqual([callback.provider, 200]);
          // Acknowledged before the answer: the record is there as soon as the provider hears 200.
          const [record] = yield* readAll(names.raw(callback.provider));
          expect(record!.headers['provider']!.toString()).toBe(callback.provider);
          expect(record!.headers['received-at']!.toString()).toMatch(/^\d{4}-\d\d-\d\dT/);
          if (callback.contentType === 'application/json') expect(record!.value).toEqual(callback.body);
        }
        const forged = yield* Effect.promise(() =>
          fetch(`http://127.0.0.1:${port}/webhooks/8x8`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer forged' }, body: callbacks[0]!.body }),
        );
        expect(forged.status).toBe(401);
        expect(yield* readAll(names.raw('8x8'))).toHaveLength(1);

        yield* Effect.forkScoped(runIngestor({ names }));
        yield* waitUntilIngested(names);
        const messageIds = (yield* readAll(names.observations)).map((record) => record.key!.toString().split(':')[0]);
        expect(new Set(messageIds)).toEqual(new Set(callbacks.map((callback) => callback.provider)));
        expect(yield* readAll(names.deadLetter)).toHaveLength(0);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('gateway-test'))),
  );

  it.live(
    'writes a replayed callback once, and neither a callback signed too long ago nor the callbacks of a flood it refused with 429',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('gateway-flood');
        const settingsOf = (extra: Record<string, string>) =>
          Effect.withConfigProvider(gatewayConfig(providers), ConfigProvider.fromMap(new Map(Object.entries({ ...env, GATEWAY_PORT: '0', ...extra }))));
        const post = (port: number, body: Buffer) =>
          Effect.promise(() =>
            fetch(`http://127.0.0.1:${port}/webhooks/8x8`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer eight-secret' }, body }).then(
              (answer) => answer.status,
            ),
          );
        const receiptOf = (umid: string) => Buffer.from(JSON.stringify({ ...JSON.parse(callbacks[0]!.body.toString()), payload: { ...JSON.parse(callbacks[0]!.body.toString()).payload, umid } }));

        const replayed = yield* startGateway(yield* settingsOf({}), { names });
        expect([yield* post(replayed.port, receiptOf('replayed-1')), yield* post(replayed.port, receiptOf('replayed-1'))]).toEqual([200, 200]);
        expect(yield* readAll(names.raw('8x8'))).toHaveLength(1);

        // A Telnyx callback signed ten minutes ago, beyond the tolerance of five: a replay, refused before any write.
        const stale = fixture('telnyx', 'message-sent.json');
        const telnyxUrl = `http://127.0.0.1:${replayed.port}/webhooks/telnyx`;
        const staleHeaders = { 'content-type': 'application/json', ...normalizerOf('telnyx')!.webhook!.signedHeaders(telnyxUrl, stale, secrets['telnyx']!, Date.now() - 600_000) };
        const refused = yield* Effect.promise(() => fetch(telnyxUrl, { method: 'POST', headers: staleHeaders, body: stale }).then(async (answer) => [answer.status, await answer.text()] as const));
        expect(refused[0]).toBe(401);
        // Whole seconds are signed, and the request takes its time: 600 s and a little more.
        expect(refused[1]).toMatch(/signed at .*, 60\d s ago, outside the tolerance of 300 s/);
        expect(yield* readAll(names.raw('telnyx'))).toHaveLength(0);

        const flooded = yield* startGateway(yield* settingsOf({ GATEWAY_RATE_LIMIT: '1', GATEWAY_RATE_BURST: '2' }), { names });
        const statuses = yield* Effect.forEach(Array.from({ length: 20 }, (_, index) => receiptOf(`flood-${index}`)), (body) => post(flooded.port, body), { concurrency: 20 });
        expect(statuses.filter((status) => status === 200)).toHaveLength(2);
        expect(statuses.filter((status) => status === 429)).toHaveLength(18);
        expect(yield* readAll(names.raw('8x8'))).toHaveLength(3);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('gateway-flood-test'))),
  );
});
