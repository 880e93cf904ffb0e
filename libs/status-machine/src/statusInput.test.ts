import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { resolveAttempt } from './attempts.js';
import { decide } from './decide.js';
import { decideWithMachine } from './decideWithMachine.js';
import { statusMachine, statusObserved } from './statusMachine.js';
import { parseMessageStatus, parseObservation, StatusInputError, type StatusInputProblem } from './statusInput.js';

const observation = { state: 'delivered', detail: null, attempt: null, channel: 'SMS' } as const;
const current = { state: 'sent', detail: null, attempt: 1, channels: ['SMS'], version: 1 } as const;

/** What a plain-JS caller can hand in, and the one problem each must be named as. */
const badObservations: ReadonlyArray<[string, unknown, StatusInputProblem, string]> = [
  ['an upper-case state', { ...observation, state: 'DELIVERED' }, 'unknown-state', 'observation.state'],
  ['no state', { detail: null, attempt: null, channel: 'SMS' }, 'unknown-state', 'observation.state'],
  ['a detail of no family', { ...observation, detail: 'handset' }, 'unknown-detail', 'observation.detail'],
  ['an attempt as text', { ...observation, attempt: '2' }, 'bad-attempt', 'observation.attempt'],
  ['attempt 0', { ...observation, attempt: 0 }, 'bad-attempt', 'observation.attempt'],
  ['attempt -1', { ...observation, attempt: -1 }, 'bad-attempt', 'observation.attempt'],
  ['attempt 1.5', { ...observation, attempt: 1.5 }, 'bad-attempt', 'observation.attempt'],
  ['attempt NaN', { ...observation, attempt: Number.NaN }, 'bad-attempt', 'observation.attempt'],
  ['no channel', { state: 'sent', detail: null, attempt: null }, 'missing-channel', 'observation.channel'],
  ['a channel that is a number', { ...observation, channel: 7 }, 'bad-channel', 'observation.channel'],
  ['null', null, 'not-an-object', 'observation'],
  ['a string', 'delivered', 'not-an-object', 'observation'],
];

const badStatuses: ReadonlyArray<[string, unknown, StatusInputProblem]> = [
  ['an unknown state', { ...current, state: 'Sent' }, 'unknown-state'],
  ['attempt 0', { ...current, attempt: 0 }, 'bad-attempt'],
  ['channels missing', { ...current, channels: undefined }, 'bad-channels'],
  ['version "1"', { ...current, version: '1' }, 'bad-version'],
  ['an array', [], 'not-an-object'],
];

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('the lib at its boundary with plain-JS callers', () => {
  it.each(badObservations)('decide refuses %s with a StatusInputError naming the problem, never a TypeError', (_, input, problem, field) => {
    for (const call of [
      () => decide(undefined, input as never),
      () => decide(current, input as never),
      () => decideWithMachine(current, input as never),
      () => statusObserved(input as never),
      () => resolveAttempt(current, input as never),
    ]) {
      const error = thrown(call);
      expect(error).toBeInstanceOf(StatusInputError);
      expect(error).toMatchObject({ problem, field });
    }
  });

  it.each(badStatuses)('decide refuses a current status with %s', (_, input, problem) => {
    const error = thrown(() => decide(input as never, observation));
    expect(error).toBeInstanceOf(StatusInputError);
    expect(error).toMatchObject({ problem, field: expect.stringMatching(/^current/) });
  });

  it('says in its message what it found and what it expected', () => {
    const error = thrown(() => decide(undefined, { ...observation, state: 'DELIVERED' } as never)) as Error;
    expect(error.message).toBe('observation.state is "DELIVERED": one of queued, sent, delivered, read, rejected, undelivered, failed');
    expect(error.name).toBe('StatusInputError');
  });

  it('never stores a bad attempt: the actor refuses the event before the machine sees it', () => {
    const actor = createActor(statusMachine).start();
    expect(() => actor.send(statusObserved({ ...observation, attempt: '2' } as never))).toThrow(StatusInputError);
    expect(actor.getSnapshot().context.attempt).toBe(0);
  });

  it('parseObservation reads unknown data into an observation, defaulting detail and attempt, keeping only known fields', () => {
    expect(parseObservation({ state: 'read', channel: 'WhatsApp', extra: 1 })).toEqual({
      ok: true,
      value: { state: 'read', detail: null, attempt: null, channel: 'WhatsApp' },
    });
    const refused = parseObservation({ state: 'read', attempt: 0, channel: null });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.problem).toBe('bad-attempt');
    expect(parseObservation(undefined)).toMatchObject({ ok: false, error: { problem: 'not-an-object' } });
  });

  it('parseMessageStatus reads a stored status back, and what it returns decides like the original', () => {
    const accepted = decide(undefined, observation);
    if (accepted.kind !== 'accepted') throw new Error('the first observation is accepted');
    const stored = JSON.parse(JSON.stringify(accepted.status)) as unknown;
    const parsed = parseMessageStatus(stored);
    expect(parsed).toEqual({ ok: true, value: accepted.status });
    // A delivered SMS is final: the read after it is refused alike, stored or not.
    expect(parsed.ok && decide(parsed.value, { ...observation, state: 'read' })).toEqual(decide(accepted.status, { ...observation, state: 'read' }));
    expect(parsed.ok && decide(parsed.value, { ...observation, state: 'read' }).kind).toBe('conflict');
    expect(parseMessageStatus({ ...current, final: 'done' })).toMatchObject({ ok: false, error: { problem: 'bad-final' } });
    expect(parseMessageStatus({ ...current, version: 0 })).toMatchObject({ ok: false, error: { problem: 'bad-version' } });
  });
});
