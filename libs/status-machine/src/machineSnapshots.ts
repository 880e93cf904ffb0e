import { initialTransition, transition, type SnapshotFrom, type StateValue } from 'xstate';
import { finalReason, type FinalityOptions } from './finality.js';
import { observedEvent, statusMachine, type StatusContext, type WindowClosed } from './statusMachine.js';
import type { StatusObservation } from './StatusObservation.js';
import type { MessageStatus } from './StatusObservation.js';
import type { Detail, Status } from './statuses.js';

const substates: Partial<Record<Status, Record<string, Detail | null>>> = {
  delivered: { unspecified: null, toOperator: 'delivered_to_operator', toRecipient: 'delivered_to_recipient' },
  undelivered: { unspecified: null, byOperator: 'rejected_by_operator', toRecipient: 'undelivered_to_recipient' },
};

/** The machine's state value for a status and detail (`{ delivered: 'toRecipient' }`). */
export function stateValueOf(state: Status, detail: Detail | null): StateValue {
  const family = substates[state];
  if (family === undefined) return state;
  const substate = Object.keys(family).find((name) => family[name] === detail) ?? 'unspecified';
  return { [state]: substate };
}

/** The status and detail a state value stands for, or null for `unobserved`. */
export function statusOfValue(value: StateValue): Pick<MessageStatus, 'state' | 'detail'> | null {
  if (typeof value === 'string') return value === 'unobserved' ? null : { state: value as Status, detail: null };
  const [state, substate] = Object.entries(value)[0] as [Status, string];
  return { state, detail: substates[state]?.[substate] ?? null };
}

const [unobserved] = initialTransition(statusMachine, {});

/** The machine snapshot that a message's remembered status stands for, for a provider as `options` describes it. */
export function snapshotOf(current: MessageStatus | undefined, options: FinalityOptions = {}): SnapshotFrom<typeof statusMachine> {
  const fallback = options.fallback ?? true;
  if (current === undefined) return fallback ? unobserved : initialTransition(statusMachine, { fallback })[0];
  return statusMachine.resolveState({
    value: stateValueOf(current.state, current.detail),
    context: { attempt: current.attempt, channels: current.channels, version: current.version, final: finalReason(current, options), fallback, decision: null },
  });
}

/** Steps the machine once; the state reached and its context, with the decision it recorded. */
export function stepMachine(current: MessageStatus | undefined, observation: StatusObservation, options: FinalityOptions = {}) {
  const [next] = transition(statusMachine, snapshotOf(current, options), observedEvent(observation));
  const reached = statusOfValue(next.value);
  const { decision } = next.context;
  if (decision === null || reached === null) {
    throw new Error(`the status machine has no reaction to ${observation.state}: its definition is incomplete`);
  }
  return { reached, context: next.context as StatusContext, decision };
}

/** Closes the message's receipt window in the machine: its context after, or null when it was final already. */
export function closeInMachine(current: MessageStatus, options: FinalityOptions = {}): StatusContext | null {
  const event: WindowClosed = { type: 'window.closed' };
  const [next] = transition(statusMachine, snapshotOf(current, options), event);
  return next.context.decision === null ? null : next.context;
}
