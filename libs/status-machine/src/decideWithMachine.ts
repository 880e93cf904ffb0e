import { IgnoredDecision, type Decision } from './Decision.js';
import { stepMachine } from './machineSnapshots.js';
import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import { assertMessageStatus, assertObservation } from './statusInput.js';
import { detailFor } from './statuses.js';

/**
 * Decides by stepping the XState machine with its pure `transition()`: the reference `decide` is
 * proven against, and the way to see the machine itself at work. About 25x slower than `decide` (npm run bench).
 */
export function decideWithMachine(current: MessageStatus | undefined, observation: StatusObservation): Decision {
  assertObservation(observation);
  if (current !== undefined) assertMessageStatus(current);
  const normalized = { ...observation, detail: detailFor(observation.state, observation.detail) };
  const { reached, decision, context } = stepMachine(current, normalized);
  const { attempt, channels, version } = context;
  if (decision.kind !== 'accepted') {
    const known = current ?? { state: reached.state, detail: reached.detail, attempt };
    return new IgnoredDecision(decision.kind, decision.rule, known, normalized);
  }
  const status: MessageStatus = { ...reached, attempt, channels, version };
  return {
    kind: 'accepted',
    rule: decision.rule,
    status,
    change: {
      previousState: current?.state ?? null,
      state: status.state,
      detail: status.detail,
      attempt,
      channel: observation.channel,
      version,
    },
  };
}
