import { decide, type MessageStatus } from '@msgstatus/status-machine';
import { describe, expect, it } from 'vitest';
import { observationWorkload } from './observationWorkload.js';
import { plainDecide } from './plainReducer.js';

describe('the benchmark baselines', () => {
  it('decide and the plain reducer agree on the benchmark workload', () => {
    const { messageIndex, observations } = observationWorkload(50_000, 5_000);
    const fast = new Map<number, MessageStatus>();
    const plain = new Map<number, MessageStatus>();
    observations.forEach((observation, index) => {
      const message = messageIndex[index]!;
      const decision = decide(fast.get(message), observation);
      const baseline = plainDecide(plain.get(message), observation);
      expect(baseline.kind).toBe(decision.kind);
      if (decision.kind === 'accepted') fast.set(message, decision.status);
      if (baseline.status) plain.set(message, baseline.status);
    });
    expect([...plain.entries()]).toEqual([...fast.entries()]);
  });
});
