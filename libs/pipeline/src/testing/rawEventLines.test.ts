import { Replay } from '@msgstatus/replay';
import { describe, expect, it } from 'vitest';
import { rawEventLines } from './rawEventLines.js';

describe('rawEventLines', () => {
  it('generates lines that replay with every provider represented, and only the intended few invalid', () => {
    const replay = new Replay({ file: 'generated' });
    const providers = new Set<string>();
    let line = 0;
    for (const text of rawEventLines(5_000, 500)) {
      replay.line(text, ++line);
      if (!text.includes('"broken"')) providers.add(JSON.parse(text).provider);
    }
    const report = replay.report();
    expect([...providers].sort()).toEqual(['8x8', 'alphasms', 'chuanglan']);
    expect(report.raw).toBe(5_000);
    const reasons = new Set(report.invalidLines.map((invalid) => invalid.reason.split(':')[0]));
    expect(reasons).toEqual(new Set(['not JSON', 'unmapped AlphaSMS status "TELEPORTED"']));
    expect(report.invalid).toBeGreaterThan(20);
    expect(report.invalid).toBeLessThan(100);
    expect(report.accepted).toBeGreaterThan(1_000);
    expect(report.duplicate + report.stale).toBeGreaterThan(100);
  });

  it('is deterministic', () => {
    expect([...rawEventLines(100, 10)]).toEqual([...rawEventLines(100, 10)]);
  });
});
