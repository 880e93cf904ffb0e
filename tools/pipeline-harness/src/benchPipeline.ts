import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { MessageState, readEnvelope, topicDefinitions, topicNames, type Topics } from '@msgstatus/canonical';
import { consumeBatches, defaultFencing, fencings, KafkaAdmin, KafkaClient, KafkaProducer, readToEnd, tail, type Fencing } from '@msgstatus/kafka';
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
import { preparePeers, startWarmPeer, type WarmPeer } from './javaPeers.js';
import { liveStateAfterHistory, type LiveStateFigures } from './liveState.js';
import { differencesFrom, foldedChanges, javaPassthrough, streamsPassthrough, streamsProjector, streamsTwoHops } from './peerRuns.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '240000' },
    'restore-messages': { type: 'string', default: '1000000' },
    'latency-seconds': { type: 'string', default: '10' },
    'latency-rate': { type: 'string' },
    // Measured rounds of each Java peer, after a warm-up round in the same JVM (the cold figure).
    'peer-rounds': { type: 'string', default: '3' },
    // How our stages fence zombies (`MSGSTATUS_FENCING`): the default, or `group` (one transaction per commit interval).
    fencing: { type: 'string', default: defaultFencing },
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
const peerRounds = Number(values['peer-rounds']);
const fencing = values.fencing as Fencing;
if (!(fencings as ReadonlyArray<string>).includes(fencing)) throw new Error(`--fencing must be one of ${fencings.join(', ')}, not ${values.fencing}`);
if (!Number.isSafeInteger(peerRounds) || peerRounds < 1) throw new Error(`--peer-rounds must be a whole number of at least 1, not ${values['peer-rounds']}`);
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

/** Latencies in milliseconds: their median and 99th percentile. */
const latencyFigures = (latencies: ReadonlyArray<number>) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
};

/**
 * Publishes the first `rate × seconds` raw records at `rate` a second, in ticks of 50 ms; `sent`
 * learns each tick's first index, count and time. Records published in the first 2 s are marked
 * (`warmedUp`) so that groups settling and caches warming, not the steady state, are left out.
 */
const publishPaced = (records: ReadonlyArray<RawRecord>, rate: number, seconds: number, sent: (first: number, count: number, at: number) => void) =>
  Effect.gen(function* () {
    const producer = yield* KafkaProducer;
    const count = Math.min(records.length, Math.round(rate * seconds));
    const tick = 50;
    const perTick = Math.max(1, Math.round((rate * tick) / 1000));
    const start = Date.now();
    for (let first = 0; first < count; first += perTick) {
      const wait = start + (first / perTick) * tick - Date.now();
      if (wait > 0) yield* Effect.sleep(wait);
      const last = Math.min(count, first + perTick);
      sent(first, last - first, Date.now());
      yield* producer.send(records.slice(first, last));
    }
    return { count, warmedUp: start + 2_000 };
  });

type RawRecord = ReturnType<typeof rawRecordsOfLines>['records'][number];

/** Publishes the lines at `rate` raw events/s into the running pipeline; latency from publish to a change record being readable. */
const latency = (names: Topics, rate: number, seconds: number) =>
  Effect.gen(function* () {
    const { records } = rawRecordsOfLines(lines, names);
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
    const published = yield* publishPaced(records, rate, seconds, (first, count, at) => {
      if (first === 0) warmedUp = at + 2_000;
      for (let index = first; index < first + count; index++) for (const id of idsOfRecord[index]!) if (!publishedAt.has(id)) publishedAt.set(id, at);
    });
    yield* waitUntilIngested(names, 120_000);
    yield* waitUntilProjected(names, 120_000);
    yield* Effect.sleep('1 second');
    yield* Fiber.interrupt(watcher);
    const changes = latencyFigures(latencies);
    const observations = latencyFigures(observationLatencies);
    return { count: published.count, changes: changes.count, p50: changes.p50, p99: changes.p99, observationsP50: observations.p50, observationsP99: observations.p99 };
  });

/** The header that numbers the records published to the Kafka Streams two-hop peer: its copies keep headers. */
const sequenceHeader = 'msgstatus-bench-sequence';

