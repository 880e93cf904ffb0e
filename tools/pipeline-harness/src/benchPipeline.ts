import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { MessageState, readEnvelope, topicDefinitions, topicNames, type Topics } from '@msgstatus/canonical';
import { consumeBatches, KafkaAdmin, KafkaClient, KafkaProducer, readToEnd, tail } from '@msgstatus/kafka';
import { PartitionProjection, rawRecordsOfLines, runIngestor, runProjector } from '@msgstatus/pipeline';
import { localBroker, localTopicStorage, rawEventLines, SupervisedApp, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import { followState } from '@msgstatus/state-store';
import { ingest } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Fiber from 'effect/Fiber';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Schedule from 'effect/Schedule';
import * as Stream from 'effect/Stream';
import { barChart } from './barChart.js';
import { preparePeers } from './javaPeers.js';
import { liveStateAfterHistory, type LiveStateFigures } from './liveState.js';
import { differencesFrom, foldedChanges, javaPassthrough, streamsPassthrough, streamsProjector } from './peerRuns.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '240000' },
    'restore-messages': { type: 'string', default: '1000000' },
    'latency-seconds': { type: 'string', default: '10' },
    'latency-rate': { type: 'string' },
    'state-messages': { type: 'string', default: '1000000' },
    // The live state after a long generated history, receipt windows on and off.
    'history-days': { type: 'string', default: '60,120' },
    'history-messages-a-day': { type: 'string', default: '10000' },
    // `--only state`: just the state's heap and restore time (for 10,000,000 messages, say).
    only: { type: 'string' },
  },
});
const events = Number(values.events);
const restoreMessages = Number(values['restore-messages']);
const say = (text: string) => Effect.sync(() => process.stderr.write(`bench: ${text}\n`));
const perSecond = (count: number, millis: number) => Math.round((count * 1000) / millis);
let run = 0;
const freshTopics = (label: string) => topicNames(`bench.${label}.${Date.now()}.${run++}`);

const lines = [...rawEventLines(events, Math.ceil(events / 10), 5)];

const created: string[] = [];
/** Creates a measurement's topics; all are deleted when the benchmark ends. */
const createTopics = (names: Topics, partitions = 6) =>
  Effect.flatMap(KafkaAdmin, (admin) => {
    const definitions = topicDefinitions(names, providerIds, partitions, localTopicStorage);
    created.push(...definitions.map((definition) => definition.topic), `${names.prefix}.passthrough`);
    return admin.ensureTopics(definitions);
  });

const publishBacklog = (names: Topics) =>
  Effect.gen(function* () {
    const { records } = rawRecordsOfLines(lines, names);
    const producer = yield* KafkaProducer;
    for (let start = 0; start < records.length; start += 5_000) yield* producer.send(records.slice(start, start + 5_000));
    return records.length;
  });

const observationsIn = (names: Topics) =>
  Effect.map(Effect.flatMap(KafkaAdmin, (admin) => admin.partitionRanges(names.observations)), (ranges) =>
    ranges.reduce((sum, range) => sum + Number(BigInt(range.end) - BigInt(range.start)), 0),
  );

/** Runs `stage` (a forked fiber) until `done` succeeds; the milliseconds it took. */
const timed = <E, R, R2>(stage: Effect.Effect<void, E, R>, done: Effect.Effect<void, unknown, R2>) =>
  Effect.gen(function* () {
    const start = Date.now();
    const fiber = yield* Effect.fork(stage);
    yield* done;
    const millis = Date.now() - start;
    yield* Fiber.interrupt(fiber);
    return millis;
  });

