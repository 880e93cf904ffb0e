import { and, assign, not, setup } from 'xstate';
import { channelsWith, firstAttempt, placeAttempt } from './attempts.js';
import { decisionRules, type DecisionKind, type DecisionRule } from './decisionRules.js';
import { finalReason, type FinalityOptions } from './finality.js';
import type { StatusObservation } from './StatusObservation.js';
import { assertObservation } from './statusInput.js';
import { detailFor, statuses, type Detail, type FinalReason, type Status } from './statuses.js';

/** The machine's memory besides its state: where attempts stand, and what the last event did. */
export interface StatusContext {
  /** 0 until the first observation. */
  readonly attempt: number;
  readonly channels: ReadonlyArray<string | null>;
  readonly version: number;
  /** Why the message is final, or null while more may come: once set, nothing is accepted. */
  readonly final: FinalReason | null;
  /** Whether its provider may fall back to another channel after a failure (the machine's input). */
  readonly fallback: boolean;
  readonly decision: { readonly kind: DecisionKind; readonly rule: DecisionRule } | null;
}

/** Closes a message's receipt window: no receipt came in time, so it is final as it stands. */
export interface WindowClosed {
  readonly type: 'window.closed';
}

/** One event type per observed status, so every transition's target is written down. */
export type StatusObserved = {
  [S in Status]: { readonly type: `observed.${S}`; readonly data: StatusObservation & { readonly state: S } };
}[Status];

/** The machine's event for an observation the lib has already checked. */
export const observedEvent = (observation: StatusObservation): StatusObserved =>
  ({ type: `observed.${observation.state}`, data: observation }) as StatusObserved;

/** The machine's event for an observation; throws StatusInputError when it is not one. */
export function statusObserved(observation: StatusObservation): StatusObserved {
  assertObservation(observation);
  return observedEvent(observation);
}

const machineSetup = setup({
  types: {
    context: {} as StatusContext,
    events: {} as StatusObserved | WindowClosed,
    // void, not undefined: an optional property's inference drops undefined, and the input must stay optional.
    input: {} as FinalityOptions | void,
  },
  guards: {
    // A final message accepts nothing: consumers stop waiting at a final change, so no later one may follow.
    isFinal: ({ context }) => context.final !== null,
    isOpen: ({ context }) => context.version > 0 && context.final === null,
    isEarlierAttempt: ({ context, event }) => placeAttempt(context, observationOf(event)).relation === 'earlier',
    opensNextAttempt: ({ context, event }) => placeAttempt(context, observationOf(event)).relation === 'next',
    hasDetail: ({ event }, params: { detail: Detail | null }) => {
      const observation = observationOf(event);
      return detailFor(observation.state, observation.detail) === params.detail;
    },
  },
  actions: {
    accept: assign(({ context, event }, params: { rule: DecisionRule; state: Status; detail: Detail | null }) => {
      const observation = observationOf(event);
      const attempt = context.attempt === 0 ? firstAttempt(observation) : placeAttempt(context, observation).attempt;
      const channels = channelsWith(context.channels, attempt, observation.channel);
      return {
        attempt,
        channels,
        version: context.version + 1,
        final: finalReason({ state: params.state, detail: params.detail, attempt, channels }, { fallback: context.fallback }),
        decision: { kind: 'accepted' as const, rule: params.rule },
      };
    }),
    close: assign(({ context }) => ({
      version: context.version + 1,
      final: 'window-closed' as const,
      decision: { kind: 'accepted' as const, rule: 'window-closed' as const },
    })),
    ignore: assign((_, params: { rule: Exclude<DecisionRule, 'first' | 'advance' | 'refine' | 'next-attempt' | 'window-closed'> }) => ({
      decision: { kind: decisionRules[params.rule], rule: params.rule },
    })),
  },
});

/** Observation guards and actions run only on observed events: the window's event has its own transitions. */
const observationOf = (event: StatusObserved | WindowClosed): StatusObservation => (event as StatusObserved).data;

