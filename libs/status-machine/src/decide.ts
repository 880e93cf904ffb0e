import { channelsWith, firstAttempt, placeAttempt, type AttemptRelation } from './attempts.js';
import type { DecisionKind, DecisionRule } from './decisionRules.js';
import { IgnoredDecision, type Decision } from './Decision.js';
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
 * Asks the machine once how it reacts to every observation in every state and attempt relation.
 * Attempt relations are set up by the channel alone; `decide` then resolves them with the same
 * `placeAttempt` the machine's guards use, so the table and the machine cannot disagree.
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
      relations.map((relation) =>
        react({ ...known, attempt: 2, channels: ['Viber', 'WhatsApp'], version: 2 }, channelOf[relation], observed),
      ),
    ),
  );
  return { first, later };
}

let compiled: ReturnType<typeof compileReactions> | undefined;

/**
 * Decides what an observation does to a message, as the status machine would, from a table
 * compiled from the machine on first use. `current` is undefined for a message not seen before.
 * Duplicates, stale and conflicting observations are decisions, not errors; it throws only a
 * StatusInputError, for input that is not what its type says (plain-JS callers).
 */
export function decide(current: MessageStatus | undefined, observation: StatusObservation): Decision {
  assertObservation(observation);
  if (current !== undefined) assertMessageStatus(current);
  compiled ??= compileReactions();
  const detail = detailFor(observation.state, observation.detail);
  const observed = factIndex(observation.state, detail);
  let reaction: Reaction;
  let attempt: number;
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
    reaction = compiled.later[(factIndex(current.state, current.detail) * facts.length + observed) * 3 + relation]!;
    attempt = resolved === null ? current.attempt : resolved.attempt;
  }
  if (reaction.kind !== 'accepted') {
    return new IgnoredDecision(reaction.kind, reaction.rule, current!, detail === observation.detail ? observation : { ...observation, detail });
  }
  const version = (current?.version ?? 0) + 1;
  const status: MessageStatus = {
    state: reaction.state,
    detail: reaction.detail,
    attempt,
    channels: channelsWith(current?.channels ?? [], attempt, observation.channel),
    version,
  };
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
    },
  };
}
