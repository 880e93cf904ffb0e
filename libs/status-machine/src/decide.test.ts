import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedKind, factNames, factOf, type FactName } from './canonicalTable.test-data.js';
import { closeWindow, decide } from './decide.js';
import { closeWindowWithMachine, decideWithMachine } from './decideWithMachine.js';
import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import { details, statuses, type Detail } from './statuses.js';

const channels = [null, 'SMS', 'sms', 'WhatsApp', 'whatsapp', 'Viber', 'RCS', 'Line'] as const;
const steps = [null, 1, 2, 3, 4] as const;
const contexts: ReadonlyArray<Pick<MessageStatus, 'attempt' | 'channels'>> = [
  { attempt: 1, channels: ['SMS'] },
  { attempt: 1, channels: [null] },
  { attempt: 2, channels: ['Viber', 'WhatsApp'] },
  { attempt: 3, channels: ['RCS', null, 'SMS'] },
];

/** Every observation a caller can type: all statuses with every detail (wrong families too). */
const everyObservation: StatusObservation[] = statuses.flatMap((state) =>
  [null, ...details].flatMap((detail) =>
    steps.flatMap((attempt) => channels.map((channel) => ({ state, detail: detail as Detail | null, attempt, channel }))),
  ),
);

// Statuses as kept before `final` existed (absent: finality derived, as for a stored null), and ones whose window closed.
const everyStatus: Array<MessageStatus | undefined> = [
  undefined,
  ...factNames.flatMap((name) =>
    contexts.flatMap((context) =>
      [{}, { final: 'window-closed' as const }].map((final) => ({ ...factOf[name], ...context, version: 3, ...final })),
    ),
  ),
];

describe('decide, the compiled fast path', () => {
  for (const options of [{}, { fallback: false }]) {
    it(`decides exactly as the machine stepped with transition() on every state x finality x observation x attempt (${JSON.stringify(options)})`, () => {
      let compared = 0;
      for (const current of everyStatus) {
        for (const observation of everyObservation) {
          const fast = decide(current, observation, options);
          const machine = decideWithMachine(current, observation, options);
          expect(fast, JSON.stringify({ current, observation })).toEqual(machine);
          if (fast.kind !== 'accepted') expect(fast.reason).toBe(machine.kind !== 'accepted' && machine.reason);
          compared++;
        }
      }
      expect(compared).toBe(everyStatus.length * everyObservation.length);
    }, 120_000);

    it(`closes a window exactly as the machine's window.closed event does, on every state x finality (${JSON.stringify(options)})`, () => {
      const statuses = everyStatus.filter((status) => status !== undefined);
      for (const current of statuses) expect(closeWindow(current, options), JSON.stringify(current)).toEqual(closeWindowWithMachine(current, options));
      // Both halves are exercised: some windows close, and final messages refuse.
      expect(statuses.filter((current) => closeWindow(current, options) === null).length).toBeGreaterThan(0);
      expect(statuses.filter((current) => closeWindow(current, options) !== null).length).toBeGreaterThan(0);
    });
  }
});

const observationArbitrary: fc.Arbitrary<StatusObservation> = fc.record({
  state: fc.constantFrom(...statuses),
  detail: fc.constantFrom(null, ...details),
  attempt: fc.constantFrom(null, null, null, 1, 2, 3),
  channel: fc.constantFrom(null, 'SMS', 'WhatsApp', 'whatsapp', 'Viber'),
});

function fold(observations: ReadonlyArray<StatusObservation>) {
  let current: MessageStatus | undefined;
  const changes = [];
  for (const observation of observations) {
    const decision = decide(current, observation);
    if (decision.kind === 'accepted') {
      changes.push({ from: current, change: decision.change });
      current = decision.status;
    }
  }
  return changes;
}

const nameOf = (state: string, detail: string | null): FactName =>
  factNames.find((name) => factOf[name].state === state && factOf[name].detail === detail)!;

describe('any sequence of observations of one message', () => {
  it('gives versions 1, 2, 3... without gaps', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary, { maxLength: 40 }), (observations) => {
        const versions = fold(observations).map(({ change }) => change.version);
        expect(versions).toEqual(versions.map((_, index) => index + 1));
      }),
    );
  });

  it('emits only transitions the contract allows: forward within an attempt, or into a later attempt', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary, { maxLength: 40 }), (observations) => {
        for (const { from, change } of fold(observations)) {
          if (from === undefined) {
            expect(change.previousState).toBeNull();
          } else if (change.attempt === from.attempt) {
            expect(expectedKind(nameOf(from.state, from.detail), nameOf(change.state, change.detail))).toBe('accepted');
          } else {
            expect(change.attempt).toBeGreaterThan(from.attempt);
          }
        }
      }),
    );
  });

  it('replays to the same output, and the machine agrees at every step', () => {
    fc.assert(
      fc.property(fc.array(observationArbitrary, { maxLength: 40 }), (observations) => {
        expect(fold(observations)).toEqual(fold(observations));
        let current: MessageStatus | undefined;
        for (const observation of observations) {
          const decision = decide(current, observation);
          expect(decision).toEqual(decideWithMachine(current, observation));
          if (decision.kind === 'accepted') current = decision.status;
        }
      }),
    );
  });
});
