import { randomUUID } from 'node:crypto';
import { changeRecords, defaultTopicStorage, StatusChangeRecord, topicDefinitions, topicNames, topicStorageVariables, type Topics, type TopicStorage } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer, readToEnd, tail, type ConsumedRecord, type KafkaError } from '@msgstatus/kafka';
import { providerIds } from '@msgstatus/provider-registry';
import { Replay } from '@msgstatus/replay';
import type { ProjectionOptions } from '@msgstatus/status-core';
import * as Chunk from 'effect/Chunk';
import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Stream from 'effect/Stream';

/**
 * Helpers for integration tests against a real broker (`KAFKA_BROKERS`, default the local one that
 * `npm run kafka:start` runs): unique topics per test, bounded waits, and the replay oracle.
 */
export const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

const setting = (name: string) => (process.env[name] === undefined ? {} : { [name]: process.env[name] });

/**
 * How the topics of a test are stored: fitted to the cluster (one copy on the local broker), as
 * the apps fit theirs, unless the environment sets it. The same variables the apps read.
 */
export const localTopicStorage: TopicStorage = {
  ...defaultTopicStorage,
  ...(process.env[topicStorageVariables.replicationFactor] === undefined ? {} : { replicationFactor: Number(process.env[topicStorageVariables.replicationFactor]) }),
  ...(process.env[topicStorageVariables.minInsyncReplicas] === undefined ? {} : { minInsyncReplicas: Number(process.env[topicStorageVariables.minInsyncReplicas]) }),
};

/** What an app started by a test is told about topic storage: what the test's environment sets, if anything. */
export const localStorageEnv: Readonly<Record<string, string>> = {
  ...setting(topicStorageVariables.replicationFactor),
  ...setting(topicStorageVariables.minInsyncReplicas),
};

/** Topic names no other test uses (and so consumer groups and transactional ids too). */
export const uniqueTopics = (label: string): Topics => topicNames(`test.${label}.${randomUUID().slice(0, 8)}`);

export const kafkaTestLayer = (clientId: string, on: ReadonlyArray<string> = brokers) => {
  const client = KafkaClient.layer({ brokers: [...on], clientId, ssl: false, sasl: null, clientLogLevel: 'nothing' });
  // The stages' info logs would drown the test report: warnings and errors only.
  return Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer, Logger.minimumLogLevel(LogLevel.Warning)).pipe(Layer.provideMerge(client));
};

/**
 * The records of `topic` once `done` holds for them, or a failure naming what was seen when
 * `timeoutMs` passes first.
 */
export const collectUntil = (
  topic: string,
  done: (records: ReadonlyArray<ConsumedRecord>) => boolean,
  timeoutMs: number,
): Effect.Effect<ReadonlyArray<ConsumedRecord>, KafkaError | Error, KafkaClient | KafkaAdmin> => {
  const seen: ConsumedRecord[] = [];
  return tail([topic]).pipe(
    Stream.map((record) => {
      seen.push(record);
      return seen;
    }),
    Stream.takeUntil((records) => done(records)),
    Stream.runDrain,
    Effect.as(seen as ReadonlyArray<ConsumedRecord>),
    Effect.timeoutFail({
      duration: timeoutMs,
      onTimeout: () => new Error(`waited ${timeoutMs} ms on ${topic}: ${seen.length} records came, not what the test waits for`),
    }),
  );
};

/** The change records of the changes topic, read as every reader reads them; one it cannot read fails the test with its reason. */
export const changeRecordsOf = (records: ReadonlyArray<ConsumedRecord>): StatusChangeRecord[] =>
  records.map((record) => {
    const reading = changeRecords.read(record);
    if (!reading.ok) throw new Error(`unreadable change record at ${record.topic}/${record.partition}@${record.offset}: ${reading.reason}`);
    return reading.value;
  });