/** The limit of this stack here: consume the raw backlog and produce every record again, nothing else. */
const passthrough = (names: Topics, count: number) =>
  Effect.gen(function* () {
    const producer = yield* KafkaProducer;
    const copies = `${names.prefix}.passthrough`;
    yield* Effect.flatMap(KafkaAdmin, (admin) => admin.ensureTopics([{ topic: copies, partitions: 6 }]));
    const stage = consumeBatches({ groupId: `${names.prefix}.passthrough`, topics: providerIds.map(names.raw), fromBeginning: true, concurrency: 32 }).pipe(
      Stream.mapEffect(
        (batch) =>
          Effect.zipRight(
            producer.send(batch.records.map((record) => ({ topic: copies, key: record.key, value: record.value, headers: record.headers }))),
            batch.ack,
          ),
        { concurrency: 32, unordered: true },
      ),
      Stream.runDrain,
    );
    const copied = Effect.flatMap(KafkaAdmin, (admin) => admin.partitionRanges(copies)).pipe(
      Effect.flatMap((ranges) => {
        const total = ranges.reduce((sum, range) => sum + Number(range.end), 0);
        return total >= count ? Effect.void : Effect.fail(new Error('not yet'));
      }),
      Effect.retry(Schedule.spaced('100 millis')),
    );
    return yield* timed(stage, copied);
  });

/** p-th percentile of sorted numbers. */
const percentile = (sorted: ReadonlyArray<number>, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Publishes the lines at `rate` raw events/s into the running pipeline; latency from publish to a change record being readable. */
const latency = (names: Topics, rate: number, seconds: number) =>
  Effect.gen(function* () {
    const producer = yield* KafkaProducer;
    const { records } = rawRecordsOfLines(lines, names);
    const count = Math.min(records.length, Math.round(rate * seconds));
    const publishedAt = new Map<string, number>();
    const eventIdsOf = lines.map((line) => {
      const reading = readEnvelope(line, { file: 'bench', line: 1 });
      return reading.ok ? ingest(reading.event).flatMap((outcome) => (outcome.kind === 'observed' ? [outcome.observation.eventId] : [])) : [];
    });
    const publishable = lines.map((line) => readEnvelope(line, { file: 'bench', line: 1 })).map((reading) => reading.ok && providerIds.includes(reading.event.provider));
    const idsOfRecord: string[][] = [];
    eventIdsOf.forEach((ids, index) => publishable[index] && idsOfRecord.push(ids));
    const latencies: number[] = [];
    const observationLatencies: number[] = [];
    // Events published in the first 2 s are not counted: groups settling and caches warming are not the steady state.
    let warmedUp = Number.MAX_SAFE_INTEGER;
    const seenObservations = new Set<string>();
    // Both outputs are watched: the observations tell the ingestor's share of the latency.
    const watcher = yield* Effect.fork(
      tail([names.changes, names.observations]).pipe(
        Stream.runForEach((record) =>
          Effect.sync(() => {
            const { eventId } = JSON.parse(record.value!.toString()) as { eventId: string };
            const at = publishedAt.get(eventId);
            if (at === undefined) return;
            if (at < warmedUp) return;
            if (record.topic === names.changes) latencies.push(Date.now() - at);
            else if (!seenObservations.has(eventId)) {
              seenObservations.add(eventId);
              observationLatencies.push(Date.now() - at);
            }
          }),
        ),
      ),
    );
    yield* Effect.sleep('3 seconds'); // the watcher's group join, so that it reads from the first change on
    const tick = 50;
    const perTick = Math.max(1, Math.round((rate * tick) / 1000));
    const start = Date.now();
    warmedUp = start + 2_000;
    for (let sent = 0; sent < count; sent += perTick) {
      const due = start + (sent / perTick) * tick;
      const wait = due - Date.now();
      if (wait > 0) yield* Effect.sleep(wait);
      const now = Date.now();
      for (let index = sent; index < Math.min(count, sent + perTick); index++) for (const id of idsOfRecord[index]!) if (!publishedAt.has(id)) publishedAt.set(id, now);
      yield* producer.send(records.slice(sent, Math.min(count, sent + perTick)));
    }
    yield* waitUntilIngested(names, 120_000);
    yield* waitUntilProjected(names, 120_000);
    yield* Effect.sleep('1 second');
    yield* Fiber.interrupt(watcher);
    const sorted = [...latencies].sort((a, b) => a - b);
    const observed = [...observationLatencies].sort((a, b) => a - b);
    return {
      count,
      changes: sorted.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      observationsP50: percentile(observed, 50),
      observationsP99: percentile(observed, 99),
    };
  });

/** Heap taken by the projector's state of `messages` messages (forced GC before and after). */
function stateMemory(messages: number) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const names = topicNames('memory');
  const projections = Array.from({ length: 6 }, (_, partition) => new PartitionProjection(names, partition));
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let index = 0; index < messages; index++) {
    const state: MessageState = {
      messageId: `8x8:${index.toString(16).padStart(8, '0')}-1a2b-4c3d-8e9f-00000000`, state: 'delivered', detail: 'delivered_to_operator', attempt: 1, channels: ['SMS'], version: 3,
      changedAt: '2026-01-05T10:00:00.000Z',
    };
    projections[index % 6]!.restore(state);
  }
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  return { megabytes: Math.round(bytes / 1_048_576), size: projections.reduce((sum, projection) => sum + projection.size, 0) };
}

