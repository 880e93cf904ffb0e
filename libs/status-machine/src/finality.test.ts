import { describe, expect, it } from 'vitest';
import { expectedKind, factNames, factOf } from './canonicalTable.test-data.js';
import { closeWindow, decide } from './decide.js';
import { finalReason, isFinal, type FinalityOptions } from './finality.js';
import { statusMachine } from './statusMachine.js';
import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import type { Status } from './statuses.js';

const seen = (state: Status, more: Partial<StatusObservation> = {}): StatusObservation => ({ state, detail: null, attempt: null, channel: 'WhatsApp', ...more });

function fold(observations: StatusObservation[], options: FinalityOptions = {}) {
  let current: MessageStatus | undefined;
  const decisions = observations.map((observation) => {
    const decision = decide(current, observation, options);
    if (decision.kind === 'accepted') current = decision.status;
    return decision;
  });
  return { current, decisions };
}

describe('when a message is final', () => {
  it('is final at read on every channel: its last state', () => {
    for (const channel of ['WhatsApp', 'Viber', 'RCS', 'SMS', null]) {
      expect(fold([seen('read', { channel })]).current?.final).toBe('last-state');
    }
  });

  it('is final at delivered on SMS and MMS, which have no read receipts, unless only the operator has it', () => {
    expect(fold([seen('delivered', { channel: 'SMS' })]).current?.final).toBe('last-state');
    expect(fold([seen('delivered', { channel: 'MMS' })]).current?.final).toBe('last-state');
    expect(fold([seen('delivered', { channel: 'sms', detail: 'delivered_to_recipient' })]).current?.final).toBe('last-state');
    expect(fold([seen('delivered', { channel: 'SMS', detail: 'delivered_to_operator' })]).current?.final).toBeNull();
    for (const channel of ['WhatsApp', 'Viber', 'RCS', null]) expect(fold([seen('delivered', { channel })]).current?.final).toBeNull();
  });

  it('is final at a failure only where the provider does not fall back', () => {
    for (const state of ['rejected', 'undelivered', 'failed'] as const) {
      expect(fold([seen(state)]).current?.final).toBeNull();
      expect(fold([seen(state)], { fallback: true }).current?.final).toBeNull();
      expect(fold([seen(state)], { fallback: false }).current?.final).toBe('failure');
    }
  });

  it('is never final while queued or sent, until its window closes', () => {
    for (const state of ['queued', 'sent'] as const) {
      const { current } = fold([seen(state)], { fallback: false });
      expect(current?.final).toBeNull();
      const closed = closeWindow(current!);
      expect(closed?.status).toMatchObject({ state, final: 'window-closed', version: 2 });
      expect(closed?.change).toEqual({ previousState: state, state, detail: null, attempt: 1, channel: 'WhatsApp', version: 2, final: 'window-closed' });
      expect(isFinal(closed!.status)).toBe(true);
    }
  });

  it('closes a window once: a final message has nothing to close', () => {
    const { current } = fold([seen('read')]);
    expect(closeWindow(current!)).toBeNull();
    const sent = fold([seen('sent')]).current!;
    expect(closeWindow(closeWindow(sent)!.status)).toBeNull();
  });

  it('takes the finality of a status kept before `final` existed from its state', () => {
    expect(finalReason({ state: 'read', detail: null, attempt: 1, channels: ['Viber'] })).toBe('last-state');
    expect(finalReason({ state: 'sent', detail: null, attempt: 1, channels: ['Viber'] })).toBeNull();
    // What is derived from the state wins over a stored null: a read is final whatever was stored.
    expect(finalReason({ state: 'read', detail: null, attempt: 1, channels: ['Viber'], final: null })).toBe('last-state');
  });

  it('tags read as final in the XState definition', () => {
    expect(statusMachine.getStateNodeById('messageStatus.read').tags).toContain('final');
  });
});

describe('a final message changes no more', () => {
  it('refuses a later attempt after read: no provider falls back after a read receipt', () => {
    // The issue's case: read, then a later attempt's SMS delivered, then attempt 5's failed.
    const { current, decisions } = fold([seen('read', { channel: 'WhatsApp' }), seen('delivered', { channel: 'SMS' }), seen('failed', { attempt: 5, channel: 'SMS' })]);
    expect(decisions.map((decision) => [decision.kind, decision.rule])).toEqual([
      ['accepted', 'first'],
      ['conflict', 'after-final'],
      ['conflict', 'after-final'],
    ]);
    expect(current).toMatchObject({ state: 'read', version: 1, attempt: 1 });
    const [, delivered] = decisions;
    expect(delivered!.kind !== 'accepted' && delivered!.reason).toBe('delivered came after the message was final (read: its last state): a final message changes no more');
  });

  it('still accepts a fallback step after a failure where the provider falls back', () => {
    const { decisions } = fold([seen('failed', { channel: 'Viber' }), seen('delivered', { channel: 'SMS' })]);
    expect(decisions.map((decision) => decision.rule)).toEqual(['first', 'next-attempt']);
    const refused = fold([seen('failed', { channel: 'Viber' }), seen('delivered', { channel: 'SMS' })], { fallback: false });
    expect(refused.decisions.map((decision) => decision.rule)).toEqual(['first', 'after-final']);
  });

  // docs/contract.md section 3 after a closed window, by hand: what an open message would accept is an
  // after-final conflict, except more detail on a delivery, which says nothing new; the rest is unchanged.
  for (const known of factNames) {
    for (const observed of factNames) {
      const open = expectedKind(known, observed);
      const refinement = factOf[known].state === 'delivered' && factOf[observed].state === 'delivered';
      const expected = open !== 'accepted' ? open : refinement ? 'duplicate' : 'conflict';
      it(`${known}, window closed, then ${observed} is ${expected}`, () => {
        const current = fold([seen(factOf[known].state, { detail: factOf[known].detail })]).current!;
        const closed = closeWindow(current);
        const status = closed === null ? current : closed.status;
        expect(isFinal(status)).toBe(true);
        const decision = decide(status, seen(factOf[observed].state, { detail: factOf[observed].detail }));
        expect(decision.kind).toBe(expected);
        if (expected === 'conflict' && open === 'accepted') expect(decision.rule).toBe('after-final');
      });
    }
  }

  it('refuses a later attempt after a closed window, but still calls an earlier one stale', () => {
    const sent = fold([seen('failed', { channel: 'Viber' }), seen('sent', { channel: 'WhatsApp' })]).current!;
    const closed = closeWindow(sent)!.status;
    expect(decide(closed, seen('delivered', { channel: 'SMS' })).rule).toBe('after-final');
    expect(decide(closed, seen('delivered', { channel: 'Viber' })).rule).toBe('earlier-attempt');
  });
});
