import { topicDefinitions } from '@msgstatus/canonical';
import { KafkaAdmin, readToEnd, runExactlyOnce, type KafkaClient, type KafkaError } from '@msgstatus/kafka';
import { providerIds } from '@msgstatus/provider-registry';
import { Tally } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';
import type { StageOptions } from './runIngestor.js';
import { PartitionProjection } from './PartitionProjection.js';
import { stageMetricsOf } from './stageMetrics.js';

/**
 * The projector: canonical observations in; change records, the compacted per-message state and
 * anomalies out, exactly once. A partition's state is restored from the state topic (which holds
 * exactly what committed with the offsets) before its first batch after each assignment, so any
 * number of instances give the output of one.
 */
export const runProjector = (options: StageOptions): Effect.Effect<void, KafkaError, KafkaClient | KafkaAdmin> =>
  Effect.gen(function* () {
    const { names } = options;
    const admin = yield* KafkaAdmin;
    yield* admin.ensureTopics(topicDefinitions(names, providerIds, options.partitions, options.storage));
    const projections = new Map<number, PartitionProjection>();
    const counts = new Tally();
    const metrics = yield* stageMetricsOf('projector');

    /** Rebuilds the projections of `partitions` from the state topic, in one read. */
    const restore = (partitions: ReadonlyArray<number>) =>
      Effect.gen(function* () {
        const retention = { stateRetentionMs: options.stateRetentionMs, receiptWindows: options.receiptWindows };
        const restored = new Map(partitions.map((partition) => [partition, new PartitionProjection(names, partition, retention)]));
        yield* readToEnd(names.state, { partitions }).pipe(Stream.runForEach((record) => Effect.sync(() => restored.get(record.partition)?.restore(record))));
        for (const [partition, projection] of restored) {
          projection.restored();
          projections.set(partition, projection);
        }
        yield* Effect.logInfo('partition state restored').pipe(
          Effect.annotateLogs({ partitions: partitions.join(','), messages: [...restored.values()].reduce((sum, projection) => sum + projection.size, 0) }),
        );
      }).pipe(Effect.withLogSpan('restore'));

    yield* Effect.logInfo('projector started').pipe(Effect.annotateLogs({ topic: names.observations }));
    yield* runExactlyOnce({
      groupId: `${names.prefix}.projector`,
      topics: [names.observations],
      transactionalIdPrefix: `${names.prefix}.projector`,
      concurrency: options.concurrency,
      onAssignment: options.onAssignment,
      sessionTimeoutMs: options.sessionTimeoutMs,
      prepare: (_topic, partitions) => restore(partitions),
      onCommitted: metrics.onCommitted,
      onAborted: metrics.onAborted,
      process: (batch) =>
        Effect.sync(() => projections.get(batch.partition)!.project(batch.records, counts, metrics.tally(batch))).pipe(
          Effect.tap(() =>
            Effect.logDebug('observation batch projected').pipe(
              Effect.annotateLogs({ partition: batch.partition, records: batch.records.length, ...counts.toJSON() }),
            ),
          ),
        ),
    });
  }).pipe(Effect.withLogSpan('projector'));
