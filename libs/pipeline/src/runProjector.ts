import { topicDefinitions } from '@msgstatus/canonical';
import { defaultFencing, KafkaAdmin, KafkaError, runExactlyOnce, type KafkaClient } from '@msgstatus/kafka';
import { providerIds } from '@msgstatus/provider-registry';
import { followState, type Holding, type StateStore } from '@msgstatus/state-store';
import { Tally } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import * as Runtime from 'effect/Runtime';
import type { StageOptions } from './runIngestor.js';
import { PartitionProjection } from './PartitionProjection.js';
import { stageMetricsOf } from './stageMetrics.js';

export interface ProjectorOptions extends Omit<StageOptions, 'onAssignment'> {
  /** The state topic, followed for this instance's active and standby partitions (one of its own when absent). */
  readonly store?: StateStore;
  /** Warm copies of each partition's state kept on other instances (`MSGSTATUS_STANDBY_REPLICAS`, default 1). */
  readonly standbyReplicas?: number;
  /** Where this instance answers lookups: other instances forward to it (none when absent). */
  readonly endpoint?: string;
  /** Told after each assignment, and again once the state of its active partitions is caught up (`ready`). */
  readonly onHolding?: (holding: Holding, ready: boolean) => void;
  /** Told when a partition taken over has its projection, with the milliseconds since its assignment (failover benchmarks). */
  readonly onTakenOver?: (partitions: ReadonlyArray<number>, msSinceAssignment: number, messages: number) => void;
}

/**
 * The projector: canonical observations in; change records, the compacted per-message state and
 * anomalies out, exactly once. Its partitions' state comes from the state store, which follows the
 * state topic (exactly what committed with the offsets) for its active partitions and for the
 * standbys the group's assignor gave it: a partition taken over is caught up from where its copy
 * stands, so any number of instances give the output of one, and a standby takes over in the time
 * its copy needs to catch up, not the time of a restore.
 */