/** The same pacing into Kafka Streams' two exactly-once hops (`streams-two-hops`): latency from publish to the copy's copy being readable. */
const peerLatency = (names: Topics, rate: number, seconds: number, peer: WarmPeer, round: number) =>
  Effect.gen(function* () {
    const records = rawRecordsOfLines(lines, names).records.map((record, index) => ({ ...record, headers: { ...record.headers, [sequenceHeader]: String(index) } }));
    const hops = yield* streamsTwoHops(names, { peer, round });
    const publishedAt: number[] = [];
    let warmedUp = Number.MAX_SAFE_INTEGER;
    const latencies: number[] = [];
    let copies = 0;
    const watcher = yield* Effect.fork(
      tail([hops.output]).pipe(
        Stream.runForEach((record) =>
          Effect.sync(() => {
            copies++;
            const at = publishedAt[Number(record.headers[sequenceHeader]?.toString())];
            if (at !== undefined && at >= warmedUp) latencies.push(Date.now() - at);
          }),
        ),
      ),
    );
    // The watcher's join and the peer's: its group is assigned before the first record comes.
    yield* Effect.sleep('5 seconds');
    const published = yield* publishPaced(records, rate, seconds, (first, count, at) => {
      if (first === 0) warmedUp = at + 2_000;
      for (let index = first; index < first + count; index++) publishedAt[index] = at;
    });
    yield* Effect.sleep('1 second').pipe(Effect.repeat({ until: () => copies >= published.count }), Effect.timeout('120 seconds'));
    yield* Fiber.interrupt(watcher);
    yield* Effect.promise(() => hops.run.stop());
    if (latencies.length === 0) return yield* Effect.die(new Error(`the Kafka Streams two hops copied ${copies} of ${published.count} records, none after the warm-up`));
    return { ...latencyFigures(latencies), topics: hops.topics };
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
    const env = { MSGSTATUS_TOPIC_PREFIX: names.prefix, MSGSTATUS_PARTITIONS: String(partitions), MSGSTATUS_FENCING: fencing };
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

/** The median of some figures, with the least and the most of them. */
const spread = (figures: ReadonlyArray<number>) => {
  const sorted = [...figures].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
};

/**
 * A Java peer in a JVM of its own: a warm-up round, in the fresh JVM (the cold figure, class
 * loading and JIT included), then `--peer-rounds` measured rounds in the same JVM (the warm figure:
 * their median and spread), as a long-running Java service would run.
 */
const warmPeerRates = (label: string, measure: (peer: WarmPeer, round: number) => Effect.Effect<number, unknown, KafkaAdmin | KafkaClient | KafkaProducer>) =>
  Effect.acquireUseRelease(
    Effect.promise(() => startWarmPeer()),
    (peer) =>
      Effect.gen(function* () {
        const rates: number[] = [];
        for (let round = 0; round <= peerRounds; round++) {
          const rate = yield* measure(peer, round);
          rates.push(rate);
          yield* say(`${label}, ${round === 0 ? 'warm-up round (cold JVM)' : `round ${round}`}: ${rate}/s`);
        }
        const [cold, ...warm] = rates;
        return { cold: cold!, ...spread(warm) };
      }),
    (peer) => Effect.promise(() => peer.close()),
  );

const bench = Effect.gen(function* () {
  yield* Effect.addFinalizer(() => Effect.ignore(Effect.flatMap(KafkaAdmin, (admin) => admin.deleteTopics(created))));
  yield* say(`${events} raw events (${lines.length} lines, ${Math.ceil(events / 10)} messages), 6 partitions, one broker on this machine`);

  yield* Effect.promise(() => preparePeers());
  const passNames = freshTopics('passthrough');
  yield* createTopics(passNames);
  const raw = yield* publishBacklog(passNames);
  const passMillis = yield* passthrough(passNames, raw);
  yield* say(`passthrough: ${perSecond(raw, passMillis)} records/s`);
  // The Java peers on the same raw backlog, each run with a group of its own.
  const java = yield* warmPeerRates('Java consumer → producer passthrough', (peer, round) =>
    Effect.map(javaPassthrough(passNames, raw, { peer, round }), (run) => {
      created.push(...run.topics);
      return perSecond(raw, run.millis);
    }),
  );
  yield* say(`Java consumer → producer passthrough: ${java.median} records/s warm (${java.min}–${java.max}), ${java.cold} cold`);
  const streamsPass = yield* warmPeerRates('Kafka Streams exactly_once_v2 passthrough', (peer, round) =>
    Effect.map(streamsPassthrough(passNames, raw, { peer, round }), (run) => {
      created.push(...run.topics);
      return perSecond(raw, run.millis);
    }),
  );
  yield* say(`Kafka Streams exactly_once_v2 passthrough: ${streamsPass.median} records/s warm (${streamsPass.min}–${streamsPass.max}), ${streamsPass.cold} cold`);

  const stageNames = freshTopics('stages');
  yield* createTopics(stageNames);
  yield* publishBacklog(stageNames);
  const ingestMillis = yield* timed(runIngestor({ names: stageNames, concurrency: 32, fencing }), waitUntilIngested(stageNames, 300_000));
  const observations = yield* observationsIn(stageNames);
  yield* say(`ingestor: ${perSecond(raw, ingestMillis)} raw events/s`);
  const projectMillis = yield* timed(runProjector({ names: stageNames, concurrency: 32, fencing }), waitUntilProjected(stageNames, 300_000));
  yield* say(`projector: ${perSecond(observations, projectMillis)} observations/s`);
  // The Kafka Streams projector on the same observations; ours and its last round checked against an in-order fold.
  let lastStreamsChanges = '';
  const streams = yield* warmPeerRates('Kafka Streams projector (exactly_once_v2)', (peer, round) =>
    Effect.map(streamsProjector(stageNames, { peer, round }), (run) => {
      created.push(...run.topics);
      lastStreamsChanges = run.changes;
      return perSecond(observations, run.millis);
    }),
  );
  yield* say(`Kafka Streams projector (exactly_once_v2): ${streams.median} observations/s warm (${streams.min}–${streams.max}), ${streams.cold} cold`);
  const folded = yield* foldedChanges(stageNames);
  const oursChecked = yield* differencesFrom(folded, stageNames.changes);
  const streamsChecked = yield* differencesFrom(folded, lastStreamsChanges);
  yield* say(`checked against an in-order fold: ours ${oursChecked.differing} of ${oursChecked.messages} messages differ, Kafka Streams (its last round) ${streamsChecked.differing} of ${streamsChecked.messages}`);
  if (oursChecked.differing + streamsChecked.differing > 0) return yield* Effect.die(new Error('a projector disagrees with the in-order fold of its input'));

  const bothNames = freshTopics('both');
  yield* createTopics(bothNames);
  const both = Effect.all([runIngestor({ names: bothNames, concurrency: 32, fencing }), runProjector({ names: bothNames, concurrency: 32, fencing })], { concurrency: 2, discard: true });
  const bothMillis = yield* timed(
    Effect.zipRight(Effect.sleep('0 millis'), both),
    Effect.zipRight(Effect.zipRight(publishBacklog(bothNames), waitUntilIngested(bothNames, 300_000)), waitUntilProjected(bothNames, 300_000)),
  );
  yield* say(`together in one process: ${perSecond(raw, bothMillis)} raw events/s`);

  // As deployed: the ingestor and the projector as processes of their own, ready before the backlog comes.
  const appsNames = freshTopics('apps');
  yield* createTopics(appsNames);
  const pipelineApps = [new SupervisedApp('ingestor', { MSGSTATUS_TOPIC_PREFIX: appsNames.prefix, MSGSTATUS_FENCING: fencing }), new SupervisedApp('projector', { MSGSTATUS_TOPIC_PREFIX: appsNames.prefix, MSGSTATUS_FENCING: fencing })];
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
  const latencyApps = [new SupervisedApp('ingestor', { MSGSTATUS_TOPIC_PREFIX: latencyNames.prefix, MSGSTATUS_FENCING: fencing }), new SupervisedApp('projector', { MSGSTATUS_TOPIC_PREFIX: latencyNames.prefix, MSGSTATUS_FENCING: fencing })];
  yield* Effect.promise(() => Promise.all(latencyApps.map((app) => app.start())));
  const measured = yield* latency(latencyNames, rate, Number(values['latency-seconds']));
  yield* Effect.promise(() => Promise.all(latencyApps.map((app) => app.stop('SIGTERM'))));
  yield* say(
    `latency at ${rate} raw events/s: p50 ${measured.p50} ms, p99 ${measured.p99} ms over ${measured.changes} changes ` +
      `(to the observation: p50 ${measured.observationsP50} ms, p99 ${measured.observationsP99} ms)`,
  );
  // The peer at the same rate: a first run warms its JVM, the second is measured.
  const peerLatencyNames = freshTopics('peer-latency');
  yield* createTopics(peerLatencyNames);
  const peerMeasured = yield* Effect.acquireUseRelease(
    Effect.promise(() => startWarmPeer()),
    (peer) =>
      Effect.gen(function* () {
        const warmUp = yield* peerLatency(peerLatencyNames, rate, Number(values['latency-seconds']), peer, 0);
        created.push(...warmUp.topics);
        yield* say(`Kafka Streams two hops, warm-up run at ${rate} raw events/s: p50 ${warmUp.p50} ms, p99 ${warmUp.p99} ms`);
        const measuredRun = yield* peerLatency(peerLatencyNames, rate, Number(values['latency-seconds']), peer, 1);
        created.push(...measuredRun.topics);
        return measuredRun;
      }),
    (peer) => Effect.promise(() => peer.close()),
  );
  yield* say(`Kafka Streams two exactly-once hops at ${rate} raw events/s: p50 ${peerMeasured.p50} ms, p99 ${peerMeasured.p99} ms over ${peerMeasured.count} copies`);

  const byPartitions: Array<[number, number]> = [];
  for (const partitions of [1, 2, 4]) {
    const names = freshTopics(`partitions${partitions}`);
    yield* createTopics(names, partitions);
    yield* publishBacklog(names);
    yield* timed(runIngestor({ names, partitions, concurrency: 32, fencing }), waitUntilIngested(names, 300_000));
    const count = yield* observationsIn(names);
    const millis = yield* timed(runProjector({ names, partitions, concurrency: 32, fencing }), waitUntilProjected(names, 300_000));
    byPartitions.push([partitions, perSecond(count, millis)]);
    yield* say(`projector on ${partitions} partition(s): ${perSecond(count, millis)} observations/s`);
  }
  const byInstances: Array<[number, number]> = [];
  const fourPartitions = freshTopics('source4');
  yield* createTopics(fourPartitions, 4);
  yield* publishBacklog(fourPartitions);
  yield* timed(runIngestor({ names: fourPartitions, partitions: 4, concurrency: 32, fencing }), waitUntilIngested(fourPartitions, 300_000));
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
    java,
    streamsPass,
    streams,
    checkedMessages: streamsChecked.messages,
    passthrough: perSecond(raw, passMillis),
    ingestor: perSecond(raw, ingestMillis),
    projector: perSecond(observations, projectMillis),
    together: perSecond(raw, bothMillis),
    togetherApps: perSecond(raw, appsMillis),
    rate,
    latency: measured,
    peerLatency: peerMeasured,
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
  const { java, streamsPass, streams } = figures;
  const peerFigure = (peer: { median: number; min: number; max: number; cold: number }, unit: string) =>
    `${peer.median} ${unit} warm, median of ${peerRounds} (${peer.min}–${peer.max}); cold ${peer.cold}`;
  const latencyRatio = `${against(figures.latency.p99, figures.peerLatency.p99)}×`;
  // Every ratio is against the warm peer's median; the cold one (a fresh JVM) is beside it.
  const peerRows = [
    ['projector / Kafka Streams projector', `**${against(figures.projector, streams.median)}×** (cold ${against(figures.projector, streams.cold)}×)`, 'target ≥ 1.0×'],
    ['ingestor / Kafka Streams exactly_once_v2 passthrough', `**${against(figures.ingestor, streamsPass.median)}×** (cold ${against(figures.ingestor, streamsPass.cold)}×)`, 'target ≥ 0.5×'],
    [
      'ingestor + projector together, as two processes / Kafka Streams exactly_once_v2 passthrough',
      `**${against(figures.togetherApps, streamsPass.median)}×** (cold ${against(figures.togetherApps, streamsPass.cold)}×)`,
      'target ≥ 0.25×',
    ],
    [
      `end-to-end p99 at ${figures.rate} raw events/s / Kafka Streams' two exactly-once hops' p99 at the same rate`,
      `**${latencyRatio}** (${figures.latency.p99} ms against ${figures.peerLatency.p99} ms)`,
      'target p99 < 250 ms and ≤ 1.0×',
    ],
    ['our passthrough (kafkajs) / Java passthrough', `${against(figures.passthrough, java.median)}× (cold ${against(figures.passthrough, java.cold)}×)`, ''],
    ['ingestor + projector together, in one process / Kafka Streams exactly_once_v2 passthrough', `${against(figures.together, streamsPass.median)}×`, ''],
    ['Kafka Streams projector / its own passthrough (both warm)', `${against(streams.median, streamsPass.median)}×`, ''],
  ];
  const peerTable = ['| ratio, same run, against the warm peer | measured | target |', '|---|---|---|', ...peerRows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const rows = [
    ['plain Java consumer → producer passthrough (kafka-clients 3.9.1; the limit of broker and client here)', peerFigure(java, 'records/s'), ratio(java.median) + '×'],
    ['Kafka Streams 3.9.1 exactly_once_v2 passthrough', peerFigure(streamsPass, 'records/s'), ratio(streamsPass.median) + '×'],
    [
      `Kafka Streams projector (exactly_once_v2), same observations; checked: ${figures.checkedMessages} messages of its last round equal the in-order fold`,
      peerFigure(streams, 'observations/s'),
      ratio(streams.median) + '×',
    ],
    ['plain consume → produce passthrough, kafkajs (the limit of this stack here)', `${figures.passthrough} records/s`, '1.00×'],
    ['ingestor (exactly-once), raw backlog', `${figures.ingestor} raw events/s`, `${ratio(figures.ingestor)}×`],
    ['projector (exactly-once), observation backlog', `${figures.projector} observations/s`, `${ratio(figures.projector)}×`],
    ['ingestor + projector together in one process, raw events in to changes out', `${figures.together} raw events/s`, `${ratio(figures.together)}×`],
    ['ingestor + projector together as two processes (as deployed), raw events in to changes out', `${figures.togetherApps} raw events/s`, `${ratio(figures.togetherApps)}×`],
    [`end-to-end latency at ${figures.rate} raw events/s (half the two-process rate above)`, `p50 ${figures.latency.p50} ms, p99 **${figures.latency.p99} ms**`, 'target p99 < 250 ms'],
    ['of which raw publish → observation readable (the ingestor)', `p50 ${figures.latency.observationsP50} ms, p99 ${figures.latency.observationsP99} ms`, ''],
    [`Kafka Streams, two exactly-once hops (raw → middle → output), same rate, after a warm-up run`, `p50 ${figures.peerLatency.p50} ms, p99 ${figures.peerLatency.p99} ms`, ''],
    ...figures.byPartitions.map(([partitions, rate]) => [`projector on ${partitions} partition(s)`, `${rate} observations/s`, `${ratio(rate)}×`]),
    ...figures.byInstances.map(([instances, rate]) => [`${instances} projector process(es), 4 partitions`, `${rate} observations/s`, `${ratio(rate)}×`]),
    [`heap of the projector's state for ${figures.memory.size} messages`, `**${figures.memory.megabytes} MB**`, 'target ≤ 150 MB'],
    [`state restore of ${figures.restore.restored} messages from the state topic`, `**${(figures.restore.millis / 1000).toFixed(1)} s**`, 'target ≤ 30 s'],
  ];
  const table = [`Our stages fence with \`MSGSTATUS_FENCING=${fencing}\` (\`--fencing\`).`, '', peerTable, '', '| figure | measured | ratio to the kafkajs passthrough |', '|---|---|---|', ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const chart = barChart('Throughput on one 2-core machine (npm run bench:pipeline)', [
    ['Java passthrough (warm)', java.median],
    ['Streams EOS passthr. (warm)', streamsPass.median],
    ['Streams projector (warm)', streams.median],
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

