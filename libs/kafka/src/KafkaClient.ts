import type * as ConfigError from 'effect/ConfigError';
import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as LogLevel from 'effect/LogLevel';
import * as Redacted from 'effect/Redacted';
import * as Runtime from 'effect/Runtime';
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import { kafkaOptionsConfig, type KafkaOptions } from './KafkaOptions.js';

const clientLogLevels = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
} as const;

const effectLevelOf = (level: logLevel): LogLevel.LogLevel =>
  level === logLevel.ERROR ? LogLevel.Error : level === logLevel.WARN ? LogLevel.Warning : level === logLevel.INFO ? LogLevel.Info : LogLevel.Debug;

function saslOf(options: KafkaOptions): SASLOptions | undefined {
  if (options.sasl === null) return undefined;
  const { mechanism, username } = options.sasl;
  return { mechanism, username, password: Redacted.value(options.sasl.password) } as SASLOptions;
}

/**
 * The connection settings of one application, shared by its admin, producers and consumers. kafkajs
 * logs go to Effect's logger (so they come out as the app's structured logs), annotated with the
 * kafkajs namespace.
 */
export class KafkaClient extends Context.Tag('@msgstatus/kafka/KafkaClient')<
  KafkaClient,
  { readonly kafka: Kafka; readonly options: KafkaOptions }
>() {
  static readonly layer = (options: KafkaOptions): Layer.Layer<KafkaClient> =>
    Layer.effect(
      KafkaClient,
      Effect.gen(function* () {
        const runtime = yield* Effect.runtime<never>();
        const log = (entry: LogEntry): void => {
          const { message, timestamp: _timestamp, ...fields } = entry.log;
          // kafkajs's Connection logs every error answer at ERROR, also those its retries then handle
          // (NOT_LEADER after a topic is created, CONCURRENT_TRANSACTIONS): only the outcome is an error.
          // Its warning about limited retries on idempotent producers does not apply here: a failed
          // transaction's producer is dropped and the batch redone under a new epoch.
          // Its lines carrying a `retryCount` are attempts it retries; a final failure reaches us as
          // an error and is logged where it is handled.
          const level =
            entry.namespace === 'Connection' || 'retryCount' in fields || message.startsWith('Limiting retries for the idempotent producer')
              ? LogLevel.Debug
              : effectLevelOf(entry.level);
          Runtime.runSync(runtime)(
            Effect.logWithLevel(level, message).pipe(
              Effect.annotateLogs({ kafkajs: entry.namespace, ...fields }),
            ),
          );
        };
        const kafka = new Kafka({
          clientId: options.clientId,
          brokers: [...options.brokers],
          ssl: options.ssl && options.sslCa ? { ca: [options.sslCa] } : options.ssl,
          sasl: saslOf(options),
          logLevel: clientLogLevels[options.clientLogLevel],
          logCreator: () => log,
          // Our own Schedules decide about retrying whole operations; kafkajs retries requests.
          retry: { initialRetryTime: 100, retries: 8 },
        });
        return { kafka, options };
      }),
    );

  static readonly layerConfig = (defaultClientId: string): Layer.Layer<KafkaClient, ConfigError.ConfigError> =>
    Layer.unwrapEffect(Effect.map(kafkaOptionsConfig(defaultClientId), KafkaClient.layer));
}
