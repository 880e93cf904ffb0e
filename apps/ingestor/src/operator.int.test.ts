import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@effect/vitest';
import { topicDefinitions } from '@msgstatus/canonical';
import { KafkaAdmin } from '@msgstatus/kafka';
import { brokers, kafkaTestLayer, SupervisedApp, uniqueTopics } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';

interface LogLine {
  readonly message: string;
  readonly logLevel: string;
  readonly annotations: Readonly<Record<string, unknown>>;
}

/** The app's JSON log lines, without what npm prints around them. */
const logLines = (output: string): ReadonlyArray<LogLine> =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

const untilLogged = async (app: SupervisedApp, pattern: RegExp, withinMs: number) => {
  const deadline = Date.now() + withinMs;
  while (!logLines(app.output).some((line) => pattern.test(line.message))) {
    if (Date.now() > deadline) throw new Error(`the ${app.app} logged nothing like ${pattern} in ${withinMs} ms:\n${app.output}`);
    await sleep(100);
  }
};

describe('the ingestor, run as an operator runs it', () => {
  const runs = [
    ['npm start', 'SIGTERM'],
    ['npm start', 'SIGINT'],
    ['node', 'SIGTERM'],
  ] as const;
  for (const [launcher, signal] of runs) {
    it.live(
      `started by ${launcher} with only KAFKA_BROKERS and a prefix set: fits its topics to the cluster, says so, logs its partitions once the group gives them, and stops on ${signal} with one line, exit code 0 and its port free`,
      () =>
        Effect.gen(function* () {
          const names = uniqueTopics('operator');
          const topics = topicDefinitions(names, providerIds).map((definition) => definition.topic);
          const admin = yield* KafkaAdmin;
          yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteTopics(topics)));
          // The variables a new user sets, and no replication settings (the test kit sets none unless its environment does).
          const ingestor = new SupervisedApp('ingestor', { KAFKA_BROKERS: brokers.join(','), MSGSTATUS_TOPIC_PREFIX: names.prefix, LOG_LEVEL: 'info' }, { capture: true, launcher });
          yield* Effect.promise(() => ingestor.start());
          const port = ingestor.port;
          yield* Effect.promise(() => untilLogged(ingestor, /^joined group /, 30_000));
          const code = yield* Effect.promise(() => ingestor.stop(signal));

          const lines = logLines(ingestor.output);
          const ready = lines.find((line) => / topics ready /.test(line.message));
          expect(ready?.message).toMatch(new RegExp(`^${topics.length} topics ready \\(${topics.length} created now\\): replication \\d, min.insync.replicas \\d, on a cluster of \\d+ brokers?$`));
          if (brokers.length === 1 && process.env['MSGSTATUS_REPLICATION_FACTOR'] === undefined) {
            expect(ready).toMatchObject({ logLevel: 'INFO', message: `${topics.length} topics ready (${topics.length} created now): replication 1, min.insync.replicas 1, on a cluster of 1 broker` });
          }
          const joined = lines.find((line) => line.message === `joined group ${names.prefix}.ingestor`);
          expect(String(joined?.annotations['partitions'])).toContain(`${names.raw('8x8')}: 0,1,2,3,4,5`);
          expect(lines.at(-1)).toMatchObject({ message: `msgstatus-ingestor stopped cleanly on ${signal}`, logLevel: 'INFO' });
          expect(code).toBe(0);
          expect(ingestor.output).not.toMatch(/npm error|\n\s+at /);
          // Nothing is left running: the health port is free.
          const answered = yield* Effect.promise(() => fetch(`http://127.0.0.1:${port}/health/live`).then(() => true, () => false));
          expect(answered).toBe(false);
        }).pipe(Effect.provide(kafkaTestLayer('operator-test')), Effect.scoped),
      90_000,
    );
  }

  it.skipIf(brokers.length > 1)('stops with one line that names the variable when the cluster cannot hold the replication it is given, exit code 1', () => {
    const names = uniqueTopics('operator');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'apps/ingestor/src/main.ts'], {
      cwd: new URL('../../../', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, KAFKA_BROKERS: brokers.join(','), MSGSTATUS_TOPIC_PREFIX: names.prefix, MSGSTATUS_REPLICATION_FACTOR: '3', HEALTH_PORT: '0' },
    });
    expect(run.stderr).toBe(
      'msgstatus-ingestor stopped: Kafka create topics failed: MSGSTATUS_REPLICATION_FACTOR=3 asks for more copies than the 1 broker the cluster has: ' +
        'set it to 1 or less, or leave it unset to fit the cluster\n',
    );
    expect(run.status).toBe(1);
  });
});