type Transition = {
  readonly target?: string;
  readonly guard?: unknown;
  readonly actions: { readonly type: 'accept' | 'ignore'; readonly params: { readonly rule: DecisionRule } };
};

const accept = (rule: DecisionRule, state: Status, detail: Detail | null) => ({ type: 'accept', params: { rule, state, detail } }) as const;
const ignore = (rule: DecisionRule) => [{ actions: { type: 'ignore', params: { rule } } }] as const;
const hasDetail = (detail: Detail | null) => ({ type: 'hasDetail', params: { detail } }) as const;

const substateOf: Record<Detail, string> = {
  delivered_to_operator: 'toOperator',
  delivered_to_recipient: 'toRecipient',
  rejected_by_operator: 'byOperator',
  undelivered_to_recipient: 'toRecipient',
};

/**
 * The transitions that enter `status`, in the substate its detail names, while the message is not
 * final; once it is, what would have entered is an `after-final` conflict.
 */
function enter(status: Status, rule: DecisionRule, guard?: string): Transition[] {
  const open = not('isFinal');
  const guarded = (detailGuard?: ReturnType<typeof hasDetail>) =>
    guard && detailGuard ? and([open, guard, detailGuard]) : guard ? and([open, guard]) : detailGuard ? and([open, detailGuard]) : open;
  const family =
    status === 'delivered'
      ? (['delivered_to_recipient', 'delivered_to_operator'] as const)
      : status === 'undelivered'
        ? (['rejected_by_operator', 'undelivered_to_recipient'] as const)
        : null;
  const afterFinal = { guard: guard ? and(['isFinal', guard]) : 'isFinal', actions: { type: 'ignore', params: { rule: 'after-final' } } } as const;
  if (family === null) return [{ target: `#messageStatus.${status}`, guard: guarded(), actions: accept(rule, status, null) }, afterFinal];
  return [
    ...family.map((detail) => ({
      target: `#messageStatus.${status}.${substateOf[detail]}`,
      guard: guarded(hasDetail(detail)),
      actions: accept(rule, status, detail),
    })),
    { target: `#messageStatus.${status}.unspecified`, guard: guarded(), actions: accept(rule, status, null) },
    afterFinal,
  ];
}

type SameAttempt = ReadonlyArray<Transition>;
const advance = (status: Status): SameAttempt => enter(status, 'advance');
// Only the refinement to the recipient, without the after-final catch: more detail on a final
// delivery says nothing new, so it falls through to a duplicate.
const refine: SameAttempt = enter('delivered', 'refine').slice(0, 1);
const duplicate: SameAttempt = ignore('same-status');

/** The reactions of one state to every observed status, attempts first (they outrank the state). */
function reactions(sameAttempt: Record<Status, SameAttempt>) {
  return Object.fromEntries(
    Object.entries(sameAttempt).map(([status, transitions]) => [
      `observed.${status}`,
      [
        ...ignore('earlier-attempt').map((t) => ({ ...t, guard: 'isEarlierAttempt' })),
        ...enter(status as Status, 'next-attempt', 'opensNextAttempt'),
        ...transitions,
      ],
    ]),
  );
}

/** The first observation of a message is accepted whatever it says: there is nothing to contradict. */
const firstObservation = Object.fromEntries(
  statuses.map((status) => [`observed.${status}`, enter(status, 'first')]),
);

const afterDelivery = {
  queued: ignore('lower-rank'),
  sent: ignore('lower-rank'),
  read: advance('read'),
  rejected: ignore('failure-after-success'),
  undelivered: ignore('failure-after-success'),
  failed: ignore('failure-after-success'),
} as const;

const afterUndelivered = {
  queued: ignore('before-failure'),
  sent: ignore('before-failure'),
  delivered: ignore('success-after-failure'),
  read: ignore('success-after-failure'),
  rejected: ignore('failure-after-failure'),
  failed: ignore('failure-after-failure'),
} as const;

/** A second undelivered contradicts the first only when both name a reason and they differ. */
const undeliveredAgain = (known: Detail): SameAttempt => [
  ...ignore('failure-after-failure').map((t) => ({
    ...t,
    guard: hasDetail(known === 'rejected_by_operator' ? 'undelivered_to_recipient' : 'rejected_by_operator'),
  })),
  ...duplicate,
];

