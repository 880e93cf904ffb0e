import type { Observation } from '@msgstatus/canonical';
import { describe, expect, it } from 'vitest';
import { Projection, type ProjectionOptions } from './Projection.js';
import { ReceiptRules } from './ReceiptRules.js';

const hour = 3_600_000;
const start = Date.UTC(2026, 0, 5);
const at = (hours: number) => new Date(start + hours * hour).toISOString();

const observation = (messageId: string, state: Observation['state'], hours: number, more: Partial<Observation> = {}): Observation => {
  const [provider, providerMessageId] = messageId.split(':') as [string, string];
  return {
    eventId: `${messageId}${state}${hours}`.replace(/[^0-9a-f]/g, '').padEnd(32, '0').slice(0, 32),
    messageId,
    provider,
    providerMessageId,
    state,
    detail: null,
    attempt: null,
    channel: 'SMS',
    occurredAt: at(hours),
    observedAt: at(hours),
    error: null,
    providerStatus: state,
    source: { file: 'f', line: 1 },
    ...more,
  };
};

/** Projects each observation; the change records written, closures first, as the projector and replay write them. */
function changesOf(projection: Projection, observations: Observation[]) {
  return observations.flatMap((item) => {
    const outcome = projection.project(item);
    const closed = projection.takeClosed().map((closure) => closure.change);
    return outcome.kind === 'accepted' ? [...closed, outcome.change] : closed;
  });
}