/** Publishes `messages` states to a state topic, then times reading them back into projections. */
const restoreTime = (messages: number) =>
  Effect.gen(function* () {
    const names = freshTopics('restore');
    yield* createTopics(names);
    const producer = yield* KafkaProducer;
    for (let start = 0; start < messages; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, messages - start) }, (_, offset) => {
        const index = start + offset;
        const messageId = `8x8:${index.toString(16).padStart(8, '0')}-1a2b-4c3d-8e9f-00000000`;
        const state: MessageState = { messageId, state: 'read', detail: null, attempt: 1, channels: ['WhatsApp'], version: 4, changedAt: '2026-01-05T10:00:00.000Z' };
        return { topic: names.state, partition: index % 6, key: messageId, value: JSON.stringify(state) };
      });
      yield* producer.send(batch);
    }
    const projections = Array.from({ length: 6 }, (_, partition) => new PartitionProjection(names, partition));
    const start = Date.now();
    // As a takeover without a standby does: the state store follows the partitions from their beginning, then the projections are built from it.
    yield* Effect.scoped(
      Effect.gen(function* () {
        const store = yield* followState(names.state);
        yield* store.catchUp(projections.map((_, partition) => partition));
        for (const [partition, projection] of projections.entries()) for (const state of store.statesOf(partition)) projection.restore(state);
      }),
    );
    const millis = Date.now() - start;
    return { millis, restored: projections.reduce((sum, projection) => sum + projection.size, 0) };
  });

/**
 * `instances` projector processes, started and assigned first, then handed a backlog of
 * observations copied from `source` as fast as it can be produced: observations per second from
 * the first copy to the last commit.
 */
const projectorProcesses = (instances: number, source: Topics, partitions: number) =>
  Effect.gen(function* () {
    const names = freshTopics(`instances${instances}`);
    yield* createTopics(names, partitions);
    const env = { MSGSTATUS_TOPIC_PREFIX: names.prefix, MSGSTATUS_PARTITIONS: String(partitions) };
    const apps = Array.from({ length: instances }, () => new SupervisedApp('projector', env));
    yield* Effect.promise(() => Promise.all(apps.map((app) => app.start())));
    yield* Effect.sleep('3 seconds'); // the last join's rebalance settles
    const observations = yield* readToEnd(source.observations).pipe(Stream.runCollect);
    const producer = yield* KafkaProducer;
    const start = Date.now();
    const records = [...observations].map((record) => ({ topic: names.observations, partition: record.partition, key: record.key, value: record.value }));
    yield* producer.send(records);
    yield* waitUntilProjected(names, 300_000);
    const millis = Date.now() - start;
    yield* Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM'))));
    return perSecond(records.length, millis);
  });

