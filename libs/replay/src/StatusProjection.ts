import { changeRecordOf, type Observation, type StatusChangeRecord } from '@msgstatus/canonical';
import { decide, type Decision, type MessageStatus } from '@msgstatus/status-machine';

export interface ProjectionStep {
  readonly decision: Decision;
  /** The change record to emit, when the observation was accepted. */
  readonly record: StatusChangeRecord | null;
}

type Shape = Omit<MessageStatus, 'version'>;

// A status is kept as one small integer where it can be: the index of its shape (state, detail,
// attempt, channels: a few hundred distinct ones in real traffic, shared by millions of messages)
// times 2^20, plus its version. V8 stores such integers in the map entry itself, so a message costs
// its id and a map entry, about 100 bytes (docs/benchmarks.md). Rare statuses that do not fit
// (a 2,049th shape, a version of a million) are kept as objects.
const versionLimit = 1 << 20;
const shapeLimit = 1 << 11;

/**
 * The latest status of every message, folded from observations in log order: the one place the
 * replay CLI and the projector decide. State is a cache of the log: the same log gives the same
 * records, whatever was restored first.
 */
export class StatusProjection {
  readonly #statuses = new Map<string, number | MessageStatus>();
  readonly #shapes: Shape[] = [];
  readonly #shapeIndex = new Map<string, number>();

  apply(observation: Observation): ProjectionStep {
    const current = this.get(observation.messageId);
    const decision = decide(current, observation);
    if (decision.kind !== 'accepted') return { decision, record: null };
    this.#statuses.set(observation.messageId, this.#pack(decision.status));
    return { decision, record: changeRecordOf(observation, decision.change) };
  }

  get(messageId: string): MessageStatus | undefined {
    const kept = this.#statuses.get(messageId);
    if (typeof kept !== 'number') return kept;
    const shape = this.#shapes[Math.floor(kept / versionLimit)]!;
    return { state: shape.state, detail: shape.detail, attempt: shape.attempt, channels: shape.channels, version: kept % versionLimit };
  }

  /** Puts back a message's status from a snapshot (the projector's state topic). */
  restore(messageId: string, status: MessageStatus): void {
    this.#statuses.set(messageId, this.#pack(status));
  }

  get size(): number {
    return this.#statuses.size;
  }

  #pack(status: MessageStatus): number | MessageStatus {
    if (status.version >= versionLimit) return status;
    const key = `${status.state}|${status.detail}|${status.attempt}|${status.channels.map((channel) => channel ?? '\u0000').join('|')}`;
    let index = this.#shapeIndex.get(key);
    if (index === undefined) {
      if (this.#shapes.length >= shapeLimit) return status;
      index = this.#shapes.length;
      this.#shapes.push(Object.freeze({ state: status.state, detail: status.detail, attempt: status.attempt, channels: Object.freeze([...status.channels]) }));
      this.#shapeIndex.set(key, index);
    }
    return index * versionLimit + status.version;
  }
}
