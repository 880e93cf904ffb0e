import { KafkaAdmin, KafkaClient, KafkaProducer, type KafkaError } from '@msgstatus/kafka';
import type * as ConfigError from 'effect/ConfigError';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import type { Command } from './cliArguments.js';
import type { InputUnreadableError, OutputClosedError, ReportUnwritableError, UsageError } from './cliErrors.js';
import { publishCommand } from './publishCommand.js';
import { replayTopicsCommand } from './replayTopicsCommand.js';

// Loaded only for the commands that talk to Kafka: everything else starts without kafkajs.
const kafkaClient = KafkaClient.layerConfig('msgstatus-cli');
const kafkaReader = KafkaAdmin.layer.pipe(Layer.provideMerge(kafkaClient));
const kafkaWriter = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(Layer.provideMerge(kafkaClient));

export const runKafkaCommand = (
  command: Extract<Command, { readonly _tag: 'ReplayTopics' | 'Publish' }>,
): Effect.Effect<number, UsageError | InputUnreadableError | ReportUnwritableError | OutputClosedError | KafkaError | ConfigError.ConfigError> =>
  command._tag === 'ReplayTopics'
    ? replayTopicsCommand(command).pipe(Effect.provide(kafkaReader))
    : publishCommand(command).pipe(Effect.provide(kafkaWriter));