/** Change records grouped by message, each message's in its order: what the pipeline promises. */
export function byMessage(records: ReadonlyArray<StatusChangeRecord>): Record<string, StatusChangeRecord[]> {
  const grouped: Record<string, StatusChangeRecord[]> = {};
  for (const record of records) (grouped[record.messageId] ??= []).push(record);
  return Object.fromEntries(Object.entries(grouped).sort(([a], [b]) => a.localeCompare(b)));
}

/** The oracle: what `msgstatus replay` gives for the same envelope lines. */
export function replayOracle(lines: ReadonlyArray<string>, options: ProjectionOptions & { readonly partitions?: number } = {}): StatusChangeRecord[] {
  const replay = new Replay({ file: 'oracle', ...options });
  const output = lines.map((line, index) => replay.line(line, index + 1)).join('') + replay.end(lines.length);
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => StatusChangeRecord.parse(JSON.parse(line)));
}

/** Every committed record of `topic` now. */
export const readAll = (topic: string) =>
  readToEnd(topic).pipe(Stream.runCollect, Effect.map((records) => Chunk.toReadonlyArray(records)));

/**
 * Waits until `groupId` has committed every record of `topic` (its committed offsets are the
 * partitions' end offsets), checking every 200 ms, failing after `timeoutMs`. A partition can end
 * in offsets no reader is given (an aborted transaction's records, transaction markers), which
 * kafkajs never commits past: when a partition's committed offset has stood still for 2 s, it
 * counts as consumed if no committed record lies at or after it.
 */
export const waitUntilConsumed = (groupId: string, topic: string, timeoutMs: number) => {
  const standing = new Map<number, { readonly offset: string; readonly since: number }>();
  const nothingVisibleFrom = (partition: number, offset: string) =>
    readToEnd(topic, { partitions: [partition], from: new Map([[partition, offset]]) }).pipe(Stream.take(1), Stream.runCount, Effect.map((count) => count === 0));
  return Effect.gen(function* () {
    const admin = yield* KafkaAdmin;
    const ranges = yield* admin.partitionRanges(topic);
    const committed = yield* admin.committedOffsets(groupId, topic);
    const behind: number[] = [];
    for (const range of ranges) {
      const offset = committed.get(range.partition);
      if (range.end === range.start || offset === range.end) continue;
      const previous = standing.get(range.partition);
      if (offset === undefined || previous?.offset !== offset) {
        standing.set(range.partition, { offset: offset ?? '', since: Date.now() });
        behind.push(range.partition);
      } else if (Date.now() - previous.since < 2_000 || !(yield* nothingVisibleFrom(range.partition, offset))) {
        behind.push(range.partition);
      }
    }
    if (behind.length > 0) return yield* Effect.fail(new Error(`${groupId} is behind on ${topic} partitions ${behind.join(', ')}`));
  }).pipe(
    Effect.retry({ schedule: Schedule.spaced('200 millis') }),
    Effect.timeoutFail({ duration: timeoutMs, onTimeout: () => new Error(`${groupId} did not consume all of ${topic} in ${timeoutMs} ms`) }),
  );
};

/**
 * Unique topics for a test, created (the apps would create them too, but publishing may come
 * first), and deleted when the test's scope closes: a broker kept between runs does not fill up.
 */
export const setUpTopics = (label: string, partitions?: number) =>
  Effect.gen(function* () {
    const names = uniqueTopics(label);
    const admin = yield* KafkaAdmin;
    const definitions = topicDefinitions(names, providerIds, partitions, localTopicStorage);
    yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteTopics(definitions.map((definition) => definition.topic))));
    yield* admin.ensureTopics(definitions);
    return names;
  });

/** Waits until the ingestor has committed every raw record of every provider. */
export const waitUntilIngested = (names: Topics, timeoutMs = 90_000) =>
  Effect.forEach(providerIds, (provider) => waitUntilConsumed(`${names.prefix}.ingestor`, names.raw(provider), timeoutMs), { discard: true });

/** Waits until the projector has committed every observation. */
export const waitUntilProjected = (names: Topics, timeoutMs = 90_000) => waitUntilConsumed(`${names.prefix}.projector`, names.observations, timeoutMs);
