import { setTimeout as sleep } from 'node:timers/promises';
import { topicDefinitions, topicNames } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { publishRawLines } from '@msgstatus/pipeline';
import { brokerCommand, changeRecordsOf, localBroker, localTopicStorage, rawEventLines, readAll, SupervisedApp, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { auditChanges, deadLetterKeysOf, oracleOf, type ChangeFigures, type DeadLetterFigures } from './streamAudit.js';

export interface SoakOptions {
  readonly lines: number;
  readonly messages: number;
  readonly seed: number;
  /** At least this many SIGKILLs of a projector, and of the ingestor. */
  readonly projectorKills: number;
  readonly ingestorKills: number;
  /** Stop and start the broker between the first and second third of the traffic. */
  readonly brokerRestart: boolean;
  /** The soak's own broker, so that restarting it disturbs nothing else. */
  readonly brokerPort: number;
  readonly say: (line: string) => void;
}

export interface SoakResult extends ChangeFigures, DeadLetterFigures {
  readonly rawEvents: number;
  readonly published: number;
  readonly messages: number;
  readonly projectorKills: number;
  readonly ingestorKills: number;
  readonly appStarts: number;
  readonly brokerRestarts: number;
  readonly rebalances: number;
  readonly seconds: number;
}

/** Kill points spread evenly over `chunks` chunks: chunk index → how many kills after it. */
function spread(kills: number, chunks: number): number[] {
  const plan = new Array<number>(chunks).fill(0);
  for (let kill = 0; kill < kills; kill++) plan[Math.floor(((kill + 0.5) * chunks) / kills)]!++;
  return plan;
}

/**
 * The soak: realistic raw traffic (all providers, duplicates, out-of-order, fallback steps,
 * invalid payloads) through the real apps while they are killed with SIGKILL and restarted, the
 * broker is restarted, and projector instances go 2 → 1 → 2; then the change topic (read
 * committed) is compared with the replay oracle, and the dead-letter topic with replay's invalid
 * items.
 */
export const runSoak = (options: SoakOptions): Effect.Effect<SoakResult, Error> => {
  const broker = { port: options.brokerPort, home: new URL(`../../../.kafka/soak-${options.brokerPort}`, import.meta.url).pathname, discard: true };
  const brokers = `127.0.0.1:${options.brokerPort}`;
  const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer, Logger.minimumLogLevel(LogLevel.Error)).pipe(
    Layer.provideMerge(KafkaClient.layer({ brokers: [brokers], clientId: 'msgstatus-soak', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
  );
  const started = Date.now();

  const soak = Effect.gen(function* () {
    const lines = [...rawEventLines(options.lines, options.messages, options.seed)];
    const names = topicNames(`soak.${Date.now()}`);
    yield* (yield* KafkaAdmin).ensureTopics(topicDefinitions(names, providerIds, undefined, localTopicStorage));
    // A short session: a SIGKILLed member's partitions move on after 6 s, not 30.
    const env = { KAFKA_BROKERS: brokers, MSGSTATUS_TOPIC_PREFIX: names.prefix, MSGSTATUS_SESSION_TIMEOUT_MS: '6000' };
    const ingestor = new SupervisedApp('ingestor', env);
    const projectors = [new SupervisedApp('projector', env), new SupervisedApp('projector', env)] as const;
    const apps = [ingestor, ...projectors];
    yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM')))));
    yield* Effect.promise(() => Promise.all(apps.map((app) => app.start())));
    options.say(`${options.lines} raw events over ${options.messages} messages into ${names.prefix}.*; 1 ingestor, 2 projectors`);

    const restartIfDown = (app: SupervisedApp) => (app.running ? Promise.resolve() : app.start(120_000));
    const kill = (app: SupervisedApp) =>
      Effect.promise(async () => {
        await sleep(Math.floor(Math.random() * 300));
        await app.stop('SIGKILL');
        await app.start();
      });

    const chunkSize = Math.max(100, Math.ceil(options.lines / 30));
    const chunks: string[][] = [];
    for (let start = 0; start < lines.length; start += chunkSize) chunks.push(lines.slice(start, start + chunkSize));
    const projectorPlan = spread(options.projectorKills, chunks.length);
    const ingestorPlan = spread(options.ingestorKills, chunks.length);
    const third = Math.floor(chunks.length / 3);
    let published = 0;
    let brokerRestarts = 0;
    let rebalances = 0;

    for (let index = 0; index < chunks.length; index++) {
      if (index === third && options.brokerRestart) {
        options.say('restarting the broker');
        brokerCommand('stop', broker);
        brokerCommand('start', broker);
        brokerRestarts++;
        yield* Effect.promise(() => Promise.all(apps.map(restartIfDown)));
      }
      if (index === 2 * third) {
        options.say('projectors 2 → 1');
        yield* Effect.promise(() => projectors[1].stop('SIGTERM'));
        rebalances++;
      }
      if (index === 2 * third + Math.ceil((chunks.length - 2 * third) / 2)) {
        options.say('projectors 1 → 2');
        yield* Effect.promise(() => projectors[1].start());
        rebalances++;
      }
      published += (yield* publishRawLines(chunks[index]!, names, index * chunkSize + 1)).published;
      for (let kills = 0; kills < projectorPlan[index]!; kills++) yield* kill(projectors[0]);
      for (let kills = 0; kills < ingestorPlan[index]!; kills++) yield* kill(ingestor);
    }
    yield* Effect.promise(() => Promise.all(apps.map(restartIfDown)));
    options.say(`published ${published}; waiting for the pipeline to finish`);
    yield* waitUntilIngested(names, 300_000);
    yield* waitUntilProjected(names, 300_000);

    const oracle = oracleOf(lines, 'soak');
    const audit = auditChanges(oracle.changes, changeRecordsOf(yield* readAll(names.changes)));
    const deadLetterKeys = deadLetterKeysOf(yield* readAll(names.deadLetter));
    const unpublished = lines.length - published;
    return {
      rawEvents: lines.length,
      published,
      messages: options.messages,
      projectorKills: projectors[0].kills + projectors[1].kills,
      ingestorKills: ingestor.kills,
      appStarts: apps.reduce((sum, app) => sum + app.starts, 0),
      brokerRestarts,
      rebalances,
      expectedChanges: audit.expectedChanges,
      changes: audit.changes,
      lost: audit.lost,
      duplicated: audit.duplicated,
      wrong: audit.wrong,
      versionGaps: audit.versionGaps,
      // Lines that are not even envelopes are invalid for replay but never reach Kafka.
      expectedDeadLetters: oracle.report.invalid - unpublished,
      deadLetters: deadLetterKeys.length,
      duplicatedDeadLetters: deadLetterKeys.length - new Set(deadLetterKeys).size,
      seconds: Math.round((Date.now() - started) / 1000),
    } satisfies SoakResult;
  });

  return Effect.scoped(Effect.zipRight(localBroker(broker), Effect.provide(soak, kafka)));
};
