import { topicDefinitions, type ReceiptWindowSettings, type Topics, type TopicStorage } from '@msgstatus/canonical';
import { defaultFencing, KafkaAdmin, runExactlyOnce, type Fencing, type KafkaClient, type KafkaError } from '@msgstatus/kafka';
import { providerIds } from '@msgstatus/provider-registry';
import { Tally } from '@msgstatus/status-core';
import * as Effect from 'effect/Effect';
import { ingestRecords } from './ingestRecords.js';
import { stageMetricsOf } from './stageMetrics.js';

export interface StageOptions {
  readonly names: Topics;
  /** Partitions processed at once. */
  readonly concurrency?: number;
  /** Told when the consumer group has handed this instance its partitions (readiness). */
  readonly onAssignment?: () => void;
  /** Partitions of the topics the stage creates when they are missing (default 6). */
  readonly partitions?: number;
  /** How the topics it creates are stored (replication, retention). */
  readonly storage?: TopicStorage;
  /** How long a final message stays in the projector's state after its last change (default 30 days). */
  readonly stateRetentionMs?: number;
  /** The projector's receipt windows over the providers' defaults, or off (`MSGSTATUS_RECEIPT_WINDOWS`). */
  readonly receiptWindows?: ReceiptWindowSettings;
  /** How long a crashed instance's partitions wait before the group gives them to another. */
  readonly sessionTimeoutMs?: number;
  /** How the stage's transactions are fenced (`MSGSTATUS_FENCING`, default `group`). */
  readonly fencing?: Fencing;
  /** How often a `group`-fenced stage commits (`MSGSTATUS_COMMIT_INTERVAL_MS`, default 100). */
  readonly commitIntervalMs?: number;
}

/**
 * The ingestor: every provider's raw topic in, canonical observations (keyed by `messageId`) and
 * dead letters out, exactly once: each batch's outputs commit with its input offsets.
 */
export const runIngestor = (options: StageOptions): Effect.Effect<void, KafkaError, KafkaClient | KafkaAdmin> =>
  Effect.gen(function* () {
    const { names } = options;
    const admin = yield* KafkaAdmin;
    yield* admin.ensureTopics(topicDefinitions(names, providerIds, options.partitions, options.storage));
    const counts = new Tally();
    const metrics = yield* stageMetricsOf('ingestor');
    const groupId = `${names.prefix}.ingestor`;
    yield* Effect.logInfo('ingestor started; joining its group').pipe(
      Effect.annotateLogs({
        group: groupId,
        topics: providerIds.map(names.raw).join(', '),
        concurrency: options.concurrency ?? 'default',
        sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
        fencing: options.fencing ?? defaultFencing,
        commitIntervalMs: options.commitIntervalMs ?? 100,
      }),
    );
    yield* runExactlyOnce({
      groupId,
      topics: providerIds.map(names.raw),
      transactionalIdPrefix: `${names.prefix}.ingestor`,
      concurrency: options.concurrency,
      onAssignment: options.onAssignment,
      sessionTimeoutMs: options.sessionTimeoutMs,
      fencing: options.fencing,
      commitIntervalMs: options.commitIntervalMs,
      onCommitted: metrics.onCommitted,
      onAborted: metrics.onAborted,
      process: (batch) =>
        Effect.sync(() => ingestRecords(batch.records, names, counts, metrics.tally(batch))).pipe(
          Effect.tap(() =>
            Effect.logDebug('raw batch ingested').pipe(
              Effect.annotateLogs({ topic: batch.topic, partition: batch.partition, records: batch.records.length, ...counts.toJSON() }),
            ),
          ),
        ),
    });
  }).pipe(Effect.withLogSpan('ingestor'));
