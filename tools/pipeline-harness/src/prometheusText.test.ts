import { describe, expect, it } from 'vitest';
import { sampleSum } from './prometheusText.js';

const text = `# HELP msgstatus_decisions_total What became of each input
# TYPE msgstatus_decisions_total counter
msgstatus_decisions_total{stage="projector",kind="accepted",provider="8x8",app="projector"} 7
msgstatus_decisions_total{stage="projector",kind="accepted",provider="twilio",app="projector"} 1
msgstatus_decisions_total{stage="projector",kind="stale",provider="8x8",app="projector"} 2
msgstatus_decisions_total_other 100
`;

describe('sampleSum', () => {
  it('adds the samples of one metric whose labels include the given ones', () => {
    expect(sampleSum(text, 'msgstatus_decisions_total')).toBe(10);
    expect(sampleSum(text, 'msgstatus_decisions_total', { kind: 'accepted' })).toBe(8);
    expect(sampleSum(text, 'msgstatus_decisions_total', { kind: 'accepted', provider: '8x8' })).toBe(7);
    expect(sampleSum(text, 'msgstatus_decisions_total', { kind: 'conflict' })).toBe(0);
  });
});
