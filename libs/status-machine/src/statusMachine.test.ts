import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import { decide } from './decide.js';
import type { Decision } from './Decision.js';
import { expectedKind, factNames, factOf } from './canonicalTable.test-data.js';
import { statusMachine } from './statusMachine.js';
import type { MessageStatus, StatusObservation } from './StatusObservation.js';
import type { Detail, Status } from './statuses.js';

const seen = (state: Status, more: Partial<StatusObservation> = {}): StatusObservation => ({
  state,
  detail: null,
  attempt: null,
  // A channel with read receipts, so delivered is not yet final: the rules of an open message.
  channel: 'WhatsApp',
  ...more,
});

/** Given these observations of one message, when one more arrives, then the decision is... */
function given(...history: StatusObservation[]) {
  let current: MessageStatus | undefined;
  for (const observation of history) {
    const decision = decide(current, observation);
    if (decision.kind === 'accepted') current = decision.status;
  }
  return {
    when: (observation: StatusObservation): Decision & { current: MessageStatus | undefined } =>
      Object.assign(decide(current, observation), { current }),
  };
}

describe('progress', () => {
  it('accepts any status as the first observation of a message', () => {
    for (const state of ['queued', 'read', 'failed', 'rejected'] as const) {
      const decision = given().when(seen(state));
      expect(decision).toMatchObject({ kind: 'accepted', rule: 'first', change: { previousState: null, state, version: 1, attempt: 1 } });
    }
  });

  it('accepts a higher rank, skips included: sent then read means it was read', () => {
    expect(given(seen('sent')).when(seen('read'))).toMatchObject({
      kind: 'accepted',
      change: { previousState: 'sent', state: 'read', version: 2 },
    });
  });

  it('accepts a failure from queued or sent', () => {
    expect(given(seen('queued')).when(seen('undelivered')).kind).toBe('accepted');
    expect(given(seen('sent')).when(seen('failed')).kind).toBe('accepted');
  });

  it('accepts rejected only before anything was sent', () => {
    expect(given(seen('queued')).when(seen('rejected')).kind).toBe('accepted');
    expect(given(seen('sent')).when(seen('rejected'))).toMatchObject({ kind: 'conflict', rule: 'rejected-after-sent' });
  });
});

describe('duplicates and stale observations', () => {
  it('calls a repeated status a duplicate', () => {
    expect(given(seen('delivered')).when(seen('delivered'))).toMatchObject({ kind: 'duplicate', rule: 'same-status' });
  });

  it('calls a lower rank after a higher one stale: a late sent never downgrades a delivered message', () => {
    const decision = given(seen('delivered')).when(seen('sent'));
    expect(decision).toMatchObject({ kind: 'stale', rule: 'lower-rank' });
    expect(decision.kind !== 'accepted' && decision.reason).toBe('sent arrived after delivered: it happened before');
  });

  it('calls queued after any failure, and sent after undelivered or failed, stale: they happened before', () => {
    for (const failure of ['rejected', 'undelivered', 'failed'] as const) {
      expect(given(seen(failure)).when(seen('queued'))).toMatchObject({ kind: 'stale', rule: 'before-failure' });
    }
    expect(given(seen('undelivered')).when(seen('sent'))).toMatchObject({ kind: 'stale', rule: 'before-failure' });
    expect(given(seen('failed')).when(seen('sent'))).toMatchObject({ kind: 'stale', rule: 'before-failure' });
  });
});

describe('conflicts with terminal facts', () => {
  it.each([
    ['undelivered', 'delivered', 'success-after-failure'],
    ['failed', 'read', 'success-after-failure'],
    ['delivered', 'failed', 'failure-after-success'],
    ['read', 'undelivered', 'failure-after-success'],
    ['failed', 'undelivered', 'failure-after-failure'],
    ['rejected', 'failed', 'failure-after-failure'],
    ['rejected', 'sent', 'sent-after-rejected'],
  ] as const)('%s then %s is a conflict (%s)', (known, observed, rule) => {
    expect(given(seen(known)).when(seen(observed))).toMatchObject({ kind: 'conflict', rule });
  });

  it('names both facts in the reason', () => {
    const decision = given(seen('undelivered', { detail: 'rejected_by_operator' })).when(seen('delivered'));
    expect(decision.kind !== 'accepted' && decision.reason).toBe(
      'delivered contradicts the failure undelivered (rejected_by_operator): success after a failure',
    );
  });

  it('calls two undelivered reasons that differ a conflict, and a reason-less one a duplicate', () => {
    const known = seen('undelivered', { detail: 'rejected_by_operator' });
    expect(given(known).when(seen('undelivered', { detail: 'undelivered_to_recipient' })).kind).toBe('conflict');
    expect(given(known).when(seen('undelivered')).kind).toBe('duplicate');
  });
});

