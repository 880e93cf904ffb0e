import type { Observation } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { given } from './testing/index.js';

let sequence = 0;
const seen = (state: Observation['state'], more: Partial<Observation> = {}): Observation => ({
  eventId: (++sequence).toString(16).padStart(32, '0'),
  messageId: '8x8:u-1',
  provider: '8x8',
  providerMessageId: 'u-1',
  state,
  detail: null,
  attempt: null,
  channel: 'SMS',
  occurredAt: '2026-01-05T10:00:00.000Z',
  observedAt: '2026-01-05T10:00:01.000Z',
  error: null,
  providerStatus: state,
  source: { file: 'f', line: sequence },
  ...more,
});

describe('the core: given what is known, when an observation comes, then its outcome', () => {
  it('accepts a first observation with the change record and the new state its consumers write', () => {
    given()
      .when(seen('sent'))
      .then({
        kind: 'accepted',
        rule: 'first',
        change: { messageId: '8x8:u-1', version: 1, previousState: null, state: 'sent', attempt: 1 },
        state: { messageId: '8x8:u-1', state: 'sent', attempt: 1, channels: ['SMS'], version: 1, changedAt: '2026-01-05T10:00:01.000Z' },
      });
  });

  it("keeps the provider account a payload named, also when later ones do not name it", () => {
    given(seen('sent', { account: 'acme' }))
      .when(seen('delivered'))
      .then({ kind: 'accepted', state: { state: 'delivered', account: 'acme' } });
    const { outcome } = given().when(seen('sent')).then('accepted');
    expect(outcome.kind === 'accepted' && outcome.state).not.toHaveProperty('account');
  });

  it('passes a duplicate and a stale receipt by, with the rule and a reason', () => {
    given(seen('delivered')).when(seen('delivered')).then({ kind: 'duplicate', rule: 'same-status', reason: 'delivered says nothing new: the message is already delivered' });
    given(seen('delivered')).when(seen('sent')).then({ kind: 'stale', rule: 'lower-rank' });
  });

  it('carries a conflict\'s anomaly with both facts, so nothing looks the state up again', () => {
    const { outcome } = given(seen('sent'), seen('delivered')).when(seen('failed')).then({ kind: 'conflict', rule: 'failure-after-success' });
    expect(outcome.kind === 'conflict' && outcome.anomaly).toMatchObject({
      messageId: '8x8:u-1',
      rule: 'failure-after-success',
      known: { state: 'delivered', version: 2 },
      observation: { state: 'failed' },
    });
  });

  it('expires an unknown message\'s observation older than the state retention', () => {
    given()
      .withOptions({ stateRetentionMs: 60_000 })
      .when(seen('delivered', { occurredAt: '2026-01-05T09:00:00.000Z' }))
      .then({ kind: 'expired', rule: 'expired' });
  });

  it('fails the test when the outcome is not the one expected: then asserts', () => {
    expect(() => given().when(seen('sent')).then('duplicate')).toThrow();
  });
});
