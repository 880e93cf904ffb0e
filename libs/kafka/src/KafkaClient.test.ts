import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { KafkaClient } from './KafkaClient.js';

/** What kafkajs's logs become in Effect's logger: [level, message]. */
const routed = (write: (logger: ReturnType<KafkaClient['Type']['kafka']['logger']>) => void) =>
  Effect.gen(function* () {
    const seen: Array<[string, string]> = [];
    const capture = Logger.make(({ logLevel, message }) => seen.push([logLevel.label, String(Array.isArray(message) ? message[0] : message)]));
    yield* Effect.gen(function* () {
      const { kafka } = yield* KafkaClient;
      write(kafka.logger());
    }).pipe(
      Effect.provide(KafkaClient.layer({ brokers: ['127.0.0.1:1'], clientId: 'log-test', ssl: false, sasl: null, clientLogLevel: 'debug' })),
      Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
      Logger.withMinimumLogLevel(LogLevel.All),
    );
    return seen;
  });

describe('KafkaClient routes kafkajs logs to Effect', () => {
  it.effect('keeps errors as errors, and makes retried attempts and connection answers debug', () =>
    Effect.gen(function* () {
      const seen = yield* routed((logger) => {
        logger.error('Crash: the consumer gave up');
        logger.error('Failed to send messages: another concurrent operation', { retryCount: 0, retryTime: 10 });
        logger.namespace('Connection').error('Response Produce(key: 0, version: 7)', { error: 'NOT_LEADER' });
        logger.warn('The group is rebalancing, re-joining');
      });
      expect(seen).toEqual([
        ['ERROR', 'Crash: the consumer gave up'],
        ['DEBUG', 'Failed to send messages: another concurrent operation'],
        ['DEBUG', 'Response Produce(key: 0, version: 7)'],
        ['WARN', 'The group is rebalancing, re-joining'],
      ]);
    }),
  );
});
