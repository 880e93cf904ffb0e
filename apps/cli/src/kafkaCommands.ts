import { KafkaAdmin, KafkaClient, KafkaProducer, type KafkaError } from '@msgstatus/kafka';
import type * as ConfigError from 'effect/ConfigError';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import type { Command } from './cliArguments.js';
import type { InputUnreadableError, OutputClosedError, ReportUnwritableError, UsageError } from './cliErrors.js';
import { writeAuditReport } from './auditReportCommand.js';
import { publishCommand } from './publishCommand.js';
import { replayTopics, replayTopicsCommand } from './replayTopicsCommand.js';

// Loaded only for the commands that talk to Kafka: everything else starts without kafkajs.
const kafkaClient = KafkaClient.layerConfig('msgstatus-cli');
const kafkaReader = KafkaAdmin.layer.pipe(Layer.provideMerge(kafkaClient));
const kafkaWriter = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(Layer.provideMerge(kafkaClient));

/** `msgstatus report --from-topic`: the audit report of raw history in Kafka, read as replay reads it. */
const auditReportTopicsCommand = (command: Extract<Command, { readonly _tag: 'AuditReportTopics' }>) =>
  writeAuditReport({
    out: command.out,
    inputName: command.topics.join(', '),
    inputIdentity: null,
    strict: command.strict,
    feed: (replay) => replayTopics(replay, command.topics, command.since, () => Effect.void),
  }).pipe(Effect.scoped);

export const runKafkaCommand = (
  command: Extract<Command, { readonly _tag: 'ReplayTopics' | 'Publish' | 'AuditReportTopics' }>,
): Effect.Effect<number, UsageError | InputUnreadableError | ReportUnwritableError | OutputClosedError | KafkaError | ConfigError.ConfigError> => {
  switch (command._tag) {
    case 'ReplayTopics':
      return replayTopicsCommand(command).pipe(Effect.provide(kafkaReader));
    case 'AuditReportTopics':
      return auditReportTopicsCommand(command).pipe(Effect.provide(kafkaReader));
    case 'Publish':
      return publishCommand(command).pipe(Effect.provide(kafkaWriter));
  }
};