const bench = Effect.gen(function* () {
  yield* Effect.addFinalizer(() => Effect.ignore(Effect.flatMap(KafkaAdmin, (admin) => admin.deleteTopics(created))));
  yield* say(`${events} raw events (${lines.length} lines, ${Math.ceil(events / 10)} messages), 6 partitions, one broker on this machine`);

  yield* Effect.promise(() => preparePeers());
  const passNames = freshTopics('passthrough');
  yield* createTopics(passNames);
  const raw = yield* publishBacklog(passNames);
  const passMillis = yield* passthrough(passNames, raw);
  yield* say(`passthrough: ${perSecond(raw, passMillis)} records/s`);
  // The Java peers on the same raw backlog, each with a group of its own.
  const java = yield* javaPassthrough(passNames, raw);
  created.push(...java.topics);
  yield* say(`Java consumer → producer passthrough: ${perSecond(raw, java.millis)} records/s`);
  const streamsPass = yield* streamsPassthrough(passNames, raw);
  created.push(...streamsPass.topics);
  yield* say(`Kafka Streams exactly_once_v2 passthrough: ${perSecond(raw, streamsPass.millis)} records/s`);

  const stageNames = freshTopics('stages');
  yield* createTopics(stageNames);
  yield* publishBacklog(stageNames);
  const ingestMillis = yield* timed(runIngestor({ names: stageNames, concurrency: 32 }), waitUntilIngested(stageNames, 300_000));
  const observations = yield* observationsIn(stageNames);
  yield* say(`ingestor: ${perSecond(raw, ingestMillis)} raw events/s`);
  const projectMillis = yield* timed(runProjector({ names: stageNames, concurrency: 32 }), waitUntilProjected(stageNames, 300_000));
  yield* say(`projector: ${perSecond(observations, projectMillis)} observations/s`);
  // The Kafka Streams projector on the same observations; both outputs checked against an in-order fold.
  const streams = yield* streamsProjector(stageNames);
  created.push(...streams.topics);
  yield* say(`Kafka Streams projector (exactly_once_v2): ${perSecond(observations, streams.millis)} observations/s`);
  const folded = yield* foldedChanges(stageNames);
  const oursChecked = yield* differencesFrom(folded, stageNames.changes);
  const streamsChecked = yield* differencesFrom(folded, streams.changes);
  yield* say(`checked against an in-order fold: ours ${oursChecked.differing} of ${oursChecked.messages} messages differ, Kafka Streams ${streamsChecked.differing} of ${streamsChecked.messages}`);
  if (oursChecked.differing + streamsChecked.differing > 0) return yield* Effect.die(new Error('a projector disagrees with the in-order fold of its input'));

  const bothNames = freshTopics('both');
  yield* createTopics(bothNames);
  const both = Effect.all([runIngestor({ names: bothNames, concurrency: 32 }), runProjector({ names: bothNames, concurrency: 32 })], { concurrency: 2, discard: true });
  const bothMillis = yield* timed(
    Effect.zipRight(Effect.sleep('0 millis'), both),
    Effect.zipRight(Effect.zipRight(publishBacklog(bothNames), waitUntilIngested(bothNames, 300_000)), waitUntilProjected(bothNames, 300_000)),
  );
  yield* say(`together in one process: ${perSecond(raw, bothMillis)} raw events/s`);

  // As deployed: the ingestor and the projector as processes of their own, ready before the backlog comes.
  const appsNames = freshTopics('apps');
  yield* createTopics(appsNames);
  const pipelineApps = [new SupervisedApp('ingestor', { MSGSTATUS_TOPIC_PREFIX: appsNames.prefix }), new SupervisedApp('projector', { MSGSTATUS_TOPIC_PREFIX: appsNames.prefix })];
  yield* Effect.promise(() => Promise.all(pipelineApps.map((app) => app.start())));
  const appsStart = Date.now();
  yield* publishBacklog(appsNames);
  yield* waitUntilIngested(appsNames, 300_000);
  yield* waitUntilProjected(appsNames, 300_000);
  const appsMillis = Date.now() - appsStart;
  yield* Effect.promise(() => Promise.all(pipelineApps.map((app) => app.stop('SIGTERM'))));
  yield* say(`together as two processes: ${perSecond(raw, appsMillis)} raw events/s`);

  const latencyNames = freshTopics('latency');
  yield* createTopics(latencyNames);
  const rate = values['latency-rate'] === undefined ? Math.round(perSecond(raw, appsMillis) / 2) : Number(values['latency-rate']);
  // The apps as their own processes, as in production: this process only publishes and watches.
  const latencyApps = [new SupervisedApp('ingestor', { MSGSTATUS_TOPIC_PREFIX: latencyNames.prefix }), new SupervisedApp('projector', { MSGSTATUS_TOPIC_PREFIX: latencyNames.prefix })];
  yield* Effect.promise(() => Promise.all(latencyApps.map((app) => app.start())));
  const measured = yield* latency(latencyNames, rate, Number(values['latency-seconds']));
  yield* Effect.promise(() => Promise.all(latencyApps.map((app) => app.stop('SIGTERM'))));
  yield* say(
    `latency at ${rate} raw events/s: p50 ${measured.p50} ms, p99 ${measured.p99} ms over ${measured.changes} changes ` +
      `(to the observation: p50 ${measured.observationsP50} ms, p99 ${measured.observationsP99} ms)`,
  );

  const byPartitions: Array<[number, number]> = [];
  for (const partitions of [1, 2, 4]) {
    const names = freshTopics(`partitions${partitions}`);
    yield* createTopics(names, partitions);
    yield* publishBacklog(names);
    yield* timed(runIngestor({ names, partitions, concurrency: 32 }), waitUntilIngested(names, 300_000));
    const count = yield* observationsIn(names);
    const millis = yield* timed(runProjector({ names, partitions, concurrency: 32 }), waitUntilProjected(names, 300_000));
    byPartitions.push([partitions, perSecond(count, millis)]);
    yield* say(`projector on ${partitions} partition(s): ${perSecond(count, millis)} observations/s`);
  }
  const byInstances: Array<[number, number]> = [];
  const fourPartitions = freshTopics('source4');
  yield* createTopics(fourPartitions, 4);
  yield* publishBacklog(fourPartitions);
  yield* timed(runIngestor({ names: fourPartitions, partitions: 4, concurrency: 32 }), waitUntilIngested(fourPartitions, 300_000));
  for (const instances of [1, 2]) {
    const rateOf = yield* projectorProcesses(instances, fourPartitions, 4);
    byInstances.push([instances, rateOf]);
    yield* say(`${instances} projector process(es), 4 partitions: ${rateOf} observations/s`);
  }

  const memory = stateMemory(Number(values['state-messages']));
  yield* say(`state of ${memory.size} messages: ${memory.megabytes} MB of heap`);
  const restore = yield* restoreTime(restoreMessages);
  yield* say(`restore of ${restore.restored} messages' state: ${(restore.millis / 1000).toFixed(1)} s`);

  return {
    raw,
    observations,
    javaPassthrough: perSecond(raw, java.millis),
    streamsPassthrough: perSecond(raw, streamsPass.millis),
    streamsProjector: perSecond(observations, streams.millis),
    checkedMessages: streamsChecked.messages,
    passthrough: perSecond(raw, passMillis),
    ingestor: perSecond(raw, ingestMillis),
    projector: perSecond(observations, projectMillis),
    together: perSecond(raw, bothMillis),
    togetherApps: perSecond(raw, appsMillis),
    rate,
    latency: measured,
    byPartitions,
    byInstances,
    memory,
    restore,
  };
});

