import { randomUUID } from 'node:crypto';
import * as Duration from 'effect/Duration';
import * as Effect from 'effect/Effect';
import * as Either from 'effect/Either';
import * as Runtime from 'effect/Runtime';
import * as Stream from 'effect/Stream';
import type { Producer } from 'kafkajs';
import type { ConsumedBatch } from './consumeBatches.js';
import { behindCommitted, disconnect, logTakenOver, rejoiningOnKafkaFailure, stageBatches, transactionalProducer, type ExactlyOnceOptions } from './exactlyOnce.js';
import { KafkaAdmin } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import { KafkaError } from './KafkaError.js';
import type { OutgoingRecord } from './records.js';
import { commitTransaction } from './transactions.js';

/** A batch processed and acknowledged to the consumer, its outputs waiting for the next commit. */
interface Processed {
  readonly batch: ConsumedBatch;
  readonly outputs: ReadonlyArray<OutgoingRecord>;
  readonly started: number;
}

/** The answers by which the group coordinator refuses the offsets of a generation that is over. */
const fencedByTheGroup = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID', 'REBALANCE_IN_PROGRESS']);

/**
 * Outputs waiting for a commit: past this many, processing waits for the commit (an instance far
 * behind would otherwise hold a long backlog in memory between two commits).
 */
const maxPendingRecords = 20_000;

/**
 * A crashed instance's open transaction holds back `read_committed` readers of its outputs until
 * the coordinator aborts it: its transactional id dies with it, so no successor fences it. Kafka
 * Streams' exactly_once_v2 waits as long; our transactions last one commit, milliseconds.
 */
const transactionTimeoutMs = 10_000;

/**
 * `group` fencing (KIP-447, brokers 2.5 and later), as Kafka Streams' exactly_once_v2 runs: one
 * transactional producer for the instance, one transaction per commit interval spanning every
 * partition it processed meanwhile, its offsets sent with the group generation and member id that
 * consumed them. Batches are acknowledged once processed, so fetching goes on while they wait for
 * the commit. A member whose generation is over (it was paused or cut off, and its partitions
 * moved) has its offsets refused: its transaction aborts, and none of its writes reach a
 * `read_committed` reader. A new owner reads the group's offsets stable (`require_stable`), so
 * it waits for a commit still in flight rather than start before it.
 *
 * A failed commit throws away every batch not yet committed (`onAborted`, then `prepare` again for
 * their partitions). When the group refused it, the consumer's coming join positions every
 * partition at the committed offsets; any other failure makes the consumer anew, which starts
 * there too.
 */
