import { decide, finalReason } from '@msgstatus/status-machine';
import { describe, expect, it } from 'vitest';
import { decisionTable } from './decisionTable.js';

describe('the decision table the Kafka Streams peer decides with', () => {
  const table = decisionTable();

  it('has every fact once, a reaction for each as a first observation, and one per known fact, observed fact and attempt relation', () => {
    expect(table.facts).toHaveLength(11);
    expect(new Set(table.facts.map((fact) => `${fact.state}/${fact.detail}`)).size).toBe(11);
    expect(table.first.every((reaction) => reaction.kind === 'accepted' && reaction.rule === 'first')).toBe(true);
    expect(table.later).toHaveLength(11 * 11 * 3 * 2);
  });

  it('says when each fact is final as finalReason() does, on every probed channel and fallback', () => {
    table.facts.forEach((fact, index) => {
      const { always, onChannels, withoutFallback } = table.finality[index]!;
      for (const channel of ['SMS', 'WhatsApp', 'Viber', 'RCS']) {
        for (const fallback of [true, false]) {
          const final = always || (onChannels as ReadonlyArray<string>).includes(channel) || (!fallback && withoutFallback);
          expect(final, `${fact.state}/${fact.detail} on ${channel}, fallback ${fallback}`).toBe(finalReason({ ...fact, attempt: 1, channels: [channel] }, { fallback }) !== null);
        }
      }
    });
    expect(table.fallback).toMatchObject({ '8x8': true, alphasms: true, twilio: false });
  });

  it('says what decide() says, looked up as the peer looks it up', () => {
    const relations = ['WhatsApp', 'SMS', 'Viber'] as const;
    table.facts.forEach((known, knownIndex) =>
      table.facts.forEach((observed, observedIndex) =>
        relations.forEach((channel, relation) =>
          ([null, 'window-closed'] as const).forEach((final, finalBit) => {
            const decision = decide({ ...known, attempt: 2, channels: ['Viber', 'WhatsApp'], version: 2, final }, { ...observed, attempt: null, channel });
            const reaction = table.later[((knownIndex * table.facts.length + observedIndex) * 3 + relation) * 2 + finalBit]!;
            expect(reaction.kind).toBe(decision.kind);
            expect(reaction.rule).toBe(decision.rule);
            if (decision.kind === 'accepted') expect([reaction.state, reaction.detail]).toEqual([decision.status.state, decision.status.detail]);
          }),
        ),
      ),
    );
  });
});
