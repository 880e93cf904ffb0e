import { rawRecordOf, readEnvelope, type RecordToSend, type Topics } from '@msgstatus/canonical';
import { KafkaProducer, type KafkaError } from '@msgstatus/kafka';
import { providerIds, rawRecordKey } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';

export interface UnpublishableLine {
  readonly line: number;
  readonly reason: string;
}

/**
 * The raw topic records of NDJSON envelope lines (docs/contract.md section 1): each payload to its
 * provider's raw topic, keyed by the message id(s) it reports on, with `provider` and
 * `received-at` headers. Lines that are not envelopes are returned with the reason.
 */
export function rawRecordsOfLines(
  lines: ReadonlyArray<string>,
  names: Topics,
  firstLine = 1,
): { readonly records: RecordToSend[]; readonly unpublishable: UnpublishableLine[] } {
  const records: RecordToSend[] = [];
  const unpublishable: UnpublishableLine[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const line = firstLine + index;
    const reading = readEnvelope(text, { file: 'publish', line });
    if (!reading.ok) {
      unpublishable.push({ line, reason: reading.reason });
      return;
    }
    const { provider, receivedAt, payload } = reading.event;
    if (!providerIds.includes(provider)) {
      unpublishable.push({ line, reason: `no raw topic for provider "${provider}"; supported: ${providerIds.join(', ')}` });
      return;
    }
    const envelope = { provider, receivedAt, payload };
    records.push(rawRecordOf(envelope, names, rawRecordKey(envelope)));
  });
  return { records, unpublishable };
}

/** Publishes NDJSON envelope lines to the raw topics, in line order per key. */
export const publishRawLines = (
  lines: ReadonlyArray<string>,
  names: Topics,
  firstLine = 1,
): Effect.Effect<{ readonly published: number; readonly unpublishable: UnpublishableLine[] }, KafkaError, KafkaProducer> =>
  Effect.gen(function* () {
    const producer = yield* KafkaProducer;
    const { records, unpublishable } = rawRecordsOfLines(lines, names, firstLine);
    yield* producer.send(records);
    return { published: records.length, unpublishable };
  });