/**
 * The canonical status machine: the single definition of docs/contract.md section 3. Pure (no IO,
 * timers or invoked actors), so it is stepped with `transition()`; `decide` runs a table compiled
 * from it. Its input says whether the provider falls back after a failure. Failures are not XState
 * `final` states because a later attempt may leave them; finality is the context's `final`, which
 * `finalReason` sets on every accepted change and `window.closed` sets when no receipt came in time.
 */
export const statusMachine = machineSetup.createMachine({
  id: 'messageStatus',
  initial: 'unobserved',
  context: ({ input }) => ({ attempt: 0, channels: [], version: 0, final: null, fallback: input?.fallback ?? true, decision: null }),
  on: {
    // The window closes a message that is still open; it changes no state, only finality.
    'window.closed': { guard: 'isOpen', actions: 'close' },
  },
  states: {
    unobserved: {
      on: firstObservation,
    },
    queued: {
      tags: ['progress'],
      on: reactions({
        queued: duplicate,
        sent: advance('sent'),
        delivered: advance('delivered'),
        read: advance('read'),
        rejected: advance('rejected'),
        undelivered: advance('undelivered'),
        failed: advance('failed'),
      }),
    },
    sent: {
      tags: ['progress'],
      on: reactions({
        queued: ignore('lower-rank'),
        sent: duplicate,
        delivered: advance('delivered'),
        read: advance('read'),
        // Rejected means refused before sending, so it cannot follow a sent.
        rejected: ignore('rejected-after-sent'),
        undelivered: advance('undelivered'),
        failed: advance('failed'),
      }),
    },
    delivered: {
      tags: ['progress'],
      initial: 'unspecified',
      states: {
        unspecified: { on: reactions({ ...afterDelivery, delivered: [...refine, ...duplicate] }) },
        toOperator: { on: reactions({ ...afterDelivery, delivered: [...refine, ...duplicate] }) },
        toRecipient: {
          on: reactions({
            ...afterDelivery,
            delivered: [
              ...ignore('less-detail').map((t) => ({ ...t, guard: hasDetail('delivered_to_operator') })),
              ...duplicate,
            ],
          }),
        },
      },
    },
    read: {
      // Read is the last state of every channel: it is always final, so a later attempt's
      // observation after it is an after-final conflict (no provider falls back after a read).
      tags: ['progress', 'final'],
      on: reactions({
        queued: ignore('lower-rank'),
        sent: ignore('lower-rank'),
        delivered: ignore('lower-rank'),
        read: duplicate,
        rejected: ignore('failure-after-success'),
        undelivered: ignore('failure-after-success'),
        failed: ignore('failure-after-success'),
      }),
    },
    rejected: {
      tags: ['terminal'],
      on: reactions({
        queued: ignore('before-failure'),
        sent: ignore('sent-after-rejected'),
        delivered: ignore('success-after-failure'),
        read: ignore('success-after-failure'),
        rejected: duplicate,
        undelivered: ignore('failure-after-failure'),
        failed: ignore('failure-after-failure'),
      }),
    },
    undelivered: {
      tags: ['terminal'],
      initial: 'unspecified',
      states: {
        unspecified: { on: reactions({ ...afterUndelivered, undelivered: duplicate }) },
        byOperator: { on: reactions({ ...afterUndelivered, undelivered: undeliveredAgain('rejected_by_operator') }) },
        toRecipient: { on: reactions({ ...afterUndelivered, undelivered: undeliveredAgain('undelivered_to_recipient') }) },
      },
    },
    failed: {
      tags: ['terminal'],
      on: reactions({
        queued: ignore('before-failure'),
        sent: ignore('before-failure'),
        delivered: ignore('success-after-failure'),
        read: ignore('success-after-failure'),
        rejected: ignore('failure-after-failure'),
        undelivered: ignore('failure-after-failure'),
        failed: duplicate,
      }),
    },
  },
});