describe('receipt windows close messages that are not final', () => {
  // 8x8's SMS window: 49 h (docs/contract.md section 3).
  it('closes a sent SMS once the receipt clock is its window and 1% more past its last change: state kept, final', () => {
    const projection = new Projection();
    changesOf(projection, [observation('8x8:a', 'sent', 0)]);
    expect(changesOf(projection, [observation('8x8:other', 'queued', 49.4)])).toHaveLength(1);
    const [closure] = changesOf(projection, [observation('8x8:other2', 'queued', 49.6)]);
    expect(closure).toEqual({
      messageId: '8x8:a',
      version: 2,
      state: 'sent',
      previousState: 'sent',
      detail: null,
      attempt: 1,
      channel: 'SMS',
      occurredAt: at(49),
      observedAt: at(49),
      error: null,
      provider: '8x8',
      providerMessageId: 'a',
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      final: true,
      finalReason: 'window-closed',
    });
    expect(projection.get('8x8:a')).toMatchObject({ state: 'sent', version: 2, final: 'window-closed' });
  });

  it('closes a message first when its own receipt comes after its window, and refuses the receipt as after-final', () => {
    const projection = new Projection();
    changesOf(projection, [observation('8x8:a', 'sent', 0)]);
    // Past its window but within the clock's 1%: only its own receipt can close it, before it is decided.
    const late = observation('8x8:a', 'delivered', 49.2);
    const outcome = projection.project(late);
    expect(projection.takeClosed().map((closure) => [closure.change.version, closure.change.finalReason, closure.change.observedAt])).toEqual([[2, 'window-closed', at(49)]]);
    expect(outcome.kind).toBe('conflict');
    expect(outcome.rule).toBe('after-final');
    expect(outcome.kind === 'conflict' && outcome.anomaly.known).toMatchObject({ state: 'sent', version: 2, final: true, finalReason: 'window-closed' });
  });

  it('accepts a receipt inside its window and starts the window again from it', () => {
    const projection = new Projection();
    expect(changesOf(projection, [observation('8x8:a', 'queued', 0), observation('8x8:a', 'sent', 48)]).map((change) => change.final)).toEqual([false, false]);
    // 49 h from the sent, not from the queued.
    expect(changesOf(projection, [observation('8x8:b', 'queued', 60)])).toHaveLength(1);
    const [closure] = changesOf(projection, [observation('8x8:b', 'queued', 98)]);
    expect(closure).toMatchObject({ messageId: '8x8:a', version: 3, observedAt: at(97) });
  });

  it('gives the same records per message whether the clock or the message itself closed the window', () => {
    const history = [observation('8x8:a', 'sent', 0), observation('8x8:b', 'sent', 1), observation('8x8:b', 'delivered', 51), observation('8x8:a', 'delivered', 52)];
    const perMessage = (changes: ReturnType<typeof changesOf>, messageId: string) => changes.filter((change) => change.messageId === messageId);
    const together = changesOf(new Projection(), history);
    // Each message alone: nothing else moves the clock, so only its own receipt closes it.
    for (const messageId of ['8x8:a', '8x8:b']) {
      const alone = changesOf(new Projection(), history.filter((item) => item.messageId === messageId));
      expect(alone).toEqual(perMessage(together, messageId));
      expect(alone.map((change) => change.finalReason)).toEqual([null, 'window-closed']);
    }
  });

  it('is final at once where the channel ends, so no window runs', () => {
    const projection = new Projection();
    const [delivered] = changesOf(projection, [observation('8x8:a', 'delivered', 0)]);
    expect(delivered).toMatchObject({ final: true, finalReason: 'last-state' });
    expect(changesOf(projection, [observation('8x8:b', 'queued', 100)])).toHaveLength(1);
    expect(projection.openCount).toBe(1);
  });

  it('closes a failure after its window where the provider falls back, at once where it does not', () => {
    const projection = new Projection();
    const [eightByEight, meta] = changesOf(projection, [observation('8x8:a', 'failed', 0), observation('meta-whatsapp:a', 'failed', 0, { channel: 'WhatsApp' })]);
    expect([eightByEight!.finalReason, meta!.finalReason]).toEqual([null, 'failure']);
    // A fallback step within the window is accepted.
    expect(changesOf(projection, [observation('8x8:a', 'sent', 1, { channel: 'WhatsApp' })])).toMatchObject([{ version: 2, attempt: 2, final: false }]);
  });

  it('takes windows from the settings over the providers defaults, per provider and channel, or none when off', () => {
    const settings: ProjectionOptions['receiptWindows'] = { off: false, windows: [{ provider: '8x8', channel: 'sms', ms: 2 * hour }] };
    const projection = new Projection({ receiptWindows: settings });
    changesOf(projection, [observation('8x8:a', 'sent', 0), observation('8x8:b', 'sent', 0, { channel: 'WhatsApp' })]);
    expect(changesOf(projection, [observation('8x8:c', 'queued', 3)]).map((change) => change.messageId)).toEqual(['8x8:a', '8x8:c']);
    const off = new Projection({ receiptWindows: { off: true, windows: [] } });
    changesOf(off, [observation('8x8:a', 'sent', 0)]);
    expect(changesOf(off, [observation('8x8:b', 'queued', 10_000)]).map((change) => change.messageId)).toEqual(['8x8:b']);
    expect(new ReceiptRules(settings).windowMs('8x8', 'SMS')).toBe(2 * hour);
    expect(new ReceiptRules(settings).windowMs('8x8', 'WhatsApp')).toBe(30 * 24 * hour);
    expect(new ReceiptRules(settings).windowMs('8x8', null)).toBe(30 * 24 * hour);
    expect(new ReceiptRules().windowMs('unknown-provider', 'SMS')).toBeNull();
    // A provider-wide setting replaces every default of the provider; a channel's setting still wins on its channel.
    const wide = new ReceiptRules({ off: false, windows: [{ provider: '8x8', channel: '*', ms: 3 * hour }, { provider: '8x8', channel: 'Viber', ms: hour }] });
    expect([wide.windowMs('8x8', 'SMS'), wide.windowMs('8x8', 'WhatsApp'), wide.windowMs('8x8', 'viber'), wide.windowMs('twilio', 'SMS')]).toEqual([3 * hour, 3 * hour, hour, 72 * hour]);
  });

  it('removes a closed message a retention after its window closed, so the state is bounded for all traffic', () => {
    const projection = new Projection({ stateRetentionMs: 24 * hour });
    changesOf(projection, [observation('8x8:a', 'sent', 0)]);
    changesOf(projection, [observation('8x8:b', 'queued', 50)]);
    expect(projection.removeEnded()).toEqual([]);
    changesOf(projection, [observation('8x8:c', 'delivered', 49 + 24.3)]);
    expect(projection.removeEnded()).toEqual(['8x8:a']);
    expect(projection.get('8x8:a')).toBeUndefined();
  });

  it('restores an open message with its window running from its last change', () => {
    const projection = new Projection();
    projection.restore('8x8:a', { state: 'sent', detail: null, attempt: 1, channels: ['SMS'], version: 4, clientRef: 'order-7' }, start);
    projection.restored();
    const [closure] = changesOf(projection, [observation('8x8:b', 'queued', 49.6)]);
    expect(closure).toMatchObject({ messageId: '8x8:a', version: 5, observedAt: at(49), clientRef: 'order-7' });
  });
});

describe("the sender's reference", () => {
  it('is carried from the observation that names it onto every later change and the state', () => {
    const projection = new Projection();
    const changes = changesOf(projection, [observation('8x8:a', 'queued', 0, { clientRef: 'order-1842' }), observation('8x8:a', 'sent', 1)]);
    expect(changes.map((change) => change.clientRef)).toEqual(['order-1842', 'order-1842']);
    const outcome = projection.project(observation('8x8:a', 'delivered', 2));
    expect(outcome.kind === 'accepted' && outcome.state).toMatchObject({ clientRef: 'order-1842', final: true, finalReason: 'last-state' });
  });

  it('is absent where no payload named one', () => {
    const [change] = changesOf(new Projection(), [observation('8x8:a', 'queued', 0)]);
    expect(change).not.toHaveProperty('clientRef');
  });
});
