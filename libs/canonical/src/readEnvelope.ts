import { maxRawEventBytes, tooLarge } from './maxRawEventBytes.js';
import type { RawEvent } from './ProviderNormalizer.js';
import { RawEnvelope } from './RawEnvelope.js';
import { schemaProblem } from './schemaProblem.js';
import type { Source } from './Source.js';

export type EnvelopeReading =
  | { readonly ok: true; readonly event: RawEvent }
  | { readonly ok: false; readonly reason: string; readonly provider: string | null };

/**
 * Below this many characters a line's payload cannot reach the limit once written as JSON: a
 * character is at most 3 UTF-8 bytes, and re-serializing grows a payload at most 5.25 times
 * (`1e20` is written `100000000000000000000`). Longer lines are measured exactly.
 */
const surelyWithinLimit = Math.floor(maxRawEventBytes / 16);

/** The payload's size as `msgstatus publish` writes it to a raw topic: the bytes the ingestor measures. */
const payloadBytes = (payload: unknown): number => Buffer.byteLength(JSON.stringify(payload) ?? '', 'utf8');

/**
 * Reads one NDJSON line as a raw envelope (docs/contract.md section 1), or says why it is not one.
 * A payload over the raw event limit is refused with the ingestor's reason, so replaying a file
 * and publishing it to the pipeline give the same verdict.
 */
export function readEnvelope(line: string, source: Source): EnvelopeReading {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}`, provider: null };
  }
  const parsed = RawEnvelope.safeParse(json);
  if (!parsed.success) {
    const provider = typeof (json as { provider?: unknown })?.provider === 'string' ? (json as { provider: string }).provider : null;
    return { ok: false, reason: `not a raw envelope: ${schemaProblem(parsed.error)}`, provider };
  }
  const { provider, receivedAt, payload } = parsed.data;
  const query = parsed.data.callbackQuery;
  const callbackQuery = typeof query === 'string' && query.length <= 4000 ? query : undefined;
  if (line.length > surelyWithinLimit) {
    const bytes = payloadBytes(payload);
    if (bytes > maxRawEventBytes) return { ok: false, reason: tooLarge(bytes), provider };
  }
  return { ok: true, event: callbackQuery === undefined ? { provider, receivedAt, payload, source } : { provider, receivedAt, payload, source, callbackQuery } };
}
