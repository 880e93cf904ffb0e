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

describe('readEnvelope size limit', () => {
  it('refuses a line over the limit without parsing it', () => {
    const line = `{"provider":"8x8","receivedAt":"2026-01-05T10:00:00Z","payload":"${'x'.repeat(1_048_576)}"}`;
    const reading = readEnvelope(line, { file: 'f', line: 1 });
    expect(!reading.ok && reading.reason).toBe(`raw event of ${line.length} characters is over the limit of 1048576`);
  });
});
