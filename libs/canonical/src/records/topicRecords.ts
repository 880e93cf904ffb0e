import { Anomaly } from '../Anomaly.js';
import { MessageState } from '../MessageState.js';
import { Observation } from '../Observation.js';
import type { RecordToSend } from '../rawRecords.js';
import { unreadableVersion, versionHeaders } from '../schemaVersion.js';
import { StatusChangeRecord } from '../StatusChangeRecord.js';
import type { Topics } from '../topics.js';
import { readRecordValue, type RecordParts, type RecordReading } from './readRecordValue.js';

/**
 * The records of our keyed topics (docs/contract.md sections 2, 4, 6 and 8), one module each,
 * every one read by `readRecordValue`'s rule and written keyed by `messageId`, as JSON, with the
 * schema-version header. Outputs of the projector name their partition: the topics are
 * co-partitioned and each output goes to its input's partition.
 */
export const observationRecords = {
  read: (record: RecordParts): RecordReading<Observation> => readRecordValue(record, Observation, 'an observation'),
  of: (names: Topics, observation: Observation): RecordToSend => ({
    topic: names.observations,
    key: observation.messageId,
    value: JSON.stringify(observation),
    headers: versionHeaders,
  }),
};

export const changeRecords = {
  read: (record: RecordParts): RecordReading<StatusChangeRecord> => readRecordValue(record, StatusChangeRecord, 'a change record'),
  of: (names: Topics, partition: number, change: StatusChangeRecord): RecordToSend => ({
    topic: names.changes,
    partition,
    key: change.messageId,
    value: JSON.stringify(change),
    headers: versionHeaders,
  }),
};

export const anomalyRecords = {
  read: (record: RecordParts): RecordReading<Anomaly> => readRecordValue(record, Anomaly, 'an anomaly'),
  of: (names: Topics, partition: number, anomaly: Anomaly): RecordToSend => ({
    topic: names.anomalies,
    partition,
    key: anomaly.messageId,
    value: JSON.stringify(anomaly),
    headers: versionHeaders,
  }),
};

/**
 * The state topic is compacted: a record is a message's latest state, or (null value) its removal.
 * A state written before `changedAt` existed changed when it was written: given the record's
 * timestamp, the reading says so.
 */
export const stateRecords = {
  read: (record: RecordParts & { readonly timestamp?: string }): RecordReading<MessageState | null> => {
    if (record.value === null && record.key !== null && record.key.length > 0 && unreadableVersion(record.headers) === null) {
      return { ok: true, messageId: record.key.toString('utf8'), value: null };
    }
    const reading = readRecordValue(record, MessageState, 'a message state');
    if (!reading.ok || reading.value.changedAt !== undefined || record.timestamp === undefined) return reading;
    return { ...reading, value: { ...reading.value, changedAt: new Date(Number(record.timestamp)).toISOString() } };
  },
  of: (names: Topics, partition: number, state: MessageState): RecordToSend => ({
    topic: names.state,
    partition,
    key: state.messageId,
    value: JSON.stringify(state),
    headers: versionHeaders,
  }),
  removal: (names: Topics, partition: number, messageId: string): RecordToSend => ({
    topic: names.state,
    partition,
    key: messageId,
    value: null,
    headers: versionHeaders,
  }),
};