const quiet = Layer.mergeAll(
  Logger.remove(Logger.prettyLoggerDefault),
  Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)),
  Logger.minimumLogLevel(LogLevel.Error),
);
const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(
  Layer.provideMerge(KafkaClient.layer({ brokers: ['127.0.0.1:9092'], clientId: 'msgstatus-bench', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
);

const report = (figures: Effect.Effect.Success<typeof bench>) => {
  const ratio = (value: number) => (value / figures.passthrough).toFixed(2);
  const against = (value: number, peer: number) => (value / peer).toFixed(2);
  const peerRows = [
    ['ingestor / Kafka Streams exactly_once_v2 passthrough', `**${against(figures.ingestor, figures.streamsPassthrough)}×**`, 'target ≥ 1.0×'],
    ['projector / Kafka Streams projector', `**${against(figures.projector, figures.streamsProjector)}×**`, 'target ≥ 2.0×'],
    ['our passthrough (kafkajs) / Java passthrough', `**${against(figures.passthrough, figures.javaPassthrough)}×**`, 'target ≥ 0.6×'],
    ['ingestor + projector together, as two processes / Kafka Streams exactly_once_v2 passthrough', `**${against(figures.togetherApps, figures.streamsPassthrough)}×**`, 'target ≥ 0.75×'],
    ['ingestor + projector together, in one process / Kafka Streams exactly_once_v2 passthrough', `${against(figures.together, figures.streamsPassthrough)}×`, ''],
    ['Kafka Streams projector / its own passthrough', `${against(figures.streamsProjector, figures.streamsPassthrough)}×`, ''],
  ];
  const peerTable = ['| ratio, same run | measured | target |', '|---|---|---|', ...peerRows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const rows = [
    ['plain Java consumer → producer passthrough (kafka-clients 3.9.1; the limit of broker and client here)', `${figures.javaPassthrough} records/s`, ratio(figures.javaPassthrough) + '×'],
    ['Kafka Streams 3.9.1 exactly_once_v2 passthrough', `${figures.streamsPassthrough} records/s`, ratio(figures.streamsPassthrough) + '×'],
    [`Kafka Streams projector (exactly_once_v2), same observations; checked: ${figures.checkedMessages} messages equal the in-order fold`, `${figures.streamsProjector} observations/s`, ratio(figures.streamsProjector) + '×'],
    ['plain consume → produce passthrough, kafkajs (the limit of this stack here)', `${figures.passthrough} records/s`, '1.00×'],
    ['ingestor (exactly-once), raw backlog', `${figures.ingestor} raw events/s`, `**${ratio(figures.ingestor)}×** (target ≥ 0.7×)`],
    ['projector (exactly-once), observation backlog', `${figures.projector} observations/s`, `**${ratio(figures.projector)}×** (target ≥ 0.5×)`],
    ['ingestor + projector together in one process, raw events in to changes out', `${figures.together} raw events/s`, `${ratio(figures.together)}×`],
    ['ingestor + projector together as two processes (as deployed), raw events in to changes out', `${figures.togetherApps} raw events/s`, `${ratio(figures.togetherApps)}×`],
    [`end-to-end latency at ${figures.rate} raw events/s (half the two-process rate above)`, `p50 ${figures.latency.p50} ms, p99 **${figures.latency.p99} ms**`, 'target p99 < 500 ms'],
    ['of which raw publish → observation readable (the ingestor)', `p50 ${figures.latency.observationsP50} ms, p99 ${figures.latency.observationsP99} ms`, ''],
    ...figures.byPartitions.map(([partitions, rate]) => [`projector on ${partitions} partition(s)`, `${rate} observations/s`, `${ratio(rate)}×`]),
    ...figures.byInstances.map(([instances, rate]) => [`${instances} projector process(es), 4 partitions`, `${rate} observations/s`, `${ratio(rate)}×`]),
    [`heap of the projector's state for ${figures.memory.size} messages`, `**${figures.memory.megabytes} MB**`, 'target ≤ 150 MB'],
    [`state restore of ${figures.restore.restored} messages from the state topic`, `**${(figures.restore.millis / 1000).toFixed(1)} s**`, 'target ≤ 30 s'],
  ];
  const table = [peerTable, '', '| figure | measured | ratio to the kafkajs passthrough |', '|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const chart = barChart('Throughput on one 2-core machine (npm run bench:pipeline)', [
    ['Java passthrough', figures.javaPassthrough],
    ['Streams EOS passthr.', figures.streamsPassthrough],
    ['Streams projector', figures.streamsProjector],
    ['passthrough', figures.passthrough],
    ['ingestor', figures.ingestor],
    ['projector', figures.projector],
    ['together, 1 process', figures.together],
    ['together, 2 processes', figures.togetherApps],
    ...figures.byPartitions.map(([partitions, rate]): [string, number] => [`projector, ${partitions} part.`, rate]),
    ...figures.byInstances.map(([instances, rate]): [string, number] => [`${instances} projector proc.`, rate]),
  ]);
  return { table, chart };
};

/** The live state after `--history-days` days of generated traffic, windows on (the defaults) and off, each horizon. */
const liveStates = () =>
  values['history-days']!.split(',').map((days) => {
    const history = { days: Number(days), messagesPerDay: Number(values['history-messages-a-day']) };
    return { ...history, on: liveStateAfterHistory({ ...history, receiptWindows: { off: false, windows: [] } }), off: liveStateAfterHistory({ ...history, receiptWindows: { off: true, windows: [] } }) };
  });

const liveStateLines = (runs: ReturnType<typeof liveStates>): string[] =>
  runs.map(({ days, messagesPerDay, on, off }) => {
    const perDay = (figures: LiveStateFigures) => (figures.live / messagesPerDay).toFixed(1);
    return (
      `live state after ${days} days of ${messagesPerDay.toLocaleString('en')} messages a day (${on.messages.toLocaleString('en')} messages, ${on.observations.toLocaleString('en')} receipts): ` +
      `windows on ${on.live.toLocaleString('en')} messages (${perDay(on)} days of traffic; ${on.open.toLocaleString('en')} open, ${on.closed.toLocaleString('en')} windows closed, ${on.removed.toLocaleString('en')} removed), ` +
      `windows off ${off.live.toLocaleString('en')} (${perDay(off)} days; ${off.open.toLocaleString('en')} never final): ${(off.live / on.live).toFixed(2)}x`
    );
  });

/** `--only state`: the heap of the state of `--state-messages` messages, the restore of `--restore-messages`, and the live state after a long history. */
const stateOnly = Effect.gen(function* () {
  for (const line of liveStateLines(liveStates())) yield* say(line);
  yield* Effect.addFinalizer(() => Effect.ignore(Effect.flatMap(KafkaAdmin, (admin) => admin.deleteTopics(created))));
  const memory = stateMemory(Number(values['state-messages']));
  yield* say(`state of ${memory.size} messages: ${memory.megabytes} MB of heap (${((memory.megabytes * 1_048_576) / memory.size).toFixed(0)} bytes a message)`);
  const restore = yield* restoreTime(restoreMessages);
  yield* say(`restore of ${restore.restored} messages' state: ${(restore.millis / 1000).toFixed(1)} s`);
  return 0;
});

const program = values.only === 'state' ? Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(Effect.scoped(stateOnly), kafka))).pipe(Effect.provide(quiet)) : Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(Effect.scoped(bench), kafka))).pipe(
  Effect.map((figures) => {
    const { table, chart } = report(figures);
    const docs = new URL('../../../docs/', import.meta.url).pathname;
    mkdirSync(docs, { recursive: true });
    writeFileSync(`${docs}pipeline-throughput.svg`, chart);
    writeFileSync(`${docs}benchmarks.pipeline.md`, `${table}\n`);
    process.stdout.write(`${table}\n\nwritten: docs/benchmarks.pipeline.md, docs/pipeline-throughput.svg\n`);
    return 0;
  }),
  Effect.provide(quiet),
);

NodeRuntime.runMain(program, { teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1) });

