/**
 * `npm run profile:ingestor`: the ingestor on a raw backlog (default 60,000 events) on the local
 * broker, CPU-profiled from its start to its last commit, and the profile's top entries by self
 * time. The backlog is published before the profile starts. Writes the .cpuprofile under reports/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { topicDefinitions, topicNames } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { rawRecordsOfLines, runIngestor } from '@msgstatus/pipeline';
import { localBroker, localTopicStorage, rawEventLines, waitUntilIngested } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { topOfProfile } from './topOfProfile.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '60000' }, top: { type: 'string', default: '15' } } });
const events = Number(values.events);

const program = Effect.gen(function* () {
  const names = topicNames(`profile.${Date.now()}`);
  const admin = yield* KafkaAdmin;
  yield* admin.ensureTopics(topicDefinitions(names, providerIds, 6, localTopicStorage));
  const { records } = rawRecordsOfLines([...rawEventLines(events, Math.ceil(events / 10), 5)], names);
  const producer = yield* KafkaProducer;
  for (let start = 0; start < records.length; start += 5_000) yield* producer.send(records.slice(start, start + 5_000));
  const session = new Session();
  session.connect();
  yield* Effect.promise(() => session.post('Profiler.enable'));
  yield* Effect.promise(() => session.post('Profiler.start'));
  const started = Date.now();
  const ingestor = yield* Effect.fork(runIngestor({ names, concurrency: 32 }));
  yield* waitUntilIngested(names, 300_000);
  const millis = Date.now() - started;
  const { profile } = yield* Effect.promise(() => session.post('Profiler.stop'));
  yield* Fiber.interrupt(ingestor);
  yield* admin.deleteTopics(topicDefinitions(names, providerIds, 6, localTopicStorage).map((definition) => definition.topic));
  const reports = new URL('../../../reports/', import.meta.url).pathname;
  mkdirSync(reports, { recursive: true });
  writeFileSync(`${reports}ingestor.cpuprofile`, JSON.stringify(profile));
  process.stdout.write(`ingestor: ${records.length} raw records in ${millis} ms (${Math.round((records.length * 1000) / millis)}/s); profile in reports/ingestor.cpuprofile\n`);
  process.stdout.write(topOfProfile(profile, Number(values.top)));
});

const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(
  Layer.provideMerge(KafkaClient.layer({ brokers: ['127.0.0.1:9092'], clientId: 'msgstatus-profile', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
);
const quiet = Layer.mergeAll(Logger.remove(Logger.prettyLoggerDefault), Logger.minimumLogLevel(LogLevel.Error));
NodeRuntime.runMain(Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(program, kafka))).pipe(Effect.provide(quiet)));
