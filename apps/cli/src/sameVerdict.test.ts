import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { maxRawEventBytes, readRawRecord, topicNames, type Observation } from '@msgstatus/canonical';
import { Replay, type ReplayEntry } from '@msgstatus/replay';
import { ingest, type IngestOutcome } from '@msgstatus/status-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from './readLines.js';
import { replayLine } from './replayStream.js';

// Replay promises the pipeline's answer. Here the same payload bytes go both ways: as a raw
// topic's record value through the ingestor's reading (readRawRecord, then the core's ingest),
// and as the payload of an envelope line through the CLI's reader and replay.
const names = topicNames();
const receivedAt = '2026-01-05T10:00:00.000Z';
const sampleLines = readFileSync(new URL('../samples/provider-events.ndjson', import.meta.url), 'utf8').trim().split('\n');
const samples = sampleLines.flatMap((line) => {
  try {
    const envelope = JSON.parse(line) as { provider?: unknown; payload?: unknown };
    return typeof envelope.provider === 'string' && envelope.payload !== undefined ? [{ provider: envelope.provider, payload: envelope.payload }] : [];
  } catch {
    return []; // the sample's deliberately broken line
  }
});
const providers = [...new Set(samples.map((sample) => sample.provider))];

type Verdict = { kind: 'observed'; observation: Omit<Observation, 'source'> } | { kind: 'ignored' } | { kind: 'invalid'; why: string };

/** Reasons that name where the bytes were (a JSON error's position, line or record) are compared by what they say. */
const why = (reason: string): string =>
  /over the limit/.test(reason) ? 'too large' : /not UTF-8/.test(reason) ? 'not UTF-8' : /not JSON/.test(reason) ? 'not JSON' : reason;

const verdictOf = (outcome: IngestOutcome): Verdict => {
  if (outcome.kind === 'observed') {
    const observation: Partial<Observation> = { ...outcome.observation };
    delete observation.source;
    return { kind: 'observed', observation: observation as Omit<Observation, 'source'> };
  }
  return outcome.kind === 'invalid' ? { kind: 'invalid', why: why(outcome.reason) } : { kind: 'ignored' };
};

function throughIngestor(provider: string, payload: Buffer): Verdict[] {
  const record = { topic: names.raw(provider), partition: 0, offset: '0', key: null, value: payload, headers: { provider: Buffer.from(provider), 'received-at': Buffer.from(receivedAt) }, timestamp: '0' };
  const reading = readRawRecord(record, names);
  return (reading.ok ? ingest(reading.event) : [{ kind: 'invalid' as const, provider, messageId: null, reason: reading.reason }]).map(verdictOf);
}

async function throughReplay(provider: string, payload: Buffer): Promise<Verdict[]> {
  const line = Buffer.concat([Buffer.from(`{"provider":"${provider}","receivedAt":"${receivedAt}","payload":`), payload, Buffer.from('}\n')]);
  const entries: ReplayEntry[] = [];
  const replay = new Replay({ file: 'f', onEntry: (entry) => entries.push(entry) });
  for await (const { firstLine, lines } of readLines(Readable.from([line]))) lines.forEach((text, index) => replayLine(replay, text, firstLine + index));
  return entries.map((entry) => verdictOf(entry.ingested));
}

/** Bytes that break UTF-8 or JSON in ways providers and proxies really do, and none that ends a line. */
const hostileBytes = fc.constantFrom(
  [0xff],
  [0xc3],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xef, 0xbb, 0xbf],
  [0x00],
  [0x0d],
  [0xc3, 0xa9],
  [0xf0, 0x9f, 0x93, 0xa8],
);
const sample = fc.integer({ min: 0, max: samples.length - 1 });
const sampleBytes = (index: number) => Buffer.from(JSON.stringify(samples[index]!.payload));

const corrupted = fc.tuple(sample, fc.array(fc.tuple(fc.nat(), hostileBytes), { minLength: 0, maxLength: 3 })).map(([index, cuts]) => {
  let bytes = sampleBytes(index);
  for (const [at, inserted] of cuts) {
    const position = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, position), Buffer.from(inserted), bytes.subarray(position)]);
  }
  return { provider: samples[index]!.provider, payload: bytes };
});
const noise = fc.tuple(fc.constantFrom(...providers), fc.uint8Array({ maxLength: 300 })).map(([provider, bytes]) => ({
  provider,
  payload: Buffer.from(bytes.map((byte) => (byte === 0x0a ? 0x20 : byte))),
}));
/** A sample payload padded to within a few bytes of the limit, either side, in one or two-byte characters. */
const nearTheLimit = fc.tuple(sample, fc.integer({ min: -3, max: 3 }), fc.boolean()).map(([index, offset, wide]) => {
  const base = sampleBytes(index);
  const room = maxRawEventBytes + offset - base.length - '{"pad":"",'.length;
  const pad = wide ? 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2) : 'x'.repeat(room);
  const payload = Buffer.from(`{"pad":"${pad}",${base.subarray(1).toString('utf8')}`);
  return { provider: samples[index]!.provider, payload };
});

describe('replay and the ingestor give the same verdict on the same bytes', () => {
  it('for corrupted real payloads, random bytes, BOMs and NULs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(corrupted, noise), async ({ provider, payload }) => {
        expect(await throughReplay(provider, payload)).toEqual(throughIngestor(provider, payload));
      }),
      { numRuns: 1_500 },
    );
  });

  it('for payloads a few bytes either side of the limit', async () => {
    await fc.assert(
      fc.asyncProperty(nearTheLimit, async ({ provider, payload }) => {
        const expected = throughIngestor(provider, payload);
        expect(expected[0]!.kind === 'invalid' && expected[0]!.why === 'too large').toBe(payload.length > maxRawEventBytes);
        expect(await throughReplay(provider, payload)).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses broken UTF-8 both ways rather than reading it as replacement characters', async () => {
    const payload = Buffer.concat([Buffer.from('{"status":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(await throughReplay('alphasms', payload)).toEqual([{ kind: 'invalid', why: 'not UTF-8' }]);
    expect(throughIngestor('alphasms', payload)).toEqual([{ kind: 'invalid', why: 'not UTF-8' }]);
  });
});
