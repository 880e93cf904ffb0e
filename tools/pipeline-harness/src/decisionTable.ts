import { providers } from '@msgstatus/provider-registry';
import { decide, deliveredDetails, finalReason, statuses, undeliveredDetails, type Detail, type MessageStatus, type Status } from '@msgstatus/status-machine';

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

/** The channels the peer's traffic uses, probed for where a fact is final. */
const probedChannels = ['SMS', 'WhatsApp', 'Viber', 'RCS'] as const;

/**
 * msgstatus's machine as the table the Kafka Streams peer decides with: the reaction to every
 * observed fact for a new message (`first`), and for every known fact, attempt relation and
 * finality (`later`, index `((known * facts + observed) * 3 + relation) * 2 + final`, relation 0
 * current, 1 next, 2 earlier; final 1 when the message is final); and when each fact is final
 * (`finality`: always, on which of the probed channels, or as a failure where the provider does
 * not fall back, with each provider's `fallback`). Asked of decide() and finalReason() themselves,
 * so the peer cannot decide otherwise than msgstatus does (receipt windows aside: its backlog is
 * shorter than any window).
 */
export function decisionTable() {
  const first = facts.map((fact) => reactionOf(undefined, fact, 'SMS'));
  // Attempt 2 on WhatsApp after Viber: WhatsApp is current, SMS opens attempt 3, Viber is earlier.
  const later = facts.flatMap((known) =>
    facts.flatMap((observed) =>
      (['WhatsApp', 'SMS', 'Viber'] as const).flatMap((channel) =>
        ([null, 'window-closed'] as const).map((final) => reactionOf({ ...known, attempt: 2, channels: ['Viber', 'WhatsApp'], version: 2, final }, observed, channel)),
      ),
    ),
  );
  const finalOn = (fact: (typeof facts)[number], channel: string, fallback: boolean) => finalReason({ ...fact, attempt: 1, channels: [channel] }, { fallback }) !== null;
  const finality = facts.map((fact) => ({
    always: probedChannels.every((channel) => finalOn(fact, channel, true)),
    onChannels: probedChannels.filter((channel) => finalOn(fact, channel, true)),
    withoutFallback: probedChannels.every((channel) => finalOn(fact, channel, false)),
  }));
  const fallback = Object.fromEntries(providers.map((normalizer) => [normalizer.provider, normalizer.receipts.fallback]));
  return { facts, first, later, finality, fallback };
}
