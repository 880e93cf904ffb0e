import { describe, expect, it } from 'vitest';
import { readEnvelope } from './readEnvelope.js';

const source = { file: 'x.ndjson', line: 1 };

describe('readEnvelope', () => {
  it('reads an envelope and normalizes its receipt time', () => {
    const reading = readEnvelope('{"provider":"8x8","receivedAt":"2026-01-05T10:00:00Z","payload":{"a":1}}', source);
    expect(reading).toEqual({
      ok: true,
      event: { provider: '8x8', receivedAt: '2026-01-05T10:00:00.000Z', payload: { a: 1 }, source },
    });
  });

  it('says why a line is not an envelope', () => {
    expect(readEnvelope('{"provider":', source)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not JSON/) });
    expect(readEnvelope('[1,2]', source)).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a raw envelope/) });
    expect(readEnvelope('{"provider":"8x8","receivedAt":"soon","payload":{}}', source)).toMatchObject({
      ok: false,
      provider: '8x8',
      reason: 'not a raw envelope: receivedAt: an ISO-8601 time',
    });
    expect(readEnvelope('{"provider":"8x8","receivedAt":"2026-01-05T10:00:00Z"}', source)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not a raw envelope: payload: /),
    });
  });
});

describe('readEnvelope size limit: the payload bytes the ingestor would measure', () => {
  const envelope = (payload: string) => `{"provider":"8x8","receivedAt":"2026-01-05T10:00:00Z","payload":${payload}}`;

  it('accepts a payload of exactly the limit, and refuses one byte more with the ingestor\'s reason', () => {
    const atLimit = JSON.stringify('x'.repeat(1_048_576 - 2));
    expect(readEnvelope(envelope(atLimit), source).ok).toBe(true);
    const over = JSON.stringify('x'.repeat(1_048_576 - 1));
    expect(readEnvelope(envelope(over), source)).toMatchObject({ ok: false, provider: '8x8', reason: 'raw event of 1048577 bytes is over the limit of 1048576' });
  });

  it('counts bytes, not characters: 400,000 é are 800,000 bytes, 600,000 are over', () => {
    expect(readEnvelope(envelope(JSON.stringify('é'.repeat(400_000))), source).ok).toBe(true);
    expect(readEnvelope(envelope(JSON.stringify('é'.repeat(600_000))), source)).toMatchObject({ ok: false, reason: 'raw event of 1200002 bytes is over the limit of 1048576' });
  });

  it('measures the payload as it would be published, not as the line spells it', () => {
    // 60,000 numbers written 1e20 grow to 21 digits each when published: over the limit.
    const grown = `[${Array.from({ length: 60_000 }, () => '1e20').join(',')}]`;
    expect(readEnvelope(envelope(grown), source)).toMatchObject({ ok: false, reason: expect.stringMatching(/^raw event of 1320001 bytes/) });
    // Escapes shrink: 1,100,000 bytes of \u0078 are 183,335 bytes once published.
    expect(readEnvelope(envelope(`"${'\\u0078'.repeat(183_333)}"`), source).ok).toBe(true);
  });
});
