import type { StatusObservation } from './StatusObservation.js';
import type { Detail, FinalReason, Status } from './statuses.js';

export type DecisionKind = 'accepted' | 'duplicate' | 'stale' | 'conflict';

/** Why the machine decided as it did: one rule of docs/contract.md section 3 each. */
export const decisionRules = {
  first: 'accepted',
  advance: 'accepted',
  refine: 'accepted',
  'next-attempt': 'accepted',
  'window-closed': 'accepted',
  'same-status': 'duplicate',
  'lower-rank': 'stale',
  'before-failure': 'stale',
  'less-detail': 'stale',
  'earlier-attempt': 'stale',
  'success-after-failure': 'conflict',
  'failure-after-success': 'conflict',
  'failure-after-failure': 'conflict',
  'rejected-after-sent': 'conflict',
  'sent-after-rejected': 'conflict',
  'after-final': 'conflict',
} as const satisfies Record<string, DecisionKind>;

export type DecisionRule = keyof typeof decisionRules;

interface Fact {
  readonly state: Status;
  readonly detail: Detail | null;
  readonly attempt: number;
  readonly final?: FinalReason | null;
}

const finalWords: Record<FinalReason, string> = {
  'last-state': 'its last state',
  failure: 'a failure no fallback follows',
  'window-closed': 'its receipt window closed',
};

const describe = (fact: { state: Status; detail: Detail | null }): string =>
  fact.detail === null ? fact.state : `${fact.state} (${fact.detail})`;

/** A sentence for audits and anomaly records: the rule, with both facts named. */
export function explain(rule: DecisionRule, current: Fact, observation: StatusObservation): string {
  const known = describe(current);
  const seen = describe(observation);
  switch (rule) {
    case 'same-status':
      return `${seen} says nothing new: the message is already ${known}`;
    case 'lower-rank':
      return `${seen} arrived after ${known}: it happened before`;
    case 'before-failure':
      return `${seen} arrived after the failure ${known}: it happened before`;
    case 'less-detail':
      return `${seen} arrived after ${known}: it happened before`;
    case 'earlier-attempt':
      return `${seen} on ${observation.attempt !== null ? `attempt ${observation.attempt}` : `channel ${observation.channel}`} belongs to an earlier attempt than the current attempt ${current.attempt}`;
    case 'success-after-failure':
      return `${seen} contradicts the failure ${known}: success after a failure`;
    case 'failure-after-success':
      return `${seen} contradicts ${known}: a failure after success`;
    case 'failure-after-failure':
      return `${seen} contradicts the failure ${known}: one failure after another`;
    case 'rejected-after-sent':
      return `${seen} contradicts ${known}: a rejected message was never sent`;
    case 'sent-after-rejected':
      return `${seen} contradicts ${known}: a rejected message was never sent`;
    case 'after-final':
      return `${seen} came after the message was final (${known}: ${current.final ? finalWords[current.final] : 'final'}): a final message changes no more`;
    case 'window-closed':
      return `no receipt came within the window after ${known}: the message is final as it stands`;
    case 'first':
    case 'advance':
    case 'refine':
    case 'next-attempt':
      return `${seen} accepted after ${known}`;
  }
}
