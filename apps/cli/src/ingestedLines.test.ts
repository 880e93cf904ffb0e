import { readFileSync } from 'node:fs';
import { ingestLine } from '@msgstatus/replay';
import type { IngestOutcome } from '@msgstatus/status-core';
import { describe, expect, it } from 'vitest';
import { decodeIngested, encodeIngested } from './ingestedLines.js';

const sample = readFileSync(new URL('../samples/provider-events.ndjson', import.meta.url), 'utf8').split('\n');

describe('encodeIngested and decodeIngested', () => {
  it('give back every outcome of the sample as ingestLine made it, keys in the same order', () => {
    const firstLine = 1;
    const ingested = sample.map((line, index) => ingestLine(line, 'sample.ndjson', firstLine + index));
    const decoded = decodeIngested(encodeIngested(ingested), 'sample.ndjson', firstLine);
    // Text, not deep equality: the change records' bytes follow the observations' key order.
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(ingested));
    // What the sample must hold for this to prove anything: every shape of item and every optional field.
    const outcomes = ingested.flatMap((items) => items ?? []);
    const observed = outcomes.flatMap((outcome: IngestOutcome) => (outcome.kind === 'observed' ? [outcome.observation] : []));
    expect(ingested).toContain(null);
    expect(ingested.some((items) => items !== null && items.length > 1)).toBe(true);
    expect(outcomes.some((outcome) => outcome.kind === 'ignored')).toBe(true);
    expect(outcomes.some((outcome) => outcome.kind === 'invalid')).toBe(true);
    expect(observed.some((observation) => observation.account !== undefined)).toBe(true);
    expect(observed.some((observation) => observation.clientRef !== undefined)).toBe(true);
    expect(observed.some((observation) => observation.error !== null)).toBe(true);
  });

  it('numbers sources from the task\'s first line', () => {
    const line = sample.find((text) => text.includes('"8x8"'))!;
    const [decoded] = decodeIngested(encodeIngested([ingestLine(line, 'f', 41)]), 'f', 41);
    expect(decoded?.[0]).toMatchObject({ kind: 'observed', observation: { source: { file: 'f', line: 41 } } });
  });
});
