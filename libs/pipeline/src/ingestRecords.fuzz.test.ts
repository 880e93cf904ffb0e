import { readdirSync, readFileSync } from 'node:fs';
import { deadLetterHeaders, Observation, topicNames, type KafkaRecordLike } from '@msgstatus/canonical';
import { providerIds } from '@msgstatus/provider-registry';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestRecords } from './ingestRecords.js';
import { Tally } from '@msgstatus/status-core';

const names = topicNames('fuzz');
const providers = providerIds;
const fixtureBytes = providers.flatMap((provider) => {
  const folder = new URL(`../../providers/${provider}/src/fixtures/`, import.meta.url);
  return readdirSync(folder).map((name) => ({ provider, bytes: readFileSync(new URL(name, folder)) }));
});

const record = (provider: string, value: Buffer | null, headers: Record<string, string | Buffer> = {}): KafkaRecordLike => ({
  topic: names.raw(provider),
  partition: 0,
  offset: '0',
  key: null,
  value,
  headers: Object.fromEntries(Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)])),
  timestamp: '1767607200000',
});

/** What arrives on a raw topic from a buggy or hostile sender. */
const hostileRecord = fc.oneof(
  fc.record({ provider: fc.constantFrom(...providers), bytes: fc.uint8Array({ maxLength: 2_000 }) }),
  fc
    .record({ fixture: fc.constantFrom(...fixtureBytes), cut: fc.nat() })
    .map(({ fixture, cut }) => ({ provider: fixture.provider, bytes: fixture.bytes.subarray(0, cut % fixture.bytes.length) })),
  fc
    .record({ fixture: fc.constantFrom(...fixtureBytes), at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) })
    .map(({ fixture, at, byte }) => {
      const bytes = Buffer.from(fixture.bytes);
      bytes[at % bytes.length] = byte;
      return { provider: fixture.provider, bytes };
    }),
  fc.record({ provider: fc.constantFrom(...providers), json: fc.jsonValue({ maxDepth: 5 }) }).map(({ provider, json }) => ({
    provider,
    bytes: Buffer.from(JSON.stringify(json) ?? 'null'),
  })),
);

describe('the ingestor core under hostile records', () => {
  it('never throws, and every record ends as observations, a dead letter with its bytes and a reason, or counted as ignored', () => {
    fc.assert(
      fc.property(hostileRecord, fc.boolean(), ({ provider, bytes }, withHeaders) => {
        const counts = new Tally();
        const input = record(provider, Buffer.from(bytes), withHeaders ? { provider, 'received-at': '2026-01-05T10:00:00Z' } : {});
        const outputs = ingestRecords([input], names, counts);
        expect(outputs.length + counts.ignored).toBeGreaterThan(0);
        expect(counts.observations + counts.invalid).toBe(outputs.length);
        for (const output of outputs) {
          if (output.topic === names.observations) {
            expect(Observation.safeParse(JSON.parse(String(output.value))).success).toBe(true);
          } else {
            expect(output.topic).toBe(names.deadLetter);
            expect(output.value).toEqual(input.value);
            const reason = String(output.headers?.[deadLetterHeaders.reason]);
            expect(reason.length).toBeGreaterThan(10);
            expect(reason.length).toBeLessThanOrEqual(1_000);
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses a payload over the size limit without reading it', () => {
    const counts = new Tally();
    const outputs = ingestRecords([record('8x8', Buffer.alloc(2_000_000, 0x20))], names, counts);
    expect(String(outputs[0]!.headers?.[deadLetterHeaders.reason])).toBe('raw event of 2000000 bytes is over the limit of 1048576');
    expect(counts.invalid).toBe(1);
  });

  it('keeps a poison record from holding up the rest of its batch', () => {
    const good = readFileSync(new URL('../../providers/chuanglan/src/fixtures/seed-read.json', import.meta.url));
    const counts = new Tally();
    const outputs = ingestRecords(
      [record('chuanglan', Buffer.from([0xff, 0xfe])), record('chuanglan', good), record('chuanglan', null)],
      names,
      counts,
    );
    expect(outputs.map((output) => output.topic)).toEqual([names.deadLetter, names.observations, names.deadLetter]);
    expect(counts.raw).toBe(3);
    expect(counts.invalid).toBe(2);
  });
});
