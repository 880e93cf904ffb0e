import { describe, expect, it } from 'vitest';
import { messageFlags } from '../reportFormat.js';
import { MessageCatalog } from './MessageCatalog.js';

const catalog = new MessageCatalog({
  id: ['8x8:AbC-1', 'chuanglan:356139161272397824', 'alphasms:20001'],
  providerMessageId: ['AbC-1', '356139161272397824', '20001'],
  finalState: ['read', 'failed', 'delivered'],
  flags: [messageFlags.fallback | messageFlags.late, messageFlags.conflict, 0],
  eventCount: [2, 1, 3],
  eventDeltas: [3, 4, 0, 1, 5, 2],
});

describe('MessageCatalog', () => {
  it("finds messages by any part of their id or the provider's id, in any case", () => {
    expect([...catalog.search('abc', [])]).toEqual([0]);
    expect([...catalog.search('  3561391612  ', [])]).toEqual([1]);
    expect([...catalog.search('', [])]).toEqual([0, 1, 2]);
    expect(catalog.find('alphasms:20001')).toBe(2);
  });

  it('keeps only messages with every flag asked for', () => {
    expect([...catalog.search('', ['fallback', 'late'])]).toEqual([0]);
    expect([...catalog.search('', ['fallback', 'conflict'])]).toEqual([]);
    expect(catalog.flags(0)).toEqual(['fallback', 'late']);
  });

  it("gives each message's event ordinals from the deltas", () => {
    expect(catalog.events(0)).toEqual([3, 7]);
    expect(catalog.events(1)).toEqual([0]);
    expect(catalog.events(2)).toEqual([1, 6, 8]);
  });
});