describe('delivered detail', () => {
  const toOperator = seen('delivered', { detail: 'delivered_to_operator' });
  const toRecipient = seen('delivered', { detail: 'delivered_to_recipient' });

  it('refines delivered to the operator into delivered to the recipient', () => {
    expect(given(toOperator).when(toRecipient)).toMatchObject({
      kind: 'accepted',
      rule: 'refine',
      change: { previousState: 'delivered', state: 'delivered', detail: 'delivered_to_recipient', version: 2 },
    });
    expect(given(seen('delivered')).when(toRecipient).kind).toBe('accepted');
  });

  it('calls delivered to the operator after delivered to the recipient stale', () => {
    expect(given(toRecipient).when(toOperator)).toMatchObject({ kind: 'stale', rule: 'less-detail' });
  });

  it('ignores a detail that belongs to another status', () => {
    const decision = given(seen('sent')).when(seen('delivered', { detail: 'rejected_by_operator' as Detail }));
    expect(decision).toMatchObject({ kind: 'accepted', change: { state: 'delivered', detail: null } });
  });
});

describe('attempts (channel fallback)', () => {
  it('opens a higher step whatever the previous attempt reached', () => {
    const decision = given(seen('failed', { attempt: 1, channel: 'Viber' })).when(seen('sent', { attempt: 2, channel: 'WhatsApp' }));
    expect(decision).toMatchObject({
      kind: 'accepted',
      rule: 'next-attempt',
      change: { previousState: 'failed', state: 'sent', attempt: 2, channel: 'WhatsApp', version: 2 },
    });
  });

  it('calls a lower step stale', () => {
    const decision = given(seen('sent', { attempt: 2, channel: 'WhatsApp' })).when(seen('read', { attempt: 1, channel: 'Viber' }));
    expect(decision).toMatchObject({ kind: 'stale', rule: 'earlier-attempt' });
  });

  it('without a step, opens the next attempt on a channel no earlier attempt used', () => {
    const decision = given(seen('undelivered', { channel: 'Viber' })).when(seen('delivered', { channel: 'SMS' }));
    expect(decision).toMatchObject({ kind: 'accepted', change: { attempt: 2, state: 'delivered' } });
  });

  it('without a step, keeps the current channel on the current attempt, in any casing', () => {
    const decision = given(seen('sent', { channel: 'WhatsApp' })).when(seen('read', { channel: 'whatsapp' }));
    expect(decision).toMatchObject({ kind: 'accepted', rule: 'advance', change: { attempt: 1 } });
  });

  it("without a step, calls an earlier attempt's channel stale", () => {
    const decision = given(seen('failed', { channel: 'Viber' }), seen('sent', { channel: 'SMS' })).when(
      seen('read', { channel: 'viber' }),
    );
    expect(decision).toMatchObject({ kind: 'stale', rule: 'earlier-attempt' });
  });

  it('puts an observation with neither step nor channel on the current attempt', () => {
    const decision = given(seen('failed', { channel: 'Viber' }), seen('sent', { channel: 'SMS' })).when(
      seen('delivered', { channel: null }),
    );
    expect(decision).toMatchObject({ kind: 'accepted', change: { attempt: 2, channel: null } });
  });

  it('starts a step-less message on attempt 1 and a stepped one on its step', () => {
    expect(given().when(seen('queued'))).toMatchObject({ change: { attempt: 1 } });
    expect(given().when(seen('queued', { attempt: 2 }))).toMatchObject({ change: { attempt: 2 } });
  });
});

describe('the whole table of docs/contract.md section 3, written by hand', () => {
  for (const known of factNames) {
    for (const observed of factNames) {
      const expected = expectedKind(known, observed);
      it(`${known} then ${observed} is ${expected}`, () => {
        const decision = given(seen(factOf[known].state, { detail: factOf[known].detail })).when(
          seen(factOf[observed].state, { detail: factOf[observed].detail }),
        );
        expect(decision.kind).toBe(expected);
        if (decision.kind === 'accepted') {
          expect(decision.status).toMatchObject(factOf[observed]);
          expect(decision.change).toMatchObject({ previousState: factOf[known].state, version: 2 });
        } else {
          expect(decision.current).toMatchObject({ ...factOf[known], version: 1 });
        }
      });
    }
  }
});

describe('the machine as a graph', () => {
  it('reaches every status from an unobserved message', () => {
    const events = factNames.map((name) => ({
      type: `observed.${factOf[name].state}` as const,
      data: { ...factOf[name], attempt: null, channel: 'SMS' },
    }));
    const paths = getShortestPaths(statusMachine, { events: events as never });
    const reached = new Set(paths.map((path) => JSON.stringify(path.state.value)));
    for (const name of factNames) {
      const { state, detail } = factOf[name];
      const value =
        state === 'delivered' || state === 'undelivered'
          ? { [state]: detail === null ? 'unspecified' : detail.endsWith('operator') ? (state === 'delivered' ? 'toOperator' : 'byOperator') : 'toRecipient' }
          : state;
      expect(reached).toContain(JSON.stringify(value));
    }
  });
});
