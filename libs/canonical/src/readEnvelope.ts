import { maxRawEventBytes, tooLarge } from './maxRawEventBytes.js';
import type { RawEvent } from './ProviderNormalizer.js';
import { RawEnvelope } from './RawEnvelope.js';
import { schemaProblem } from './schemaProblem.js';
import type { Source } from './Source.js';

export type EnvelopeReading =
  | { readonly ok: true; readonly event: RawEvent }
  | { readonly ok: false; readonly reason: string; readonly provider: string | null };

/** Reads one NDJSON line as a raw envelope (docs/contract.md section 1), or says why it is not one. */
export function readEnvelope(line: string, source: Source): EnvelopeReading {
  if (line.length > maxRawEventBytes) return { ok: false, reason: tooLarge(line.length, 'characters'), provider: null };
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
  return { ok: true, event: { provider, receivedAt, payload, source } };
}
