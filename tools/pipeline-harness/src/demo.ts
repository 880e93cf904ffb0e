import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { changeRecords, topicDefinitions, topicNames, type StatusChangeRecord, type Topics } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer, readToEnd, tail } from '@msgstatus/kafka';
import { publishRawLines } from '@msgstatus/pipeline';
import { providerIds } from '@msgstatus/provider-registry';
import { appProcess, byMessage, freePort, localBroker, localTopicStorage, replayOracle, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import { startFakeEightByEightApi } from '@msgstatus/poller/testing';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Fiber from 'effect/Fiber';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Stream from 'effect/Stream';
import { sampleSum } from './prometheusText.js';
import { gatewaySecretsEnv, postDemoWebhooks, stuckUmid } from './demoWebhooks.js';

const samplePath = new URL('../../../apps/cli/samples/provider-events.ndjson', import.meta.url).pathname;
const say = (text: string) => Effect.sync(() => process.stderr.write(`demo: ${text}\n`));
const states = (changes: ReadonlyArray<StatusChangeRecord>) => changes.map((change) => change.state).join(' → ');

/**
 * `npm run demo`: the whole pipeline on sample provider events. Starts the local broker if none is
 * configured, creates the topics (under a fresh prefix, so each run starts from nothing), runs the
 * four apps as their own processes, publishes the sample to the raw topics, posts signed status
 * callbacks to the gateway over HTTP (one leaves a message stuck in `sent`, which the poller then
 * reconciles from a local stand-in of 8x8's message-details API), prints the canonical change
 * stream (NDJSON on stdout) as it arrives, checks it against `msgstatus replay`, and shuts down.
 * The callbacks come once the sample is projected: their receipt times move their partitions'
 * clock past the sample's receipt windows, which close as replay of the same history closes them.
 */
const demoOn = (names: Topics) => Effect.gen(function* () {
  const lines = readFileSync(samplePath, 'utf8').split('\n');
  // The sample's messages, as replay tells them.
  const expected = replayOracle(lines);
  const eightByEightApi = yield* Effect.acquireRelease(
    Effect.promise(() =>
      startFakeEightByEightApi({
        apiKey: 'demo-8x8-api-key',
        subAccountIds: ['demo-subaccount'],
        messages: new Map([[stuckUmid, [{ state: 'delivered', detail: 'delivered_to_recipient', timestamp: new Date(Date.now() - 2_000).toISOString() }]]]),
      }),
    ),
    (api) => Effect.promise(api.close),
  );
  const gatewayPort = yield* Effect.promise(freePort);
  const env = { MSGSTATUS_TOPIC_PREFIX: names.prefix };
  const gatewayEnv = { ...env, ...gatewaySecretsEnv, GATEWAY_PORT: String(gatewayPort) };
  const pollerEnv = {
    ...env,
    // The sub-account is the one the stuck message's receipt named; it was sent as SMS, so 8x8's SMS API is asked.
    POLLER_8X8_API_KEY: 'demo-8x8-api-key',
    POLLER_8X8_BASE_URL: eightByEightApi.url,
    POLLER_8X8_SMS_BASE_URL: eightByEightApi.smsUrl,
    POLLER_STUCK_AFTER_MS: '3000',
    POLLER_TICK_MS: '500',
  };
  yield* say(`topics created under ${names.prefix}.*; starting the ingestor, the projector, the gateway and the poller`);

  const { changes, apps, answers, expectedAll } = yield* Effect.scoped(
    Effect.gen(function* () {
      const apps = yield* Effect.all(
        [appProcess('ingestor', env), appProcess('projector', env), appProcess('gateway', gatewayEnv), appProcess('poller', pollerEnv)],
        { concurrency: 4 },
      );
      const changes: StatusChangeRecord[] = [];
      yield* say(`the canonical change stream on ${names.changes}, as it arrives:`);
      const stream = yield* tail([names.changes]).pipe(
        Stream.runForEach((record) =>
          Effect.sync(() => {
            const reading = changeRecords.read(record);
            if (!reading.ok) return void process.stderr.write(`demo: a change record it cannot read (${reading.reason})\n`);
            changes.push(reading.value);
            process.stdout.write(`${record.value!.toString('utf8')}\n`);
          }),
        ),
        Effect.forkScoped,
      );
      const { published, unpublishable } = yield* publishRawLines(lines, names);
      yield* say(`published ${published} raw events (${unpublishable.length} sample lines are not publishable, on purpose)`);
      // The sample in full first: live callbacks move the receipt clock of their partitions 11 months on.
      yield* waitUntilIngested(names);
      yield* waitUntilProjected(names);
      const answers = yield* postDemoWebhooks(`http://127.0.0.1:${gatewayPort}`);
      for (const answer of answers) yield* say(`webhook over HTTP: POST /webhooks/${answer.provider} answered ${answer.status}`);
      // What replay says of the same history, in the same order; and the poll's one change more.
      const expectedAll = replayOracle([...lines, ...answers.map((answer) => answer.line)]);
      const total = expectedAll.length + 1;
      yield* Effect.gen(function* () {
        while (changes.length < total) yield* Effect.sleep('100 millis');
      }).pipe(Effect.timeoutFail({ duration: '120 seconds', onTimeout: () => new Error(`only ${changes.length} of ${total} changes came in 120 s`) }));
      yield* waitUntilProjected(names);
      yield* Fiber.interrupt(stream);
      const [ingestor, projector, gateway, poller] = yield* Effect.promise(() => Promise.all(apps.map((app) => app.metrics())));
      yield* say(
        `metrics (GET /metrics of each app): ingestor observed ${sampleSum(ingestor!, 'msgstatus_decisions_total', { kind: 'observed' })}, ` +
          `invalid ${sampleSum(ingestor!, 'msgstatus_decisions_total', { kind: 'invalid' })}; ` +
          `projector accepted ${sampleSum(projector!, 'msgstatus_decisions_total', { kind: 'accepted' })}, ` +
          `duplicate ${sampleSum(projector!, 'msgstatus_decisions_total', { kind: 'duplicate' })}, ` +
          `stale ${sampleSum(projector!, 'msgstatus_decisions_total', { kind: 'stale' })}, ` +
          `conflict ${sampleSum(projector!, 'msgstatus_decisions_total', { kind: 'conflict' })}, ` +
          `closed ${sampleSum(projector!, 'msgstatus_decisions_total', { kind: 'closed' })}; ` +
          `gateway answered 200 ${sampleSum(gateway!, 'msgstatus_gateway_requests_total', { status: '200' })}; ` +
          `poller polled ${sampleSum(poller!, 'msgstatus_poller_polled_messages_total', { outcome: 'Answered' })}`,
      );
      yield* say('stopping the apps (SIGTERM)');
      return { changes, apps, answers, expectedAll };
    }),
  );

  const sampleIds = new Set(expected.map((change) => change.messageId));
  const fromSample = changes.filter((change) => sampleIds.has(change.messageId));
  // By message id: windows of different partitions close in whatever order their transactions commit.
  const closed = fromSample.filter((change) => change.finalReason === 'window-closed').sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  // The sample's messages as replay tells the same history (the sample, then the callbacks), record for record.
  // (The callbacks' own receipt times are the gateway's, a few ms from the lines kept here: their states are compared below.)
  const pipelineByMessage = byMessage(fromSample);
  const replayByMessage = byMessage(expectedAll.filter((change) => sampleIds.has(change.messageId)));
  const differing = [...new Set([...Object.keys(pipelineByMessage), ...Object.keys(replayByMessage)])].filter(
    (messageId) => !isDeepStrictEqual(pipelineByMessage[messageId], replayByMessage[messageId]),
  );
  const sameAsReplay = differing.length === 0;
  for (const messageId of differing) {
    yield* say(`differs: ${messageId}: pipeline ${states(pipelineByMessage[messageId] ?? [])}, replay ${states(replayByMessage[messageId] ?? [])}`);
  }
  const count = (topic: string) => readToEnd(topic).pipe(Stream.runCount);
  yield* say(
    `sample: ${fromSample.length} changes, ${yield* count(names.anomalies)} anomalies, ${yield* count(names.deadLetter)} dead letters; ` +
      `per message ${sameAsReplay ? 'identical to' : 'DIFFERENT from'} \`msgstatus replay\` of the sample and the callbacks`,
  );
  yield* say(
    `receipt windows: the callbacks moved their partitions' receipt clock 11 months past the sample, closing ${closed.length} sample message(s) still waiting as final (window-closed): ` +
      (closed.map((change) => `${change.messageId} ${change.state}`).join(', ') || 'none'),
  );
  const viaGateway = byMessage(replayOracle(answers.map((answer) => answer.line)));
  const received = byMessage(changes.filter((change) => !sampleIds.has(change.messageId)));
  const webhooksOk = answers.every((answer) => answer.status === 200);
  for (const [messageId, expectedChanges] of Object.entries(viaGateway)) {
    yield* say(`via the gateway: ${messageId} ${states(received[messageId] ?? [])} (webhooks alone: ${states(expectedChanges)})`);
  }
  const stuck = received[`8x8:${stuckUmid}`] ?? [];
  const polls = eightByEightApi.requests.filter((request) => request.ids[0] === stuckUmid).length;
  const reconciled = states(stuck) === 'sent → delivered' && polls >= 1;
  yield* say(
    `reconciled by polling: 8x8:${stuckUmid} ${reconciled ? 'was stuck in sent; after ' + polls + (polls === 1 ? ' poll' : ' polls') + ' of 8x8\'s message-details API (a local stand-in) it is delivered' : 'NOT reconciled: ' + states(stuck)}`,
  );
  const exits = apps.map((app) => `${app.app} ${app.lastExitCode}`);
  yield* say(`exit codes: ${exits.join(', ')}`);
  const cleanExits = apps.every((app) => app.lastExitCode === 0);
  return sameAsReplay && webhooksOk && reconciled && cleanExits ? 0 : 1;
});

const keepTopics = process.argv.includes('--keep-topics');

/**
 * The demo under a fresh prefix; its topics and consumer groups are removed at the end, however it
 * ends, so that runs on a broker one keeps leave nothing behind (`--keep-topics` keeps them to look at).
 */
const demo = Effect.gen(function* () {
  const names = topicNames(`msgstatus-demo.${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`);
  const admin = yield* KafkaAdmin;
  const definitions = topicDefinitions(names, providerIds, undefined, localTopicStorage);
  const remove = Effect.gen(function* () {
    if (keepTopics) {
      yield* say(`kept the topics under ${names.prefix}.* (--keep-topics)`);
      return;
    }
    for (const stage of ['ingestor', 'projector']) yield* Effect.ignore(admin.deleteGroup(`${names.prefix}.${stage}`));
    yield* admin.deleteTopics(definitions.map((definition) => definition.topic));
    yield* say(`removed the ${definitions.length} topics under ${names.prefix}.* and its consumer groups (--keep-topics keeps them)`);
  }).pipe(Effect.catchAll((error) => say(`could not remove the topics under ${names.prefix}.*: ${error.message}`)));
  yield* admin.ensureTopics(definitions);
  return yield* Effect.ensuring(demoOn(names), remove);
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
