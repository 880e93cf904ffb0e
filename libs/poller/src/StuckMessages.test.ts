import { describe, expect, it } from 'vitest';
import { StuckMessages } from './StuckMessages.js';

const minute = 60_000;
const policy = { stuckAfterMs: 10 * minute, stuckStates: new Set(['queued', 'sent'] as const), maxPolls: 3, providers: new Set(['8x8', 'alphasms']) };

describe('StuckMessages', () => {
  it('makes a message due once it has stayed in a stuck state for the configured age, longest waiting first', () => {
    const stuck = new StuckMessages(policy);
    stuck.observe('8x8:b', { state: 'sent', version: 2 }, 1 * minute);
    stuck.observe('8x8:a', { state: 'queued', version: 1 }, 0);
    expect(stuck.due(10 * minute - 1)).toEqual([]);
    expect(stuck.due(10 * minute).map((message) => message.messageId)).toEqual(['8x8:a']);
    expect(stuck.due(11 * minute)).toMatchObject([
      { messageId: '8x8:a', provider: '8x8', providerMessageId: 'a', state: 'queued' },
      { messageId: '8x8:b', providerMessageId: 'b', state: 'sent' },
    ]);
  });

  it('tracks only stuck states of pollable providers, and lets a message go when it moves on or is deleted', () => {
    const stuck = new StuckMessages(policy);
    stuck.observe('chuanglan:1', { state: 'sent', version: 1 }, 0);
    stuck.observe('8x8:done', { state: 'delivered', version: 3 }, 0);
    stuck.observe('8x8:moves', { state: 'sent', version: 1 }, 0);
    stuck.observe('alphasms:gone', { state: 'queued', version: 1 }, 0);
    stuck.observe('8x8:moves', { state: 'failed', version: 2 }, minute);
    stuck.observe('alphasms:gone', null, minute);
    expect(stuck.size).toBe(0);
  });

  it('lets a final message go, even in a stuck state: a closed receipt window changes no more', () => {
    const stuck = new StuckMessages(policy);
    stuck.observe('8x8:closed', { state: 'sent', version: 1 }, 0);
    expect(stuck.size).toBe(1);
    stuck.observe('8x8:closed', { state: 'sent', version: 2, final: true }, minute);
    stuck.observe('8x8:other', { state: 'sent', version: 2, final: true }, minute);
    expect(stuck.size).toBe(0);
    stuck.observe('8x8:open', { state: 'sent', version: 1, final: false }, minute);
    expect(stuck.size).toBe(1);
  });

  it('starts the clock again on a newer state only: a state read again after a restart changes nothing', () => {
    const stuck = new StuckMessages(policy);
    stuck.observe('8x8:a', { state: 'queued', version: 1 }, 0);
    stuck.observe('8x8:a', { state: 'sent', version: 2 }, 5 * minute);
    stuck.observe('8x8:a', { state: 'sent', version: 2 }, 9 * minute);
    expect(stuck.due(14 * minute)).toEqual([]);
    expect(stuck.due(15 * minute)).toMatchObject([{ state: 'sent', since: 5 * minute }]);
  });

  it('polls again after twice as long each time, and gives up after maxPolls', () => {
    const stuck = new StuckMessages(policy);
    stuck.observe('8x8:a', { state: 'sent', version: 1 }, 0);
    expect(stuck.polled('8x8:a', 10 * minute)).toBe(true);
    expect(stuck.due(29 * minute)).toEqual([]);
    expect(stuck.due(30 * minute)).toHaveLength(1);
    expect(stuck.polled('8x8:a', 30 * minute)).toBe(true);
    expect(stuck.due(69 * minute)).toEqual([]);
    expect(stuck.polled('8x8:a', 70 * minute)).toBe(false);
    expect(stuck.size).toBe(0);
  });
});
