import type { DecisionRule } from './decisionRules.js';
import type { MessageStatus, StatusChange } from './StatusObservation.js';

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
  readonly reason: string;
}

export type Decision = Accepted | Ignored;
