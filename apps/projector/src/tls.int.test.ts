import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@effect/vitest';
import { publishRawLines } from '@msgstatus/pipeline';
import {
  appProcess,
  byMessage,
  changeRecordsOf,
  kafkaTestLayer,
  readAll,
  replayOracle,
  setUpTopics,
  trustedTlsBroker,
  waitUntilIngested,
  type TlsBroker,
  waitUntilProjected,
} from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Scope from 'effect/Scope';

// The TLS listener of a local broker (tools/kafka/broker.sh): SASL/SCRAM over TLS, with a
// certificate made by keytool when the broker started, trusted only through its ca.pem. When the
// broker that answers on 9092 is another checkout's, whose CA this one lacks, the test kit starts one.
let tls: TlsBroker;
const brokerScope = Effect.runSync(Scope.make());
beforeAll(async () => {
  tls = await Effect.runPromise(Scope.extend(trustedTlsBroker(), brokerScope));
}, 120_000);
afterAll(() => Effect.runPromise(Scope.close(brokerScope, Exit.void)));
const scram = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'msgstatus', KAFKA_SASL_PASSWORD: 'msgstatus-local-test' };
const sampleLines = readFileSync(new URL('../../cli/samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');
const cli = new URL('../../cli/bin/msgstatus.mjs', import.meta.url).pathname;

describe('the pipeline over TLS', () => {
  it.live('runs with TLS and SCRAM-SHA-512, trusting the broker through KAFKA_SSL_CA_FILE', () =>
    Effect.gen(function* () {
      const names = yield* setUpTopics('tls');
      const env = { KAFKA_BROKERS: tls.brokers, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: tls.caFile, ...scram, MSGSTATUS_TOPIC_PREFIX: names.prefix };
      yield* Effect.all([appProcess('ingestor', env), appProcess('projector', env)], { concurrency: 2 });
      yield* publishRawLines(sampleLines, names);
      yield* waitUntilIngested(names);
      yield* waitUntilProjected(names);
      expect(byMessage(changeRecordsOf(yield* readAll(names.changes)))).toEqual(byMessage(replayOracle(sampleLines)));

      // The CLI reads the same topic over TLS too.
      const replay = spawnSync(process.execPath, [cli, 'replay', '--from-topic', names.raw('8x8')], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
      expect(replay.status).toBe(0);
      expect(replay.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(3);
    }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('tls-test', [tls.plaintext]))),
  );

  it('refuses a broker whose certificate the client does not trust, saying so', () => {
    const run = spawnSync(process.execPath, [cli, 'replay', '--from-topic', 'msgstatus.raw.8x8'], {
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, KAFKA_BROKERS: tls.brokers, KAFKA_SSL: 'true', ...scram },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/self[- ]signed certificate/i);
    expect(run.stdout).toBe('');
  });

  it('refuses a plaintext client on the TLS listener', () => {
    const run = spawnSync(process.execPath, [cli, 'replay', '--from-topic', 'msgstatus.raw.8x8'], {
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, KAFKA_BROKERS: tls.brokers, ...scram },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
  });
});
