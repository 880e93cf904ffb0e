import { channelsWith, firstAttempt, placeAttempt, type AttemptRelation } from './attempts.js';
import type { DecisionKind, DecisionRule } from './decisionRules.js';
import { IgnoredDecision, type Accepted, type Decision } from './Decision.js';
import { finalReason, type FinalityOptions } from './finality.js';
import { stepMachine } from './machineSnapshots.js';
import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import { assertMessageStatus, assertObservation } from './statusInput.js';
import { detailFor, type Detail, type Status } from './statuses.js';

/** Every (status, detail) a message can be in, and an observation can say. */
const facts: ReadonlyArray<{ readonly state: Status; readonly detail: Detail | null }> = [
  { state: 'queued', detail: null },
  { state: 'sent', detail: null },
  { state: 'delivered', detail: null },
  { state: 'delivered', detail: 'delivered_to_operator' },
  { state: 'delivered', detail: 'delivered_to_recipient' },
  { state: 'read', detail: null },
  { state: 'rejected', detail: null },
  { state: 'undelivered', detail: null },
  { state: 'undelivered', detail: 'rejected_by_operator' },
  { state: 'undelivered', detail: 'undelivered_to_recipient' },
  { state: 'failed', detail: null },
];

function factIndex(state: Status, detail: Detail | null): number {
  switch (state) {
    case 'queued':
      return 0;
    case 'sent':
      return 1;
    case 'delivered':
      return detail === 'delivered_to_operator' ? 3 : detail === 'delivered_to_recipient' ? 4 : 2;
    case 'read':
      return 5;
    case 'rejected':
      return 6;
    case 'undelivered':
      return detail === 'rejected_by_operator' ? 8 : detail === 'undelivered_to_recipient' ? 9 : 7;
    case 'failed':
      return 10;
  }
}

const relations: ReadonlyArray<AttemptRelation> = ['current', 'next', 'earlier'];
const relationIndex = (relation: AttemptRelation): number => (relation === 'current' ? 0 : relation === 'next' ? 1 : 2);

interface Reaction {
  readonly kind: DecisionKind;
  readonly rule: DecisionRule;
  readonly state: Status;
  readonly detail: Detail | null;
}

/**
 * Asks the machine once how it reacts to every observation in every state, attempt relation and
 * finality (open or final). Attempt relations are set up by the channel alone and finality by a
 * closed window; `decide` then resolves them with the same `placeAttempt` and `finalReason` the
 * machine uses, so the table and the machine cannot disagree.
 */
function compileReactions(): { first: Reaction[]; later: Reaction[] } {
  const react = (current: MessageStatus | undefined, channel: string, observed: number): Reaction => {
    const { decision, reached } = stepMachine(current, { ...facts[observed]!, attempt: null, channel });
    return { ...decision, ...reached };
  };
  const first = facts.map((_, observed) => react(undefined, 'SMS', observed));
  // Attempt 2 on WhatsApp after Viber: WhatsApp is current, SMS opens attempt 3, Viber is earlier.
  const channelOf: Record<AttemptRelation, string> = { current: 'WhatsApp', next: 'SMS', earlier: 'Viber' };
  const later = facts.flatMap((known) =>
    facts.flatMap((_, observed) =>
      relations.flatMap((relation) =>
        [null, 'window-closed' as const].map((final) =>
          react({ ...known, attempt: 2, channels: ['Viber', 'WhatsApp'], version: 2, final }, channelOf[relation], observed),
        ),
      ),
    ),
  );
  return { first, later };
}

let compiled: ReturnType<typeof compileReactions> | undefined;

/**
 * Decides what an observation does to a message, as the status machine would, from a table
 * compiled from the machine on first use. `current` is undefined for a message not seen before;
 * `options` says whether its provider falls back after a failure. Duplicates, stale and
 * conflicting observations are decisions, not errors; it throws only a StatusInputError, for input
 * that is not what its type says (plain-JS callers).
 */
export function decide(current: MessageStatus | undefined, observation: StatusObservation, options: FinalityOptions = {}): Decision {
  assertObservation(observation);
  if (current !== undefined) assertMessageStatus(current);
  compiled ??= compileReactions();
  const detail = detailFor(observation.state, observation.detail);
  const observed = factIndex(observation.state, detail);
  let reaction: Reaction;
  let attempt: number;
  let known = current;
  if (current === undefined) {
    reaction = compiled.first[observed]!;
    attempt = firstAttempt(observation);
  } else {
    // Most observations stay on the current attempt: decided without placing them first.
    const onCurrentAttempt =
      observation.attempt === null
        ? observation.channel === null || observation.channel === current.channels[current.attempt - 1]
        : observation.attempt === current.attempt;
    const resolved = onCurrentAttempt ? null : placeAttempt(current, observation);
    const relation = resolved === null ? 0 : relationIndex(resolved.relation);
    const final = finalReason(current, options);
    reaction = compiled.later[((factIndex(current.state, current.detail) * facts.length + observed) * 3 + relation) * 2 + (final === null ? 0 : 1)]!;
    attempt = resolved === null ? current.attempt : resolved.attempt;
    // The reason of an after-final conflict names why the message is final, derived or remembered.
    if (reaction.rule === 'after-final' && current.final !== final) known = { ...current, final };
  }
  if (reaction.kind !== 'accepted') {
    return new IgnoredDecision(reaction.kind, reaction.rule, known!, detail === observation.detail ? observation : { ...observation, detail });
  }
  const version = (current?.version ?? 0) + 1;
  const channels = channelsWith(current?.channels ?? [], attempt, observation.channel);
  const final = finalReason({ state: reaction.state, detail: reaction.detail, attempt, channels }, options);
  const status: MessageStatus = { state: reaction.state, detail: reaction.detail, attempt, channels, version, final };
  return {
    kind: 'accepted',
    rule: reaction.rule,
    status,
    change: {
      previousState: current?.state ?? null,
      state: reaction.state,
      detail: reaction.detail,
      attempt,
      channel: observation.channel,
      version,
      final,
    },
  };
}

/**
 * Closes a message's receipt window: no receipt came in time, so it is final as it stands, with one
 * more change that keeps its state (docs/contract.md section 3). Null when it was final already.
 * When the window ends is the caller's to say (msgstatus measures it in receipt time).
 */
export function closeWindow(current: MessageStatus, options: FinalityOptions = {}): Accepted | null {
  assertMessageStatus(current);
  if (finalReason(current, options) !== null) return null;
  const version = current.version + 1;
  const { state, detail, attempt, channels } = current;
  return {
    kind: 'accepted',
    rule: 'window-closed',
    status: { state, detail, attempt, channels, version, final: 'window-closed' },
    change: { previousState: state, state, detail, attempt, channel: channels[attempt - 1] ?? null, version, final: 'window-closed' },
  };
}
