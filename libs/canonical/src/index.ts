/**
 * The canonical model of msgstatus (docs/contract.md): raw envelopes, observations, change records and
 * replay reports as zod schemas, the interface every provider normalizer implements, and the topic
 * names, their storage and their Kafka records (headers, dead letters, schema versions), with the
 * configuration that names them (`stageConfig`). Parsing helpers here are explicit (no
 * `Date.parse`). Knows nothing of Kafka clients or of any provider.
 */
export { RawEnvelope, providerIdPattern } from './RawEnvelope.js';
export { Observation, ProviderError, ClientRef, FinalReason, maxClientRefLength } from './Observation.js';
export { StatusChangeRecord } from './StatusChangeRecord.js';
export { ReplayReport, ReplayCounts, InvalidLine, ConflictEntry } from './ReplayReport.js';
export { Source } from './Source.js';
export { observed, ignored, invalid } from './ProviderNormalizer.js';
export type { ProviderNormalizer, RawEvent, NormalizedItem, ProviderReceipts, ReceiptWindow } from './ProviderNormalizer.js';
export { makeObservation } from './makeObservation.js';
export type { ObservationFacts } from './makeObservation.js';
export { changeRecordOf, closureRecordOf, messageIdParts } from './changeRecordOf.js';
export { parseProviderTime, parseUnixSeconds } from './providerTime.js';
export { wordIn, wordKey } from './statusWords.js';
export { providerIdText } from './providerIdText.js';
export { topics, topicNames, topicDefinitions, topicStorageVariables, canonicalPartitions, defaultTopicStorage, defaultStateRetentionMs } from './topics.js';
export { stageConfig, stageVariables, stateRetentionConfig, projectionConfig } from './stageConfig.js';
export { parseReceiptWindows, receiptWindowsConfig, receiptWindowVariables } from './receiptWindows.js';
export type { ReceiptWindowSetting, ReceiptWindowSettings } from './receiptWindows.js';
export type { Topics, TopicDefinition, TopicStorage } from './topics.js';
export { MessageState } from './MessageState.js';
export { Anomaly } from './Anomaly.js';
export { rawHeaders, readRawRecord, rawRecordOf } from './rawRecords.js';
export { observationRecords, changeRecords, anomalyRecords, stateRecords } from './records/topicRecords.js';
export type { RecordReading, RecordParts } from './records/readRecordValue.js';
export type { KafkaRecordLike, RecordToSend } from './rawRecords.js';
export { deadLetterHeaders, deadLetterOf, DeadLetterHeaders } from './deadLetters.js';
export type { DeadLetterReason } from './deadLetters.js';
export { schemaProblem, quoted, providerText } from './schemaProblem.js';
export { readEnvelope } from './readEnvelope.js';
export { lineTooLong, maxRawEventBytes, maxRawLineBytes, notUtf8 } from './maxRawEventBytes.js';
export { schemaVersion, schemaVersionHeader, versionHeaders, unreadableVersion } from './schemaVersion.js';
export type { EnvelopeReading } from './readEnvelope.js';
export { sharedSecretWebhook, sameSecret, hmac } from './ProviderWebhook.js';
export type { ProviderWebhook, WebhookRequest, Authentication } from './ProviderWebhook.js';
export { statusApiVariable } from './ProviderStatusApi.js';
export type { ProviderStatusApi, PolledMessage, StatusRequest, StatusAnswer, StatusApiSetting, StatusApiSettings } from './ProviderStatusApi.js';
