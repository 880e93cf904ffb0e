import { decide, deliveredDetails, statuses, undeliveredDetails, type Detail, type MessageStatus, type Status } from '@msgstatus/status-machine';

/** Every (status, detail) a message can be in and an observation can say: each status, bare and with each detail of its family. */
const facts: ReadonlyArray<{ readonly state: Status; readonly detail: Detail | null }> = statuses.flatMap((state) => [
  { state, detail: null },
  ...(state === 'delivered' ? deliveredDetails : state === 'undelivered' ? undeliveredDetails : []).map((detail) => ({ state, detail })),
]);

interface Reaction {
  readonly kind: string;
  readonly rule: string;
  readonly state: Status | null;
  readonly detail: Detail | null;
}

const reactionOf = (current: MessageStatus | undefined, fact: (typeof facts)[number], channel: string): Reaction => {
  const decision = decide(current, { ...fact, attempt: null, channel });
  return decision.kind === 'accepted'
    ? { kind: 'accepted', rule: decision.rule, state: decision.status.state, detail: decision.status.detail }
    : { kind: decision.kind, rule: decision.rule, state: null, detail: null };
};

/**
 * msgstatus's machine as the table the Kafka Streams peer decides with: the reaction to every
 * observed fact for a new message (`first`), and for every known fact and attempt relation
 * (`later`, index `(known * facts + observed) * 3 + relation`, relation 0 current, 1 next,
 * 2 earlier). Asked of decide() itself, so the peer cannot decide otherwise than msgstatus does.
 */
export function decisionTable() {
  const first = facts.map((fact) => reactionOf(undefined, fact, 'SMS'));
  // Attempt 2 on WhatsApp after Viber: WhatsApp is current, SMS opens attempt 3, Viber is earlier.
  const later = facts.flatMap((known) =>
    facts.flatMap((observed) =>
      (['WhatsApp', 'SMS', 'Viber'] as const).map((channel) => reactionOf({ ...known, attempt: 2, channels: ['Viber', 'WhatsApp'], version: 2 }, observed, channel)),
    ),
  );
  return { facts, first, later };
}
