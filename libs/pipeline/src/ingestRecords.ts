import { deadLetterOf, readRawRecord, versionHeaders, type KafkaRecordLike, type RecordToSend, type Topics } from '@msgstatus/canonical';
import { normalizeRawEvent } from '@msgstatus/provider-registry';
import type { Decided } from './stageMetrics.js';

export interface IngestCounts {
  raw: number;
  observations: number;
  ignored: number;
  deadLetters: number;
}

export const emptyIngestCounts = (): IngestCounts => ({ raw: 0, observations: 0, ignored: 0, deadLetters: 0 });

/**
 * What the ingestor writes for a batch of raw records, in input order: one observation record per
 * status reported (keyed by `messageId`), one dead-letter record per record or item it cannot use,
 * nothing for what is ignored by definition (docs/contract.md section 2). Never throws on input.
 */
export function ingestRecords(
  records: ReadonlyArray<KafkaRecordLike>,
  names: Topics,
  counts: IngestCounts,
  decided: Decided = () => undefined,
): RecordToSend[] {
  const outputs: RecordToSend[] = [];
  for (const record of records) {
    counts.raw++;
    const reading = readRawRecord(record, names);
    if (!reading.ok) {
      counts.deadLetters++;
      decided('invalid', reading.provider);
      outputs.push(deadLetterOf(record, { stage: 'ingestor', reason: reading.reason, provider: reading.provider, messageId: null }, names.deadLetter));
      continue;
    }
    for (const item of normalizeRawEvent(reading.event)) {
      decided(item._tag === 'Observed' ? 'observed' : item._tag === 'Ignored' ? 'ignored' : 'invalid', reading.event.provider, item._tag === 'Ignored' ? item.eventType : undefined);
      if (item._tag === 'Observed') {
        counts.observations++;
        outputs.push({ topic: names.observations, key: item.observation.messageId, value: JSON.stringify(item.observation), headers: versionHeaders });
      } else if (item._tag === 'Ignored') {
        counts.ignored++;
      } else {
        counts.deadLetters++;
        const why = { stage: 'ingestor', reason: item.reason, provider: reading.event.provider, messageId: item.messageId };
        outputs.push(deadLetterOf(record, why, names.deadLetter));
      }
    }
  }
  return outputs;
}
