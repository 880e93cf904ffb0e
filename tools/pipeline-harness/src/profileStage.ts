/**
 * `npm run profile:stage -- --stage ingestor|projector`: one stage on a backlog (default 60,000 raw
 * events) on the local broker, CPU-profiled from its start to its last commit; prints the
 * profile's self time by owner (kafkajs, zod, effect, ours, the garbage collector, idle) and its
 * top functions. The backlog is published (and, for the projector, ingested) before the profile
 * starts. Writes reports/<stage>.cpuprofile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { topicDefinitions, topicNames } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { rawRecordsOfLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { localBroker, localTopicStorage, rawEventLines, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { ownersOfProfile, topOfProfile } from './topOfProfile.js';

const { values } = parseArgs({ options: { stage: { type: 'string', default: 'ingestor' }, events: { type: 'string', default: '60000' }, top: { type: 'string', default: '15' } } });
const stage = values.stage;
if (stage !== 'ingestor' && stage !== 'projector') {
  process.stderr.write(`profile: --stage is ingestor or projector, not ${JSON.stringify(stage)}\n`);
  process.exit(2);
}
const events = Number(values.events);

const program = Effect.gen(function* () {
  const names = topicNames(`profile.${Date.now()}`);
  const admin = yield* KafkaAdmin;
  yield* admin.ensureTopics(topicDefinitions(names, providerIds, 6, localTopicStorage));
  const { records } = rawRecordsOfLines([...rawEventLines(events, Math.ceil(events / 10), 5)], names);
  const producer = yield* KafkaProducer;
  for (let start = 0; start < records.length; start += 5_000) yield* producer.send(records.slice(start, start + 5_000));
  if (stage === 'projector') {
    // Its input first, unprofiled: the ingestor's observations of the backlog.
    const ingestor = yield* Effect.fork(runIngestor({ names, concurrency: 32 }));
    yield* waitUntilIngested(names, 300_000);
    yield* Fiber.interrupt(ingestor);
  }
  const session = new Session();
  session.connect();
  yield* Effect.promise(() => session.post('Profiler.enable'));
  yield* Effect.promise(() => session.post('Profiler.start'));
  const started = Date.now();
  const running = yield* Effect.fork(stage === 'ingestor' ? runIngestor({ names, concurrency: 32 }) : runProjector({ names, concurrency: 32 }));
  yield* stage === 'ingestor' ? waitUntilIngested(names, 300_000) : waitUntilProjected(names, 300_000);
  const millis = Date.now() - started;
  const { profile } = yield* Effect.promise(() => session.post('Profiler.stop'));
  yield* Fiber.interrupt(running);
  yield* admin.deleteTopics(topicDefinitions(names, providerIds, 6, localTopicStorage).map((definition) => definition.topic));
  const reports = new URL('../../../reports/', import.meta.url).pathname;
  mkdirSync(reports, { recursive: true });
  writeFileSync(`${reports}${stage}.cpuprofile`, JSON.stringify(profile));
  process.stdout.write(`${stage}: ${records.length} raw records in ${millis} ms (${Math.round((records.length * 1000) / millis)} raw events/s); profile in reports/${stage}.cpuprofile\n\n`);
  process.stdout.write(`${ownersOfProfile(profile)}\n`);
  process.stdout.write(topOfProfile(profile, Number(values.top)));
});

const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(
  Layer.provideMerge(KafkaClient.layer({ brokers: ['127.0.0.1:9092'], clientId: 'msgstatus-profile', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
);
const quiet = Layer.mergeAll(Logger.remove(Logger.prettyLoggerDefault), Logger.minimumLogLevel(LogLevel.Error));
NodeRuntime.runMain(Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(program, kafka))).pipe(Effect.provide(quiet)));
