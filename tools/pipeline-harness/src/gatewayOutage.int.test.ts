import { describe, expect, it } from '@effect/vitest';
import { topicNames } from '@msgstatus/canonical';
import { gatewayConfig, startGateway } from '@msgstatus/gateway';
import { KafkaAdmin, KafkaClient, KafkaProducer, readToEnd } from '@msgstatus/kafka';
import { brokerCommandAsync, localBroker, localTopicStorage } from '@msgstatus/pipeline/testing';
import { providers } from '@msgstatus/provider-registry';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Stream from 'effect/Stream';

// Its own broker (ports 9196-9199): stopping it must not disturb the other integration tests.
const broker = { port: 9196, home: new URL('../../../.kafka/gateway-outage-9196', import.meta.url).pathname, discard: true };
const receipt = (umid: string) =>
  JSON.stringify({ namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, status: { state: 'delivered', timestamp: new Date().toISOString() } } });

/** A provider's delivery: POST, and on 5xx wait and POST again, until 2xx or the deadline. */
const deliver = (url: string, umid: string, deadlineMs: number) =>
  Effect.promise(async () => {
    const answers: number[] = [];
    const until = Date.now() + deadlineMs;
    while (Date.now() < until) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer outage' }, body: receipt(umid) });
      answers.push(response.status);
      if (response.status < 500) break;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return answers;
  });

describe('the gateway while Kafka is down', () => {
  it.live(
    'answers 503 while the broker is away and 200 once it is back, and every callback answered 200 is on Kafka',
    () =>
      Effect.gen(function* () {
        yield* localBroker(broker);
        const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(
          Layer.provideMerge(KafkaClient.layer({ brokers: [`127.0.0.1:${broker.port}`], clientId: 'gateway-outage', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
        );
        const names = topicNames('outage');
        const env = new Map([['GATEWAY_PORT', '0'], ['GATEWAY_8X8_SECRET', 'outage'], ['GATEWAY_PUBLISH_TIMEOUT_MS', '2000']]);
        const settings = yield* Effect.withConfigProvider(gatewayConfig(providers), ConfigProvider.fromMap(env));
        const raw = yield* Effect.gen(function* () {
          const { port } = yield* startGateway(settings, { names, storage: localTopicStorage });
          const url = `http://127.0.0.1:${port}/webhooks/8x8`;
          expect(yield* deliver(url, 'before', 10_000)).toEqual([200]);

          expect(yield* brokerCommandAsync('stop', broker)).toBe(true);
          const during = yield* deliver(url, 'during', 5_000);
          expect(during.length).toBeGreaterThan(0);
          expect(during.every((status) => status === 503)).toBe(true);

          const restarted = yield* Effect.fork(brokerCommandAsync('start', broker));
          const retried = yield* deliver(url, 'during', 120_000);
          expect(retried.at(-1)).toBe(200);
          expect(yield* restarted.await).toMatchObject({ _tag: 'Success', value: true });
          expect(yield* deliver(url, 'after', 30_000)).toEqual([200]);
          return yield* readToEnd(names.raw('8x8')).pipe(Stream.runCollect);
        }).pipe(Effect.scoped, Effect.provide(kafka));

        const umids = [...raw].map((record) => (JSON.parse(record.value!.toString()) as { payload: { umid: string } }).payload.umid);
        // A send abandoned with a 503 may still land once the broker is back: at least once, never lost.
        expect(new Set(umids)).toEqual(new Set(['before', 'during', 'after']));
      }).pipe(Effect.scoped, Effect.provide(Logger.minimumLogLevel(LogLevel.None))),
    300_000,
  );
});
