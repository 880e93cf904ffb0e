import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@effect/vitest';
import { deadLetterHeaders } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { publishRawLines } from '@msgstatus/pipeline';
import {
  byMessage,
  changeRecordsOf,
  readAll,
  replayOracle,
  SupervisedApp,
  setUpTopics,
  waitUntilIngested,
  waitUntilProjected,
} from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Redacted from 'effect/Redacted';

// The SASL/SCRAM listener and test user of the local broker (tools/kafka/broker.sh).
const saslBroker = '127.0.0.1:9094';
const user = 'msgstatus';
const password = 'msgstatus-local-test';
const sampleLines = readFileSync(new URL('../../cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');
const cli = new URL('../../cli/bin/msgstatus.mjs', import.meta.url).pathname;

const saslLayer = (mechanism: 'scram-sha-256' | 'scram-sha-512') =>
  Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(
    Layer.provideMerge(
      KafkaClient.layer({
        brokers: [saslBroker],
        clientId: 'sasl-test',
        ssl: false,
        sasl: { mechanism, username: user, password: Redacted.make(password) },
        clientLogLevel: 'nothing',
      }),
    ),
  );

/** Full phone numbers of the sample's payloads (8x8 destinations, WhatsApp numbers): never in our logs. */
function phoneNumbersOf(lines: ReadonlyArray<string>): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string' && /phone|msisdn|destination|source/i.test(key) && /\d{8,}/.test(value)) found.add(value);
    else if (value !== null && typeof value === 'object') for (const [name, child] of Object.entries(value)) walk(child, name);
  };
  for (const line of lines) {
    try {
      walk(JSON.parse(line), '');
    } catch {
      // the sample's broken line
    }
  }
  return [...found];
}
const phoneNumbers = phoneNumbersOf(sampleLines);

describe('the pipeline over SASL/SCRAM', () => {
  it.live(
    'runs with SCRAM-SHA-512 credentials, and logs neither the password nor a phone number',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('sasl');
        const env = {
          KAFKA_BROKERS: saslBroker,
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: user,
          KAFKA_SASL_PASSWORD: password,
          MSGSTATUS_TOPIC_PREFIX: names.prefix,
          LOG_LEVEL: 'debug',
          KAFKA_CLIENT_LOG_LEVEL: 'debug',
        };
        const apps = [new SupervisedApp('ingestor', env, { capture: true }), new SupervisedApp('projector', env, { capture: true })];
        yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM')))));
        yield* Effect.promise(() => Promise.all(apps.map((app) => app.start())));
        yield* publishRawLines(sampleLines, names);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);
        expect(byMessage(changeRecordsOf(yield* readAll(names.changes)))).toEqual(byMessage(replayOracle(sampleLines)));
        yield* Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM'))));

        const logs = apps.map((app) => app.output).join('\n');
        expect(logs.split('\n').length).toBeGreaterThan(50);
        expect(logs).not.toContain(password);
        expect(phoneNumbers).toContain('65123101212312');
        for (const number of phoneNumbers) expect(logs).not.toContain(number);

        const ours = Object.values(deadLetterHeaders);
        const added = (yield* readAll(names.deadLetter)).flatMap((record) => ours.map((name) => record.headers[name]?.toString() ?? ''));
        for (const number of phoneNumbers) expect(added.join('\n')).not.toContain(number);
      }).pipe(Effect.scoped, Effect.provide(saslLayer('scram-sha-512'))),
  );

  it('refuses a wrong password with a clear error, and does not print it', () => {
    const run = spawnSync(process.execPath, [cli, 'replay', '--from-topic', 'msgstatus.raw.8x8'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        KAFKA_BROKERS: saslBroker,
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: user,
        KAFKA_SASL_PASSWORD: 'not-the-password',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SASL SCRAM SHA256 authentication failed/i);
    expect(run.stderr).not.toContain('not-the-password');
    expect(run.stdout).toBe('');
  });

  it('refuses a client without credentials on the SASL listener', () => {
    const run = spawnSync(process.execPath, [cli, 'replay', '--from-topic', 'msgstatus.raw.8x8'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, KAFKA_BROKERS: saslBroker, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: user },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('KAFKA_SASL_PASSWORD are required');
  });
});
