import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@effect/vitest';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Redacted from 'effect/Redacted';
import { kafkaOptionsConfig } from './KafkaOptions.js';

const optionsFrom = (env: Record<string, string>) =>
  Effect.withConfigProvider(kafkaOptionsConfig('msgstatus-test'), ConfigProvider.fromMap(new Map(Object.entries(env))));

describe('kafkaOptionsConfig', () => {
  it.effect('defaults to the local broker, no TLS, no SASL', () =>
    Effect.gen(function* () {
      expect(yield* optionsFrom({})).toEqual({
        brokers: ['127.0.0.1:9092'],
        clientId: 'msgstatus-test',
        ssl: false,
        sslCa: null,
        sasl: null,
        clientLogLevel: 'warn',
      });
    }),
  );

  it.effect('reads a comma-separated broker list and SASL/SCRAM with TLS, keeping the password redacted', () =>
    Effect.gen(function* () {
      const options = yield* optionsFrom({
        KAFKA_BROKERS: 'b1:9093, b2:9093,',
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'msgstatus',
        KAFKA_SASL_PASSWORD: 's3cret',
      });
      expect(options.brokers).toEqual(['b1:9093', 'b2:9093']);
      expect(options.ssl).toBe(true);
      expect(options.sasl?.mechanism).toBe('scram-sha-512');
      expect(Redacted.value(options.sasl!.password)).toBe('s3cret');
      expect(`${JSON.stringify(options)} ${String(options.sasl!.password)}`).not.toContain('s3cret');
    }),
  );

  it.effect('refuses a SASL mechanism without credentials instead of connecting unauthenticated', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(optionsFrom({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }));
      expect(Exit.isFailure(exit)).toBe(true);
      expect(String(Exit.isFailure(exit) ? exit.cause : '')).toContain('KAFKA_SASL_PASSWORD');
    }),
  );

  it.effect('refuses an unknown SASL mechanism', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(optionsFrom({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }));
      expect(Exit.isFailure(exit)).toBe(true);
    }),
  );

  it.effect('reads the certificates to trust from KAFKA_SSL_CA_FILE, and names the file it cannot read', () =>
    Effect.gen(function* () {
      const folder = mkdtempSync(join(tmpdir(), 'msgstatus-ca-'));
      writeFileSync(join(folder, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const options = yield* optionsFrom({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(folder, 'ca.pem') });
      expect(options.sslCa).toContain('BEGIN CERTIFICATE');
      const exit = yield* Effect.exit(optionsFrom({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(folder, 'missing.pem') }));
      expect(String(Exit.isFailure(exit) ? exit.cause : '')).toMatch(/KAFKA_SSL_CA_FILE.*cannot read .*missing\.pem: ENOENT/s);
    }),
  );
});
