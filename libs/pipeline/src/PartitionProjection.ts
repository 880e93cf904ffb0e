import {
  Anomaly,
  deadLetterOf,
  MessageState,
  Observation,
  schemaProblem,
  type KafkaRecordLike,
  type RecordToSend,
  type Topics,
  unreadableVersion,
  versionHeaders,
} from '@msgstatus/canonical';
import { StatusProjection, type StatusProjectionOptions } from '@msgstatus/replay';
import type { Decided } from './stageMetrics.js';

export interface ProjectionCounts {
  observations: number;
  accepted: number;
  duplicate: number;
  stale: number;
  conflict: number;
  expired: number;
  /** Ended messages removed from the state (a tombstone each). */
  removed: number;
  deadLetters: number;
}

export const emptyProjectionCounts = (): ProjectionCounts => ({
  observations: 0,
  accepted: 0,
  duplicate: 0,
  stale: 0,
  conflict: 0,
  expired: 0,
  removed: 0,
  deadLetters: 0,
});

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
 * The status of every message of one observation partition, and what folding a batch of it
 * writes: change records, the new state of each message it changed, anomalies, all to the same
 * partition number (the topics are co-partitioned), and dead letters for records that are not
 * observations. Rebuilt from the state topic whenever the partition is (re)assigned.
 */
export class PartitionProjection {
  readonly #projection: StatusProjection;
  readonly #names: Topics;
  readonly #partition: number;
  /** When each message the current batch changed was last changed (its observation's receipt). */
  readonly #lastChange = new Map<string, number>();

  constructor(names: Topics, partition: number, options: StatusProjectionOptions = {}) {
    this.#names = names;
    this.#partition = partition;
    this.#projection = new StatusProjection(options);
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
    const { messageId, state, detail, attempt, channels, version, changedAt } = parsed.data;
    this.#projection.restore(messageId, { state, detail, attempt, channels, version }, changedAt === undefined ? Number(record.timestamp) : Date.parse(changedAt));
    return true;
  }

  /** Once every state record is back. */
  restored(): void {
    this.#projection.restored();
  }

  get size(): number {
    return this.#projection.size;
  }

  project(records: ReadonlyArray<KafkaRecordLike>, counts: ProjectionCounts, decided: Decided = () => undefined): RecordToSend[] {
    const names = this.#names;
    const partition = this.#partition;
    const outputs: RecordToSend[] = [];
    const changed = new Set<string>();
    for (const record of records) {
      const reading = readObservation(record);
      if (!reading.ok) {
        counts.deadLetters++;
        decided('invalid', null);
        outputs.push(deadLetterOf(record, { stage: 'projector', reason: reading.reason, provider: null, messageId: null }, names.deadLetter));
        continue;
      }
      const { observation } = reading;
      counts.observations++;
      const known = this.#projection.get(observation.messageId);
      const step = this.#projection.apply(observation);
      counts[step.decision.kind]++;
      decided(step.decision.kind, observation.provider);
      if (step.record !== null) {
        changed.add(observation.messageId);
        this.#lastChange.set(observation.messageId, Date.parse(observation.observedAt));
        outputs.push({ topic: names.changes, partition, key: observation.messageId, value: JSON.stringify(step.record), headers: versionHeaders });
      } else if (step.decision.kind === 'conflict' && known !== undefined) {
        const anomaly: Anomaly = {
          messageId: observation.messageId,
          rule: step.decision.rule as Anomaly['rule'],
          reason: step.decision.reason,
          known: { messageId: observation.messageId, ...known, channels: [...known.channels] },
          observation,
        };
        outputs.push({ topic: names.anomalies, partition, key: observation.messageId, value: JSON.stringify(anomaly), headers: versionHeaders });
      }
    }
    // One state record per message the batch changed: compaction keeps only the latest anyway.
    for (const messageId of changed) {
      const status = this.#projection.get(messageId);
      if (status === undefined) continue; // ended long ago after all: its tombstone follows
      const changedAt = new Date(this.#lastChange.get(messageId)!).toISOString();
      const state: MessageState = { messageId, ...status, channels: [...status.channels], changedAt };
      outputs.push({ topic: names.state, partition, key: messageId, value: JSON.stringify(state), headers: versionHeaders });
    }
    this.#lastChange.clear();
    // Messages that ended a retention ago leave the state topic (and, once compacted, the broker).
    for (const messageId of this.#projection.removeEnded()) {
      if (this.#projection.get(messageId) !== undefined) continue; // started again later in the batch
      counts.removed++;
      outputs.push({ topic: names.state, partition, key: messageId, value: null, headers: versionHeaders });
    }
    return outputs;
  }
}
