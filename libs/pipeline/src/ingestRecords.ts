import { deadLetterOf, observationRecords, readRawRecord, type KafkaRecordLike, type RecordToSend, type Topics } from '@msgstatus/canonical';
import { ingest, type IngestOutcome, type Tally } from '@msgstatus/status-core';
import type { Decided } from './stageMetrics.js';

/**
 * The ingestor's adapter around the core: Kafka records in, in input order, one observation
 * record per status reported (keyed by `messageId`), one dead letter per record or item it cannot
 * use, nothing for what is ignored by definition (docs/contract.md section 2). Never throws on input.
 */
export function ingestRecords(records: ReadonlyArray<KafkaRecordLike>, names: Topics, tally: Tally, decided: Decided = () => undefined): RecordToSend[] {
  const outputs: RecordToSend[] = [];
  for (const record of records) {
    tally.raw++;
    const reading = readRawRecord(record, names);
    const outcomes: IngestOutcome[] = reading.ok ? ingest(reading.event) : [{ kind: 'invalid', provider: reading.provider, messageId: null, reason: reading.reason }];
    for (const outcome of outcomes) {
      tally.count(outcome);
      decided(outcome);
      if (outcome.kind === 'observed') {
        outputs.push(observationRecords.of(names, outcome.observation));
      } else if (outcome.kind === 'invalid') {
        const why = { stage: 'ingestor', reason: outcome.reason, provider: outcome.provider, messageId: outcome.messageId };
        outputs.push(deadLetterOf(record, why, names.deadLetter));
      }
    }
  }
  return outputs;
}
