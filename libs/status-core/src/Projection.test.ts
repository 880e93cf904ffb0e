import type { Observation } from '@msgstatus/canonical';
import type { MessageStatus } from '@msgstatus/status-machine';
import { describe, expect, it } from 'vitest';
import { Projection } from './Projection.js';

const status = (overrides: Partial<MessageStatus> = {}): MessageStatus => ({
  state: 'delivered',
  detail: 'delivered_to_operator',
  attempt: 2,
  channels: ['Viber', null],
  version: 3,
  ...overrides,
});

const restoredAt = Date.UTC(2026, 0, 5);

describe('Projection keeps statuses compactly', () => {
  it('gives back exactly what was restored, for many messages sharing a shape', () => {
    const projection = new Projection();
    for (let index = 0; index < 1_000; index++) projection.restore(`m${index}`, status({ version: index + 1 }), restoredAt);
    expect(projection.get('m41')).toEqual(status({ version: 42, final: null }));
    expect(projection.get('unknown')).toBeUndefined();
    expect(projection.size).toBe(1_000);
  });

  it('keeps statuses that do not fit the packing as they are: huge versions, and shapes past the 2,048th', () => {
    const projection = new Projection();
    projection.restore('old', status({ version: 2_000_000 }), restoredAt);
    expect(projection.get('old')).toEqual(status({ version: 2_000_000, final: null }));
    for (let attempt = 1; attempt <= 2_100; attempt++) projection.restore(`a${attempt}`, status({ attempt, version: 7 }), restoredAt);
    expect(projection.get('a2100')).toEqual(status({ attempt: 2_100, version: 7, final: null }));
    expect(projection.get('a1')).toEqual(status({ attempt: 1, version: 7, final: null }));
  });

  it('tells null channels from the text of one', () => {
    const projection = new Projection();
    projection.restore('x', status({ channels: [null] }), restoredAt);
    projection.restore('y', status({ channels: ['null'] }), restoredAt);
    expect(projection.get('x')!.channels).toEqual([null]);
    expect(projection.get('y')!.channels).toEqual(['null']);
  });
});

describe('Projection forgets messages that ended long ago', () => {
  const day = 86_400_000;
  const retention = 30 * day;
  const at = (days: number) => new Date(Date.UTC(2026, 0, 5) + days * day).toISOString();
  const observation = (state: Observation['state'], occurredDay: number, observedDay = occurredDay, messageId = 'chuanglan:1'): Observation => ({
    eventId: `${state}${occurredDay}${observedDay}`.padEnd(32, '0'),
    messageId,
    provider: 'chuanglan',
    providerMessageId: messageId.split(':')[1]!,
    state,
    detail: null,
    attempt: null,
    channel: 'WhatsApp',
    occurredAt: at(occurredDay),
    observedAt: at(observedDay),
    error: null,
    providerStatus: state,
    source: { file: 'f', line: 1 },
  });
  const kinds = (projection: Projection, observations: Observation[]) => observations.map((item) => projection.project(item).kind);

  it('does not start a removed message again: a late receipt of it is expired, not version 1', () => {
    const projection = new Projection({ stateRetentionMs: retention });
    expect(kinds(projection, [observation('sent', 0), observation('read', 1)])).toEqual(['accepted', 'accepted']);
    const late = projection.project(observation('delivered', 0.5, 40));
    expect(late.kind).toBe('expired');
    expect(late.kind === 'expired' && late.reason).toMatch(/longer ago than the state retention/);
    expect(projection.get('chuanglan:1')).toBeUndefined();
    expect(projection.removeEnded()).toEqual(['chuanglan:1']);
  });

  it('takes an observation of a message never seen that happened longer ago than the retention as expired too', () => {
    const projection = new Projection({ stateRetentionMs: retention });
    expect(kinds(projection, [observation('delivered', 0, 31), observation('delivered', 10, 31, 'chuanglan:2')])).toEqual(['expired', 'accepted']);
  });

  it('keeps a message that has not ended, however old, when receipt windows are off', () => {
    const projection = new Projection({ stateRetentionMs: retention, receiptWindows: { off: true, windows: [] } });
    expect(kinds(projection, [observation('delivered', 0), observation('sent', 100, 100, 'chuanglan:2'), observation('read', 99, 100)])).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(projection.removeEnded()).toEqual([]);
    expect(projection.get('chuanglan:1')?.version).toBe(2);
  });

  it('removes ended messages once receipt time is a retention past their last change, and only those', () => {
    const projection = new Projection({ stateRetentionMs: retention });
    kinds(projection, [observation('failed', 0, 0, 'chuanglan:old'), observation('read', 5, 5, 'chuanglan:young'), observation('sent', 6, 6, 'chuanglan:open')]);
    expect(projection.removeEnded()).toEqual([]);
    projection.project(observation('sent', 31, 31, 'chuanglan:other'));
    expect(projection.removeEnded()).toEqual(['chuanglan:old']);
    expect([projection.get('chuanglan:old'), projection.get('chuanglan:young')?.state, projection.get('chuanglan:open')?.state]).toEqual([undefined, 'read', 'sent']);
  });

  it('decides alike whether or not removals ran in between (replay never runs them)', () => {
    const observations = [
      observation('sent', 0, 0, 'chuanglan:a'),
      observation('failed', 1, 1, 'chuanglan:a'),
      observation('read', 2, 2, 'chuanglan:b'),
      observation('sent', 31.5, 31.5, 'chuanglan:c'),
      observation('failed', 0.5, 31.6, 'chuanglan:a'),
      observation('read', 1, 33, 'chuanglan:b'),
      observation('delivered', 32, 33, 'chuanglan:b'),
    ];
    const sweeping = new Projection({ stateRetentionMs: retention });
    const swept = observations.map((item) => {
      const step = sweeping.project(item);
      sweeping.removeEnded();
      return [step.kind, step.kind === 'accepted' ? step.change : null];
    });
    const neverSweeping = new Projection({ stateRetentionMs: retention });
    const unswept = observations.map((item) => {
      const step = neverSweeping.project(item);
      return [step.kind, step.kind === 'accepted' ? step.change : null];
    });
    expect(unswept).toEqual(swept);
    expect(swept.map(([kind]) => kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'expired', 'expired', 'accepted']);
  });

  it('restores the end time of ended messages, so a restored partition removes them alike', () => {
    const projection = new Projection({ stateRetentionMs: retention });
    projection.restore('chuanglan:young', status({ state: 'read', detail: null, version: 2 }), Date.parse(at(20)));
    projection.restore('chuanglan:old', status({ state: 'failed', detail: null, version: 2 }), Date.parse(at(1)));
    projection.restored();
    expect(projection.endedAt('chuanglan:old')).toBe(Date.parse(at(1)));
    projection.project(observation('sent', 32, 32, 'chuanglan:new'));
    expect(projection.removeEnded()).toEqual(['chuanglan:old']);
  });
});
