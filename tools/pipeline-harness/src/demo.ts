import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { StatusChangeRecord, topicDefinitions, topicNames } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer, readToEnd, tail } from '@msgstatus/kafka';
import { publishRawLines } from '@msgstatus/pipeline';
import { providerIds } from '@msgstatus/provider-registry';
import { byMessage, replayOracle } from '@msgstatus/pipeline/testing';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Stream from 'effect/Stream';
import { appProcess } from './appProcess.js';
import { localBroker } from './localBroker.js';

const samplePath = new URL('../../../apps/cli/samples/provider-events.ndjson', import.meta.url).pathname;
const say = (text: string) => Effect.sync(() => process.stderr.write(`demo: ${text}\n`));

/**
 * `npm run demo`: the whole pipeline on the bundled sample provider events. Starts the local
 * broker if none is configured, creates the topics (under a fresh prefix, so each run starts from
 * nothing), runs the ingestor and the projector as their own processes, publishes the sample to
 * the raw topics, prints the canonical change stream (NDJSON on stdout) as it arrives, checks it
 * against `msgstatus replay`, and shuts everything down.
 */
const demo = Effect.gen(function* () {
  const lines = readFileSync(samplePath, 'utf8').split('\n');
  const expected = replayOracle(lines);

  const names = topicNames(`msgstatus-demo.${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`);
  yield* (yield* KafkaAdmin).ensureTopics(topicDefinitions(names, providerIds));
  yield* say(`topics created under ${names.prefix}.*; starting the ingestor and the projector`);
  const env = { MSGSTATUS_TOPIC_PREFIX: names.prefix };

  const { changes, apps } = yield* Effect.scoped(
    Effect.gen(function* () {
      const apps = yield* Effect.all([appProcess('ingestor', env), appProcess('projector', env)], { concurrency: 2 });
      const { published, unpublishable } = yield* publishRawLines(lines, names);
      yield* say(`published ${published} raw events (${unpublishable.length} sample lines are not publishable, on purpose)`);
      yield* say(`the canonical change stream on ${names.changes}, as it arrives:`);
      const changes: StatusChangeRecord[] = [];
      yield* tail([names.changes]).pipe(
        Stream.map((record) => record.value!.toString('utf8')),
        Stream.tap((text) =>
          Effect.sync(() => {
            changes.push(StatusChangeRecord.parse(JSON.parse(text)));
            process.stdout.write(`${text}\n`);
          }),
        ),
        Stream.take(expected.length),
        Stream.runDrain,
        Effect.timeoutFail({ duration: '90 seconds', onTimeout: () => new Error(`only ${changes.length} of ${expected.length} changes came in 90 s`) }),
      );
      yield* say('stopping the apps (SIGTERM)');
      return { changes, apps };
    }),
  );
  const [ingestorExit, projectorExit] = apps.map((app) => app.lastExitCode);

  const count = (topic: string) => readToEnd(topic).pipe(Stream.runCount);
  const sameAsReplay = isDeepStrictEqual(byMessage(changes), byMessage(expected));
  yield* say(
    `${changes.length} changes, ${yield* count(names.anomalies)} anomalies, ${yield* count(names.deadLetter)} dead letters; ` +
      `per message ${sameAsReplay ? 'identical to' : 'DIFFERENT from'} \`msgstatus replay apps/cli/samples/provider-events.ndjson\``,
  );
  yield* say(`ingestor exited with ${ingestorExit}, projector with ${projectorExit}`);
  return sameAsReplay && ingestorExit === 0 && projectorExit === 0 ? 0 : 1;
});

// The change stream is the output (stdout); logs go to stderr, warnings and worse only.
const quietLogging = Layer.mergeAll(
  Logger.remove(Logger.prettyLoggerDefault),
  Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)),
  Logger.minimumLogLevel(LogLevel.Warning),
);
const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(Layer.provideMerge(KafkaClient.layerConfig('msgstatus-demo')));

// The broker first: the Kafka layers connect when they are built.
const program = Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(demo, kafka))).pipe(
  Effect.catchAll((error) => Effect.as(say(`failed: ${error.message}`), 1)),
  Effect.provide(quietLogging),
);

NodeRuntime.runMain(program, { teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1) });
