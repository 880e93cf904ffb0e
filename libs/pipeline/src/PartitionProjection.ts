import {
  deadLetterOf,
  MessageState,
  Observation,
  schemaProblem,
  unreadableVersion,
  versionHeaders,
  type KafkaRecordLike,
  type RecordToSend,
  type Topics,
} from '@msgstatus/canonical';
import { Projection, type Invalid, type ProjectionOptions, type Tally } from '@msgstatus/status-core';
import type { Decided } from './stageMetrics.js';

function readObservation(record: KafkaRecordLike): { ok: true; observation: Observation } | { ok: false; reason: string } {
  const otherVersion = unreadableVersion(record.headers);
  if (otherVersion !== null) return { ok: false, reason: otherVersion };
  if (record.value === null) return { ok: false, reason: 'no observation (a record without value)' };
  let json: unknown;
  try {
    json = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `observation is not JSON: ${(error as Error).message}` };
  }
  const parsed = Observation.safeParse(json);
  return parsed.success ? { ok: true, observation: parsed.data } : { ok: false, reason: `not an observation: ${schemaProblem(parsed.error)}` };
}

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

  /**
   * Puts back a state record; a tombstone forgets the message. Call `restored` after the last.
   * A record without `changedAt` (written before it existed) ended when it was written.
   */
  restore(record: KafkaRecordLike): boolean {
    if (record.value === null) {
      if (record.key !== null) this.#projection.remove(record.key.toString('utf8'));
      return false;
    }
    let json: unknown;
    try {
      json = JSON.parse(record.value.toString('utf8'));
    } catch {
      return false;
    }
    const parsed = MessageState.safeParse(json);
    if (!parsed.success) return false;
    const { messageId, state, detail, attempt, channels, version, account, changedAt, finalReason, clientRef } = parsed.data;
    const known = {
      state,
      detail,
      attempt,
      channels,
      version,
      ...(finalReason === undefined ? {} : { final: finalReason }),
      ...(account === undefined ? {} : { account }),
      ...(clientRef === undefined ? {} : { clientRef }),
    };
    this.#projection.restore(messageId, known, changedAt === undefined ? Number(record.timestamp) : Date.parse(changedAt));
    return true;
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
      const reading = readObservation(record);
      if (!reading.ok) {
        const invalid: Invalid = { kind: 'invalid', provider: null, messageId: null, reason: reading.reason };
        tally.count(invalid);
        decided(invalid);
        outputs.push(deadLetterOf(record, { stage: 'projector', reason: reading.reason, provider: null, messageId: null }, names.deadLetter));
        continue;
      }
      tally.observations++;
      const outcome = this.#projection.project(reading.observation);
      // Windows the clock passed close first: a closure belongs before anything this observation causes.
      for (const closed of this.#projection.takeClosed()) {
        tally.count(closed);
        decided(closed);
        changed.set(closed.messageId, closed.state);
        outputs.push({ topic: names.changes, partition, key: closed.messageId, value: JSON.stringify(closed.change), headers: versionHeaders });
      }
      tally.count(outcome);
      decided(outcome);
      const key = reading.observation.messageId;
      if (outcome.kind === 'accepted') {
        changed.set(key, outcome.state);
        outputs.push({ topic: names.changes, partition, key, value: JSON.stringify(outcome.change), headers: versionHeaders });
      } else if (outcome.kind === 'conflict') {
        outputs.push({ topic: names.anomalies, partition, key, value: JSON.stringify(outcome.anomaly), headers: versionHeaders });
      }
    }
    // The windows the batch's last receipts passed close now, not at the next minute of receipt time: replay closes them at its end.
    this.#projection.closeDue();
    for (const closed of this.#projection.takeClosed()) {
      tally.count(closed);
      decided(closed);
      changed.set(closed.messageId, closed.state);
      outputs.push({ topic: names.changes, partition, key: closed.messageId, value: JSON.stringify(closed.change), headers: versionHeaders });
    }
    for (const [messageId, state] of changed) {
      if (this.#projection.get(messageId) === undefined) continue; // ended long ago after all: its tombstone follows
      outputs.push({ topic: names.state, partition, key: messageId, value: JSON.stringify(state), headers: versionHeaders });
    }
    // Messages final a retention ago leave the state topic (and, once compacted, the broker).
    for (const messageId of this.#projection.removeEnded()) {
      if (this.#projection.get(messageId) !== undefined) continue; // started again later in the batch
      tally.removed++;
      outputs.push({ topic: names.state, partition, key: messageId, value: null, headers: versionHeaders });
    }
    return outputs;
  }
}
