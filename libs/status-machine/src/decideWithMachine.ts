import { IgnoredDecision, type Accepted, type Decision } from './Decision.js';
import { finalReason, type FinalityOptions } from './finality.js';
import { closeInMachine, stepMachine } from './machineSnapshots.js';
import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import { assertMessageStatus, assertObservation } from './statusInput.js';
import { detailFor } from './statuses.js';

/**
 * Decides by stepping the XState machine with its pure `transition()`: the reference `decide` is
 * proven against, and the way to see the machine itself at work. About 25x slower than `decide` (npm run bench).
 */
export function decideWithMachine(current: MessageStatus | undefined, observation: StatusObservation, options: FinalityOptions = {}): Decision {
  assertObservation(observation);
  if (current !== undefined) assertMessageStatus(current);
  const normalized = { ...observation, detail: detailFor(observation.state, observation.detail) };
  const { reached, decision, context } = stepMachine(current, normalized, options);
  const { attempt, channels, version, final } = context;
  if (decision.kind !== 'accepted') {
    const known = current === undefined ? { state: reached.state, detail: reached.detail, attempt } : decision.rule === 'after-final' ? { ...current, final: finalReason(current, options) } : current;
    return new IgnoredDecision(decision.kind, decision.rule, known, normalized);
  }
  const status: MessageStatus = { ...reached, attempt, channels, version, final };
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
      final,
    },
  };
}

/** `closeWindow` by sending the machine its `window.closed` event: the reference it is proven against. */
export function closeWindowWithMachine(current: MessageStatus, options: FinalityOptions = {}): Accepted | null {
  assertMessageStatus(current);
  const context = closeInMachine(current, options);
  if (context === null) return null;
  const { state, detail } = current;
  const { attempt, channels, version, final } = context;
  return {
    kind: 'accepted',
    rule: 'window-closed',
    status: { state, detail, attempt, channels, version, final },
    change: { previousState: state, state, detail, attempt, channel: channels[attempt - 1] ?? null, version, final },
  };
}