export const runProjector = (options: ProjectorOptions): Effect.Effect<void, KafkaError, KafkaClient | KafkaAdmin> =>
  Effect.gen(function* () {
    const { names } = options;
    const admin = yield* KafkaAdmin;
    yield* admin.ensureTopics(topicDefinitions(names, providerIds, options.partitions, options.storage));
    const store = options.store ?? (yield* followState(names.state));
    const standbyReplicas = options.standbyReplicas ?? 1;
    const runtime = yield* Effect.runtime<never>();
    const projections = new Map<number, PartitionProjection>();
    const counts = new Tally();
    const metrics = yield* stageMetricsOf('projector');
    let active: ReadonlyArray<number> = [];
    let assignedAt = performance.now();
    let assignments = 0;

    const retention = { stateRetentionMs: options.stateRetentionMs, receiptWindows: options.receiptWindows };
    /**
     * Warm projections of the held partitions that are not being processed here (standbys, and
     * active ones before their first batch), kept as the state topic changes: each equals the
     * store's copy of its partition, so a takeover only has to catch that up, not rebuild
     * (Kafka Streams' standby tasks, KIP-441).
     */
    const warm = new Map<number, PartitionProjection>();
    const stopWatching = store.watch(({ partition, messageId, state }) => {
      const projection = warm.get(partition);
      if (projection === undefined) return;
      if (state === null) projection.forget(messageId);
      else projection.restore(state);
    });
    yield* Effect.addFinalizer(() => Effect.sync(stopWatching));
    const fromCopy = (partition: number) => {
      const projection = new PartitionProjection(names, partition, retention);
      for (const state of store.statesOf(partition)) projection.restore(state);
      return projection;
    };
    const warmUp = (held: ReadonlyArray<number>) => {
      for (const partition of [...warm.keys()]) if (!held.includes(partition)) warm.delete(partition);
      // Filled from the copy as it stands, then kept by the watcher above: nothing comes in between.
      for (const partition of held) if (!warm.has(partition) && !projections.has(partition)) warm.set(partition, fromCopy(partition));
    };

    /** Holds what this assignment needs, lets go of the rest, and says when the active partitions are caught up. */
    const hold = (holding: Holding, assignment: number) =>
      Effect.gen(function* () {
        const wanted = new Set([...holding.active, ...holding.standby]);
        yield* store.release(store.held().filter((partition) => !wanted.has(partition)));
        yield* store.hold([...wanted]);
        warmUp([...wanted]);
        yield* store.catchUp(holding.active);
        if (assignment === assignments) options.onHolding?.(holding, true);
      }).pipe(
        Effect.catchAll((error) => Effect.logWarning('state store not caught up; it will be at the next assignment').pipe(Effect.annotateLogs({ error: error.message }))),
      );

    /**
     * The offset after the last batch this instance committed, by partition: a projection is
     * exactly the committed state while nothing failed since and no one else committed after it.
     */
    const committedHere = new Map<number, string>();

    /**
     * Makes the projections of `partitions` current: one this instance kept is current when the
     * group's committed offset is still its own last commit (a rebalance that left the partition
     * here); any other is rebuilt from the state store, once it has read what committed to it.
     */
    const takeOver = (partitions: ReadonlyArray<number>, committed: ReadonlyMap<number, string>) =>
      Effect.gen(function* () {
        const current = (partition: number) => projections.has(partition) && committedHere.get(partition) === committed.get(partition);
        const rebuilt = partitions.filter((partition) => !current(partition));
        // The previous owner is fenced: once the copy has read what it committed, a warm projection is
        // current. Its last commit's offsets are stable (read above) before that commit's markers
        // reach the state topic, so the copy waits for them.
        yield* store.settle(rebuilt);
        let messages = 0;
        for (const partition of rebuilt) {
          const projection = warm.get(partition) ?? fromCopy(partition);
          warm.delete(partition);
          projection.restored();
          messages += projection.size;
          projections.set(partition, projection);
          // It is the committed state: current until the next commit.
          const offset = committed.get(partition);
          if (offset === undefined) committedHere.delete(partition);
          else committedHere.set(partition, offset);
        }
        options.onTakenOver?.(rebuilt, performance.now() - assignedAt, messages);
        yield* Effect.logInfo('partition state taken over').pipe(
          Effect.annotateLogs({ partitions: partitions.join(','), rebuilt: rebuilt.join(','), messages }),
        );
      }).pipe(Effect.withLogSpan('take over'));

    const groupId = `${names.prefix}.projector`;
    yield* Effect.logInfo('projector started; joining its group').pipe(
      Effect.annotateLogs({
        group: groupId,
        topic: names.observations,
        standbyReplicas,
        sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
        fencing: options.fencing ?? defaultFencing,
        commitIntervalMs: options.commitIntervalMs ?? 100,
      }),
    );
    yield* runExactlyOnce({
      groupId,
      topics: [names.observations],
      transactionalIdPrefix: `${names.prefix}.projector`,
      concurrency: options.concurrency,
      sessionTimeoutMs: options.sessionTimeoutMs,
      fencing: options.fencing,
      commitIntervalMs: options.commitIntervalMs,
      standby: {
        replicas: standbyReplicas,
        subscription: () => ({ endpoint: options.endpoint ?? '', active: [...active], warm: [...store.held()] }),
      },
      onAssignment: (assignment, placement) => {
        assignedAt = performance.now();
        const assignment_ = ++assignments;
        active = assignment[names.observations] ?? [];
        for (const partition of [...projections.keys()]) if (!active.includes(partition)) projections.delete(partition);
        const holding: Holding = { active, standby: placement?.standby ?? [], placement };
        options.onHolding?.(holding, false);
        Runtime.runFork(runtime)(hold(holding, assignment_));
      },
      prepare: (_topic, partitions, committed) => takeOver(partitions, committed),
      onCommitted: (batch, outputs, seconds) => {
        committedHere.set(batch.partition, batch.nextOffset);
        metrics.onCommitted?.(batch, outputs, seconds);
      },
      // The batch was applied to its projection but did not commit: the projection is ahead of the committed state.
      onAborted: (batch) => {
        projections.delete(batch.partition);
        metrics.onAborted?.(batch);
      },
      process: (batch) =>
        Effect.gen(function* () {
          const projection = projections.get(batch.partition);
          // Revoked since the batch was fetched: its commit would be fenced anyway.
          if (projection === undefined) return yield* new KafkaError({ operation: 'project', cause: new Error(`partition ${batch.partition} is no longer assigned`) });
          const outputs = projection.project(batch.records, counts, metrics.tally(batch));
          yield* Effect.logDebug('observation batch projected').pipe(
            Effect.annotateLogs({ partition: batch.partition, records: batch.records.length, ...counts.toJSON() }),
          );
          return outputs;
        }),
    });
  }).pipe(Effect.scoped, Effect.withLogSpan('projector'));
