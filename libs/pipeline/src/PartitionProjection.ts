import {
  anomalyRecords,
  changeRecords,
  deadLetterOf,
  observationRecords,
  stateRecords,
  type KafkaRecordLike,
  type MessageState,
  type RecordToSend,
  type Topics,
} from '@msgstatus/canonical';
import { Projection, type Invalid, type ProjectionOptions, type Tally } from '@msgstatus/status-core';
import type { Decided } from './stageMetrics.js';

/**
 * The projector's adapter around the core, for one observation partition: observation records in;
 * change records, the new state of each message the batch changed, anomalies and tombstones out,
 * all to the same partition number (the topics are co-partitioned), and dead letters for records
 * that are not observations. Rebuilt from the state topic whenever the partition is (re)assigned.
 */
export class PartitionProjection {
  readonly #projection: Projection;
  readonly #names: Topics;
  readonly #partition: number;

  constructor(names: Topics, partition: number, options: ProjectionOptions = {}) {
    this.#names = names;
    this.#partition = partition;
    this.#projection = new Projection(options);
  }

  /** Puts back a message's state, as a state record (read by `stateRecords`) holds it. Call `restored` after the last. */
  restore(state: MessageState): void {
    const { messageId, state: status, detail, attempt, channels, version, account, changedAt, finalReason, clientRef } = state;
    const known = {
      state: status,
      detail,
      attempt,
      channels,
      version,
      ...(finalReason === undefined || finalReason === null ? {} : { final: finalReason }),
      ...(account === undefined ? {} : { account }),
      ...(clientRef === undefined ? {} : { clientRef }),
    };
    // `changedAt` is always there once read from a record (its timestamp, for states written before it existed).
    this.#projection.restore(messageId, known, Date.parse(changedAt!));
  }

  /** Forgets a message, as a tombstone on the state topic says (a warm standby follows the topic). */
  forget(messageId: string): void {
    this.#projection.remove(messageId);
  }

  /** Once every state record is back. */
  restored(): void {
    this.#projection.restored();
  }

  get size(): number {
    return this.#projection.size;
  }

  project(records: ReadonlyArray<KafkaRecordLike>, tally: Tally, decided: Decided = () => undefined): RecordToSend[] {
    const names = this.#names;
    const partition = this.#partition;
    const outputs: RecordToSend[] = [];
    // The latest state of each message the batch changed: compaction keeps only the latest anyway.
    const changed = new Map<string, MessageState>();
    for (const record of records) {
      const reading = observationRecords.read(record);
      if (!reading.ok) {
        const invalid: Invalid = { kind: 'invalid', provider: null, messageId: null, reason: reading.reason };
        tally.count(invalid);
        decided(invalid);
        outputs.push(deadLetterOf(record, { stage: 'projector', reason: reading.reason, provider: null, messageId: null }, names.deadLetter));
        continue;
      }
      tally.observations++;
      const outcome = this.#projection.project(reading.value);
      // Windows the clock passed close first: a closure belongs before anything this observation causes.
      for (const closed of this.#projection.takeClosed()) {
        tally.count(closed);
        decided(closed);
        changed.set(closed.messageId, closed.state);
        outputs.push(changeRecords.of(names, partition, closed.change));
      }
      tally.count(outcome);
      decided(outcome);
      if (outcome.kind === 'accepted') {
        changed.set(reading.messageId, outcome.state);
        outputs.push(changeRecords.of(names, partition, outcome.change));
      } else if (outcome.kind === 'conflict') {
        outputs.push(anomalyRecords.of(names, partition, outcome.anomaly));
      }
    }
    // The windows the batch's last receipts passed close now, not at the next minute of receipt time: replay closes them at its end.
    this.#projection.closeDue();
    for (const closed of this.#projection.takeClosed()) {
      tally.count(closed);
      decided(closed);
      changed.set(closed.messageId, closed.state);
      outputs.push(changeRecords.of(names, partition, closed.change));
    }
    for (const [messageId, state] of changed) {
      if (this.#projection.get(messageId) === undefined) continue; // ended long ago after all: its tombstone follows
      outputs.push(stateRecords.of(names, partition, state));
    }
    // Messages final a retention ago leave the state topic (and, once compacted, the broker).
    for (const messageId of this.#projection.removeEnded()) {
      if (this.#projection.get(messageId) !== undefined) continue; // started again later in the batch
      tally.removed++;
      outputs.push(stateRecords.removal(names, partition, messageId));
    }
    return outputs;
  }
}
