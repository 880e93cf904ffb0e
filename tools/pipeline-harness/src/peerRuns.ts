import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStateRetentionMs, observationRecords, type Topics } from '@msgstatus/canonical';
import { KafkaAdmin } from '@msgstatus/kafka';
import { readAll, waitUntilConsumed } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import { Projection } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import { decisionTable } from './decisionTable.js';
import type { WarmPeer } from './javaPeers.js';

const bootstrap = '127.0.0.1:9092';

/** Waits until the topics hold `count` records between them (non-transactional output: end offsets count records). */
const holds = (topic: string, count: number) =>
  Effect.flatMap(KafkaAdmin, (admin) => admin.partitionRanges(topic)).pipe(
    Effect.flatMap((ranges) => (ranges.reduce((sum, range) => sum + Number(range.end), 0) >= count ? Effect.void : Effect.fail(new Error('not yet')))),
    Effect.retry(Schedule.spaced('100 millis')),
  );

/** Which peer JVM runs a peer, and which of its runs this is (a suffix of its topics and groups, so that no run reads another's). */
export interface PeerRound {
  readonly peer: WarmPeer;
  readonly round: number;
}

/** The plain Java consumer → producer passthrough of the raw topics: records/s from its start to the last copy. */
export const javaPassthrough = (names: Topics, count: number, { peer, round }: PeerRound) =>
  Effect.gen(function* () {
    const copies = `${names.prefix}.java-copies.${round}`;
    yield* Effect.flatMap(KafkaAdmin, (admin) => admin.ensureTopics([{ topic: copies, partitions: 6 }]));
    const run = yield* Effect.promise(() => peer.run('plain-passthrough', [bootstrap, `${names.prefix}.java-passthrough.${round}`, providerIds.map(names.raw).join(','), copies, String(count)]));
    yield* holds(copies, count);
    const millis = Date.now() - run.startedAt;
    yield* Effect.promise(() => run.finished);
    return { millis, topics: [copies] };
  });

/** Kafka Streams exactly_once_v2 copying the raw topics: until its group has committed every raw record. */
export const streamsPassthrough = (names: Topics, count: number, { peer, round }: PeerRound) =>
  Effect.gen(function* () {
    const copies = `${names.prefix}.streams-copies.${round}`;
    const application = `${names.prefix}.streams-passthrough.${round}`;
    yield* Effect.flatMap(KafkaAdmin, (admin) => admin.ensureTopics([{ topic: copies, partitions: 6 }]));
    const run = yield* Effect.promise(() => peer.run('streams-passthrough', [bootstrap, application, providerIds.map(names.raw).join(','), copies]));
    yield* Effect.forEach(providerIds, (provider) => waitUntilConsumed(application, names.raw(provider), 300_000), { discard: true });
    const millis = Date.now() - run.startedAt;
    yield* Effect.promise(() => run.stop());
    const copied = (yield* readAll(copies)).length;
    if (copied !== count) return yield* Effect.die(new Error(`the Kafka Streams passthrough copied ${copied} of ${count} records`));
    return { millis, topics: [copies] };
  });

/**
 * The change records an in-order fold of the observations topic gives, per message: partition by
 * partition, offset by offset, through msgstatus's Projection. What every projector must write.
 */
export const foldedChanges = (names: Topics) =>
  Effect.map(readAll(names.observations), (records) => {
    const projections = new Map<number, Projection>();
    const changes = new Map<string, string[]>();
    for (const record of records) {
      let projection = projections.get(record.partition);
      if (projection === undefined) projections.set(record.partition, (projection = new Projection({ stateRetentionMs: defaultStateRetentionMs })));
      const reading = observationRecords.read(record);
      if (!reading.ok) throw new Error(`an observation the bench wrote is unreadable: ${reading.reason}`);
      const outcome = projection.project(reading.value);
      // The backlog is shorter than any window, so none closes; taken all the same, so none piles up.
      for (const closed of projection.takeClosed()) {
        const list = changes.get(closed.messageId) ?? [];
        list.push(JSON.stringify(closed.change));
        changes.set(closed.messageId, list);
      }
      if (outcome.kind === 'accepted') {
        const list = changes.get(outcome.change.messageId) ?? [];
        list.push(JSON.stringify(outcome.change));
        changes.set(outcome.change.messageId, list);
      }
    }
    return changes;
  });

/** How many messages' change records differ from the fold's (order per message, content, count). */
export const differencesFrom = (expected: Map<string, string[]>, topic: string) =>
  Effect.map(readAll(topic), (records) => {
    const actual = new Map<string, string[]>();
    for (const record of records) {
      const change = JSON.parse(record.value!.toString('utf8')) as { messageId: string };
      const list = actual.get(change.messageId) ?? [];
      list.push(JSON.stringify(change));
      actual.set(change.messageId, list);
    }
    const ids = new Set([...expected.keys(), ...actual.keys()]);
    let differing = 0;
    for (const id of ids) if (JSON.stringify(expected.get(id) ?? []) !== JSON.stringify(actual.get(id) ?? [])) differing++;
    return { messages: ids.size, differing };
  });

/** The Kafka Streams projector (exactly_once_v2) on msgstatus's observations: until its group has committed them all. */
export const streamsProjector = (names: Topics, { peer, round }: PeerRound) =>
  Effect.gen(function* () {
    const changes = `${names.prefix}.streams.changes.${round}`;
    const anomalies = `${names.prefix}.streams.anomalies.${round}`;
    const application = `${names.prefix}.streams-projector.${round}`;
    yield* Effect.flatMap(KafkaAdmin, (admin) => admin.ensureTopics([changes, anomalies].map((topic) => ({ topic, partitions: 6 }))));
    const table = join(mkdtempSync(join(tmpdir(), 'msgstatus-peer-')), 'decision-table.json');
    writeFileSync(table, JSON.stringify(decisionTable()));
    const run = yield* Effect.promise(() => peer.run('projector', [bootstrap, application, names.observations, changes, anomalies, table, String(defaultStateRetentionMs)]));
    yield* waitUntilConsumed(application, names.observations, 300_000);
    const millis = Date.now() - run.startedAt;
    yield* Effect.promise(() => run.stop());
    return { millis, changes, anomalies, topics: [changes, anomalies, `${application}-message-state-changelog`] };
  });

/**
 * Kafka Streams copying the raw topics twice, through a middle topic (two exactly-once hops, as
 * the ingestor and the projector are), running until `stop`: the peer of the end-to-end latency.
 */
export const streamsTwoHops = (names: Topics, { peer, round }: PeerRound) =>
  Effect.gen(function* () {
    const middle = `${names.prefix}.streams-middle.${round}`;
    const output = `${names.prefix}.streams-output.${round}`;
    const application = `${names.prefix}.streams-two-hops.${round}`;
    yield* Effect.flatMap(KafkaAdmin, (admin) => admin.ensureTopics([middle, output].map((topic) => ({ topic, partitions: 6 }))));
    const run = yield* Effect.promise(() => peer.run('streams-two-hops', [bootstrap, application, providerIds.map(names.raw).join(','), middle, output]));
    return { run, output, topics: [middle, output] };
  });
