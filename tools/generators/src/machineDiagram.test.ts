import { describe, expect, it } from 'vitest';
import { machineDiagram } from './machineDiagram.js';

describe('machineDiagram', () => {
  const diagram = machineDiagram();

  it('draws the progress path and the failures the machine accepts', () => {
    for (const edge of ['queued --> sent', 'sent --> delivered', 'delivered --> read', 'queued --> rejected', 'sent --> failed']) {
      expect(diagram).toContain(`  ${edge}\n`);
    }
  });

  it('draws no transition the contract forbids', () => {
    for (const edge of ['sent --> rejected', 'delivered --> failed', 'read --> delivered', 'failed --> delivered', 'rejected --> sent']) {
      expect(diagram).not.toContain(`  ${edge}\n`);
    }
  });

  it('shows the delivered refinement as a loop', () => {
    expect(diagram).toContain('delivered --> delivered : delivered to the recipient');
  });
});
