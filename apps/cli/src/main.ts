import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { KafkaAdmin, KafkaClient, KafkaProducer, type KafkaError } from '@msgstatus/kafka';
import type * as ConfigError from 'effect/ConfigError';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { parseCommand, usage } from './cliArguments.js';
import type { InputUnreadableError, UsageError } from './cliErrors.js';
import { publishCommand } from './publishCommand.js';
import { replayCommand } from './replayCommand.js';
import { replayTopicsCommand } from './replayTopicsCommand.js';
import { timelineCommand } from './timelineCommand.js';

// A closed pipe (`msgstatus replay x | head`) ends the output, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// stdout carries the output; warnings (kafkajs's included) go to stderr.
const cliLogging = Layer.mergeAll(
  Logger.remove(Logger.prettyLoggerDefault),
  Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)),
  Logger.minimumLogLevel(LogLevel.Warning),
);

const kafkaClient = KafkaClient.layerConfig('msgstatus-cli');
const kafkaReader = KafkaAdmin.layer.pipe(Layer.provideMerge(kafkaClient));
const kafkaWriter = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(Layer.provideMerge(kafkaClient));

const failWith = (code: number) => (error: { readonly message: string }) =>
  Effect.sync(() => {
    process.stderr.write(`msgstatus: ${error.message}\n`);
    return code;
  });

const program = parseCommand(process.argv.slice(2)).pipe(
  Effect.flatMap((command): Effect.Effect<number, UsageError | InputUnreadableError | KafkaError | ConfigError.ConfigError> => {
    switch (command._tag) {
      case 'Help':
        return Effect.sync(() => {
          process.stdout.write(`${usage}\n`);
          return 0;
        });
      case 'Replay':
        return replayCommand(command);
      case 'ReplayTopics':
        return replayTopicsCommand(command).pipe(Effect.provide(kafkaReader));
      case 'Publish':
        return publishCommand(command).pipe(Effect.provide(kafkaWriter));
      case 'Timeline':
        return timelineCommand(command);
    }
  }),
  Effect.catchTags({
    UsageError: (error) =>
      Effect.sync(() => {
        process.stderr.write(`msgstatus: ${error.message}\n\n${usage}\n`);
        return 2;
      }),
    InputUnreadableError: failWith(1),
    KafkaError: failWith(1),
    ConfigError: failWith(2),
  }),
);

NodeRuntime.runMain(program.pipe(Effect.provide(cliLogging)), {
  disableErrorReporting: false,
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1),
});
