import { explain, type DecisionRule } from './decisionRules.js';
import type { MessageStatus, StatusChange, StatusObservation } from './StatusObservation.js';

/** An observation that moved the message: its new memory and the change record to emit. */
export interface Accepted {
  readonly kind: 'accepted';
  readonly rule: DecisionRule;
  readonly status: MessageStatus;
  readonly change: StatusChange;
}

/** An observation that changed nothing, and why: normal traffic, never an exception. */
export interface Ignored {
  readonly kind: 'duplicate' | 'stale' | 'conflict';
  readonly rule: DecisionRule;
  /** A sentence naming the rule and both facts, for audits and anomaly records. */
  readonly reason: string;
}

export type Decision = Accepted | Ignored;

type Fact = Pick<MessageStatus, 'state' | 'detail' | 'attempt'>;

/**
 * An Ignored decision whose reason is written only when read: most provider traffic is duplicates
 * and stale receipts, and their sentences are rarely looked at.
 */
export class IgnoredDecision implements Ignored {
  readonly kind: Ignored['kind'];
  readonly rule: DecisionRule;
  readonly #known: Fact;
  readonly #observation: StatusObservation;

  constructor(kind: Ignored['kind'], rule: DecisionRule, known: Fact, observation: StatusObservation) {
    this.kind = kind;
    this.rule = rule;
    this.#known = known;
    this.#observation = observation;
  }

  get reason(): string {
    return explain(this.rule, this.#known, this.#observation);
  }

  toJSON(): { kind: Ignored['kind']; rule: DecisionRule; reason: string } {
    return { kind: this.kind, rule: this.rule, reason: this.reason };
  }
}
