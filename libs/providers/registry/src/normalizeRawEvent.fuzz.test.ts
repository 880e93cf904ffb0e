import { readdirSync, readFileSync } from 'node:fs';
import { Observation, type RawEvent } from '@msgstatus/canonical';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRawEvent, providerIds } from './normalizeRawEvent.js';

const fixturesOf = (provider: string): unknown[] => {
  const folder = new URL(`../../${provider}/src/fixtures/`, import.meta.url);
  return readdirSync(folder).map((name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8')));
};
const fixtures = Object.fromEntries(providerIds.map((provider) => [provider, fixturesOf(provider)]));

const event = (provider: string, payload: unknown): RawEvent => ({
  provider,
  receivedAt: '2026-01-05T10:00:00.000Z',
  payload,
  source: { file: 'fuzz', line: 1 },
});

/** Replaces the value at one path of `value` (chosen by `pick`) with `replacement`. */
function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: Array<Array<string | number>> = [];
  const walk = (node: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((child, index) => walk(child, [...path, index]));
    else if (node !== null && typeof node === 'object') for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(value, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

/** Nothing crashes; each item is accounted for; refusals say why in one readable line. */
function expectAccountedFor(provider: string, payload: unknown): void {
  const items = normalizeRawEvent(event(provider, payload));
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    if (item._tag === 'Observed') {
      expect(Observation.safeParse(item.observation).success).toBe(true);
      expect(item.observation.messageId.startsWith(`${provider}:`)).toBe(true);
    } else {
      expect(item.reason.length).toBeGreaterThan(10);
      expect(item.reason.length).toBeLessThan(2_000);
      expect(item.reason).not.toContain('\n');
      expect(item.reason).not.toMatch(/normalizer failed/);
    }
  }
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ minLength: 10_000, maxLength: 50_000 }),
  fc.array(fc.constant({ success: true, data: { id: 1, type: 'sms', status: 'SENT' } }), { minLength: 1_000, maxLength: 3_000 }),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc.constantFrom('2026-13-45T99:99:99Z', '', 'yesterday', '2026-01-05T10:00:00+25:00', '\u0000', '\ud800'),
);

describe.each(providerIds)('the %s normalizer under hostile input', (provider) => {
  it('accounts for any JSON at all, with a reason for what it refuses', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (payload) => expectAccountedFor(provider, payload)), { numRuns: 300 });
  });

  it('accounts for its own payloads with any one field replaced by something hostile', () => {
    const payloads = fixtures[provider]!;
    fc.assert(
      fc.property(fc.nat(payloads.length - 1), fc.nat(), hostile, (index, pick, replacement) =>
        expectAccountedFor(provider, mutate(payloads[index], pick, replacement)),
      ),
      { numRuns: 400 },
    );
  });
});
