import { readFileSync } from 'node:fs';
import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as Either from 'effect/Either';
import * as Option from 'effect/Option';
import type * as Redacted from 'effect/Redacted';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** How to reach the cluster. The password is `Redacted`: it never reaches a log line. */
export interface KafkaOptions {
  readonly brokers: ReadonlyArray<string>;
  readonly clientId: string;
  readonly ssl: boolean;
  /** PEM certificates to trust besides the system's (a private CA or a self-signed broker), with `ssl`. */
  readonly sslCa?: string | null;
  readonly sasl: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: Redacted.Redacted } | null;
  /** kafkajs's own log level, routed to Effect's logger. */
  readonly clientLogLevel: 'nothing' | 'error' | 'warn' | 'info' | 'debug';
}

/**
 * `KafkaOptions` from the environment: `KAFKA_BROKERS` (comma-separated, default 127.0.0.1:9092),
 * `KAFKA_CLIENT_ID`, `KAFKA_SSL` with `KAFKA_SSL_CA_FILE`, `KAFKA_SASL_MECHANISM` with `KAFKA_SASL_USERNAME` and
 * `KAFKA_SASL_PASSWORD`, `KAFKA_CLIENT_LOG_LEVEL`.
 */
export const kafkaOptionsConfig = (defaultClientId: string): Config.Config<KafkaOptions> =>
  Config.all({
    brokers: Config.string('KAFKA_BROKERS').pipe(
      Config.withDefault('127.0.0.1:9092'),
      Config.map((text) => text.split(',').map((broker) => broker.trim()).filter((broker) => broker.length > 0)),
      Config.validate({ message: 'KAFKA_BROKERS names no broker', validation: (brokers) => brokers.length > 0 }),
    ),
    clientId: Config.string('KAFKA_CLIENT_ID').pipe(Config.withDefault(defaultClientId)),
    ssl: Config.boolean('KAFKA_SSL').pipe(Config.withDefault(false)),
    sslCa: Config.option(Config.string('KAFKA_SSL_CA_FILE')).pipe(
      Config.mapOrFail((path) => {
        if (Option.isNone(path)) return Either.right(null);
        try {
          return Either.right(readFileSync(path.value, 'utf8'));
        } catch (error) {
          return Either.left(ConfigError.InvalidData(['KAFKA_SSL_CA_FILE'], `cannot read ${path.value}: ${(error as Error).message}`));
        }
      }),
    ),
    // A mechanism without its credentials is an error, not a silent fallback to no authentication.
    sasl: Config.all({
      mechanism: Config.option(Config.literal('plain', 'scram-sha-256', 'scram-sha-512')('KAFKA_SASL_MECHANISM')),
      username: Config.option(Config.string('KAFKA_SASL_USERNAME')),
      password: Config.option(Config.redacted('KAFKA_SASL_PASSWORD')),
    }).pipe(
      Config.mapOrFail(({ mechanism, username, password }) => {
        if (Option.isNone(mechanism)) return Either.right(null);
        if (Option.isSome(username) && Option.isSome(password)) {
          return Either.right({ mechanism: mechanism.value, username: username.value, password: password.value });
        }
        return Either.left(
          ConfigError.MissingData([], 'KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required'),
        );
      }),
    ),
    clientLogLevel: Config.literal('nothing', 'error', 'warn', 'info', 'debug')('KAFKA_CLIENT_LOG_LEVEL').pipe(
      Config.withDefault('warn' as const),
    ),
  });

/** `kafkaOptionsConfig`'s variables, for the README's configuration table (checked against the Config). */
export const kafkaVariables = (defaultClientId: string) =>
  [
    { name: 'KAFKA_BROKERS', default: '127.0.0.1:9092', description: 'Bootstrap brokers, comma-separated' },
    { name: 'KAFKA_CLIENT_ID', default: defaultClientId, description: 'Client id the brokers see' },
    { name: 'KAFKA_SSL', default: 'false', description: 'TLS to the brokers' },
    { name: 'KAFKA_SSL_CA_FILE', default: null, description: "PEM file of the certificates to trust besides the system's (a private CA), with `KAFKA_SSL=true`" },
    { name: 'KAFKA_SASL_MECHANISM', default: null, description: '`plain`, `scram-sha-256` or `scram-sha-512`; with the two below' },
    { name: 'KAFKA_SASL_USERNAME', default: null, description: 'SASL user' },
    { name: 'KAFKA_SASL_PASSWORD', default: null, description: 'SASL password (redacted in logs)' },
    { name: 'KAFKA_CLIENT_LOG_LEVEL', default: 'warn', description: "kafkajs's own log level: nothing, error, warn, info, debug" },
  ] as const;
