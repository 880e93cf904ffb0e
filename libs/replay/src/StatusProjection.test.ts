import type { MessageStatus } from '@msgstatus/status-machine';
import { describe, expect, it } from 'vitest';
import { StatusProjection } from './StatusProjection.js';

const status = (overrides: Partial<MessageStatus> = {}): MessageStatus => ({
  state: 'delivered',
  detail: 'delivered_to_operator',
  attempt: 2,
  channels: ['Viber', null],
  version: 3,
  ...overrides,
});

describe('StatusProjection keeps statuses compactly', () => {
  it('gives back exactly what was restored, for many messages sharing a shape', () => {
    const projection = new StatusProjection();
    for (let index = 0; index < 1_000; index++) projection.restore(`m${index}`, status({ version: index + 1 }));
    expect(projection.get('m41')).toEqual(status({ version: 42 }));
    expect(projection.get('unknown')).toBeUndefined();
    expect(projection.size).toBe(1_000);
  });

  it('keeps statuses that do not fit the packing as they are: huge versions, and shapes past the 2,048th', () => {
    const projection = new StatusProjection();
    projection.restore('old', status({ version: 2_000_000 }));
    expect(projection.get('old')).toEqual(status({ version: 2_000_000 }));
    for (let attempt = 1; attempt <= 2_100; attempt++) projection.restore(`a${attempt}`, status({ attempt, version: 7 }));
    expect(projection.get('a2100')).toEqual(status({ attempt: 2_100, version: 7 }));
    expect(projection.get('a1')).toEqual(status({ attempt: 1, version: 7 }));
  });

  it('tells null channels from the text of one', () => {
    const projection = new StatusProjection();
    projection.restore('x', status({ channels: [null] }));
    projection.restore('y', status({ channels: ['null'] }));
    expect(projection.get('x')!.channels).toEqual([null]);
    expect(projection.get('y')!.channels).toEqual(['null']);
  });
});