export const runGroupTransactions = <E, R>(
  options: ExactlyOnceOptions<E, R>,
): Effect.Effect<void, KafkaError | E, R | KafkaClient | KafkaAdmin> =>
  Effect.gen(function* () {
    const { kafka } = yield* KafkaClient;
    const admin = yield* KafkaAdmin;
    const commitInterval = Duration.millis(options.commitIntervalMs ?? 100);
    const failureBackoff = Duration.decode(options.failureBackoff ?? '1 second');
    const transactionalId = `${options.transactionalIdPrefix}.${randomUUID()}`;
    const runtime = yield* Effect.runtime<never>();

    let producer: Producer | undefined;
    const dropProducer = Effect.suspend(() => {
      const dropped = producer;
      producer = undefined;
      return dropped === undefined ? Effect.void : disconnect(dropped);
    });
    yield* Effect.addFinalizer(() => dropProducer);
    const currentProducer = Effect.suspend(() =>
      producer !== undefined ? Effect.succeed(producer) : Effect.tap(transactionalProducer(kafka, transactionalId, transactionTimeoutMs), (made) => (producer = made)),
    );

    /** The assignment (the consumer's join) each partition was taken over under, and the committed offset it started from. */
    const slots = new Map<string, { readonly assignment: number; readonly committed: string | null }>();
    const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;
    let pending: Processed[] = [];
    let pendingRecords = 0;
    /** The latest assignment whose uncommitted work was thrown away: nothing more of it may commit. */
    let abandoned = 0;
    /** The latest assignment a batch came under. */
    let latestAssignment = 0;
    /**
     * A commit that failed for another reason than the group's refusal: the consumer must be made
     * anew, whoever ran the commit. One run at a rebalance cannot fail the stream itself, and
     * without this its consumer went on fetching batches of an abandoned assignment forever.
     */
    let failedCommit: KafkaError | undefined;
    const isAbandoned = (batch: ConsumedBatch) => batch.superseded() || batch.assignment <= abandoned;

    /** Thrown away, uncommitted: the caller's state of their partitions is rebuilt at their next batch. */
    const discard = (discarded: ReadonlyArray<Processed>) =>
      Effect.sync(() => {
        for (const { batch } of discarded) {
          options.onAborted?.(batch);
          const key = keyOf(batch.topic, batch.partition);
          if (slots.get(key)?.assignment === batch.assignment) slots.delete(key);
        }
      });

    const takePending = () => {
      const taken = pending;
      pending = [];
      pendingRecords = 0;
      return taken;
    };

    // Commits and take-overs one at a time: a take-over must see no commit in flight, so that what
    // it is told was committed is what the caller's state holds.
    const exclusive = yield* Effect.makeSemaphore(1);

    /**
     * Commits what is pending in one transaction. Fails only when the consumer must be made anew;
     * a refusal by the group leaves the consumer to its coming join.
     */
    const commitPending = Effect.gen(function* () {
      const taken = takePending();
      const stale = taken.filter(({ batch }) => isAbandoned(batch));
      const current = taken.filter(({ batch }) => !isAbandoned(batch));
      // Fetched before the consumer's latest join: the join positioned their partitions at the committed offsets again.
      if (stale.length > 0) yield* discard(stale);
      if (current.length === 0) return;
      const offsets = new Map<string, { topic: string; partition: number; offset: string }>();
      for (const { batch } of current) offsets.set(keyOf(batch.topic, batch.partition), { topic: batch.topic, partition: batch.partition, offset: batch.nextOffset });
      const outputs = current.flatMap((processed) => processed.outputs);
      const result = yield* Effect.either(
        Effect.flatMap(currentProducer, (transactional) =>
          commitTransaction(() => transactional.transaction(), outputs, { groupId: options.groupId, member: current[0]!.batch.member, offsets: [...offsets.values()] }),
        ),
      );
      if (Either.isRight(result)) {
        const now = performance.now();
        for (const processed of current) options.onCommitted?.(processed.batch, processed.outputs, (now - processed.started) / 1000);
        yield* Effect.logDebug('transaction committed').pipe(
          Effect.annotateLogs({ batches: current.length, outputs: outputs.length, offsets: [...offsets.values()].map(({ topic, partition, offset }) => `${topic}:${partition}@${offset}`).join(',') }),
        );
        return;
      }
      const error = result.left;
      // The assignments of the work that failed, not the latest: a join may have come while the
      // commit was out (one run at a rebalance), and the new assignment's batches are sound.
      abandoned = Math.max(abandoned, ...current.map(({ batch }) => batch.assignment));
      yield* discard(current);
      yield* dropProducer;
      const refused = fencedByTheGroup.has(error.errorType ?? '');
      yield* Effect.logWarning(
        refused ? 'transaction refused by the group (its generation is over); its batches will be processed again after the join' : 'transaction not committed; the consumer joins again',
      ).pipe(Effect.annotateLogs({ batches: current.length, error: error.message }));
      if (!refused) {
        failedCommit = error;
        yield* Effect.sleep(failureBackoff);
        return yield* Effect.fail(error);
      }
    });
    const commit = exclusive.withPermits(1)(Effect.uninterruptible(commitPending));

    /**
     * Takes over the partitions of `topic` this member was assigned and has not taken over under
     * this assignment: the work of earlier assignments thrown away first, their committed offsets
     * read in one request (stable: a commit of the previous owner still in flight is waited for),
     * and `prepare` run once for all of them.
     */
    const takeOver = (topic: string, assignment: number, partitions: ReadonlyArray<number>) =>
      exclusive.withPermits(1)(
        Effect.gen(function* () {
          const stale = partitions.filter((partition) => slots.get(keyOf(topic, partition))?.assignment !== assignment);
          if (stale.length === 0) return;
          const [abandonedWork, kept] = [pending.filter(({ batch }) => isAbandoned(batch)), pending.filter(({ batch }) => !isAbandoned(batch))];
          pending = kept;
          pendingRecords = kept.reduce((sum, { outputs }) => sum + outputs.length, 0);
          yield* discard(abandonedWork);
          const committed = yield* admin.committedOffsets(options.groupId, topic);
          if (options.prepare !== undefined) yield* options.prepare(topic, stale, committed);
          for (const partition of stale) slots.set(keyOf(topic, partition), { assignment, committed: committed.get(partition) ?? null });
          yield* logTakenOver(topic, stale, committed, assignment);
        }),
      );

    const handle = (batch: ConsumedBatch) =>
      Effect.gen(function* () {
        latestAssignment = Math.max(latestAssignment, batch.assignment);
        // Until the consumer's join after a refused commit, its batches are fetched and dropped: not too often.
        if (isAbandoned(batch)) return yield* Effect.zipRight(batch.superseded() ? Effect.void : Effect.sleep('100 millis'), batch.drop);
        const started = performance.now();
        const slot = slots.get(keyOf(batch.topic, batch.partition));
        if (slot === undefined || slot.assignment !== batch.assignment) {
          const partitions = batch.assignedPartitions.includes(batch.partition) ? batch.assignedPartitions : [...batch.assignedPartitions, batch.partition];
          yield* takeOver(batch.topic, batch.assignment, partitions);
        }
        if (isAbandoned(batch)) return yield* batch.drop;
        if (yield* behindCommitted(batch, slots.get(keyOf(batch.topic, batch.partition))?.committed ?? null)) return;
        // Once processing starts, the batch ends pending or told aborted: interrupted in between, the
        // caller's state would hold what never commits (a projection ahead of its committed state).
        const settled = yield* Effect.uninterruptible(
          Effect.gen(function* () {
            const outputs = yield* Effect.tapError(options.process(batch), () => Effect.sync(() => options.onAborted?.(batch)));
            if (isAbandoned(batch)) {
              options.onAborted?.(batch);
              yield* batch.drop;
              return false;
            }
            pending.push({ batch, outputs, started });
            pendingRecords += outputs.length;
            yield* batch.ack;
            return true;
          }),
        );
        if (settled && pendingRecords >= maxPendingRecords) yield* commit;
      }).pipe(
        // Interrupted (shutdown, or the consumer made anew): what is pending is never committed.
        Effect.onInterrupt(() => Effect.suspend(() => (isAbandoned(batch) ? batch.drop : batch.redeliver()))),
      );

    const ticks = Stream.tick(commitInterval).pipe(Stream.as(null));
    // Committed under the generation that ends, if the join lets it: less to process again after it.
    const onRebalancing = () => Runtime.runFork(runtime)(Effect.ignore(commit));
    yield* stageBatches(options, onRebalancing).pipe(
      Stream.merge(ticks, { haltStrategy: 'left' }),
      Stream.mapEffect((item) => (item !== null ? handle(item) : Effect.suspend(() => (failedCommit === undefined ? commit : Effect.fail(failedCommit)))), {
        concurrency: (options.concurrency ?? 1) + 1,
        unordered: true,
      }),
      // Whatever was pending belonged to the consumer that stopped: none of it may commit.
      Stream.onError(() =>
        Effect.suspend(() => {
          abandoned = Math.max(abandoned, latestAssignment);
          failedCommit = undefined;
          return discard(takePending());
        }),
      ),
      rejoiningOnKafkaFailure,
      Stream.runDrain,
    );
  }).pipe(Effect.scoped);
