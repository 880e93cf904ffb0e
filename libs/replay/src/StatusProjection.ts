import { changeRecordOf, type Observation, type StatusChangeRecord } from '@msgstatus/canonical';
import { decide, type Decision, type MessageStatus } from '@msgstatus/status-machine';

export interface ProjectionStep {
  readonly decision: Decision;
  /** The change record to emit, when the observation was accepted. */
  readonly record: StatusChangeRecord | null;
}

/**
 * The latest status of every message, folded from observations in log order: the one place the
 * replay CLI and the projector decide. State is a cache of the log: the same log gives the same
 * records, whatever was restored first.
 */
export class StatusProjection {
  readonly #statuses = new Map<string, MessageStatus>();

  apply(observation: Observation): ProjectionStep {
    const current = this.#statuses.get(observation.messageId);
    const decision = decide(current, observation);
    if (decision.kind !== 'accepted') return { decision, record: null };
    this.#statuses.set(observation.messageId, decision.status);
    return { decision, record: changeRecordOf(observation, decision.change) };
  }

  get(messageId: string): MessageStatus | undefined {
    return this.#statuses.get(messageId);
  }

  /** Puts back a message's status from a snapshot (the projector's state topic). */
  restore(messageId: string, status: MessageStatus): void {
    this.#statuses.set(messageId, status);
  }

  get size(): number {
    return this.#statuses.size;
  }
}
