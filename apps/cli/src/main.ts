import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import type { KafkaError } from '@msgstatus/kafka';
import type * as ConfigError from 'effect/ConfigError';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { parseCommand } from './cliArguments.js';
import type { IngestWorkerError, InputUnreadableError, NothingFoundError, OutputClosedError, ReportUnwritableError, UsageError } from './cliErrors.js';
import { auditReportCommand } from './auditReportCommand.js';
import { replayCommand } from './replayCommand.js';
import { timelineCommand } from './timelineCommand.js';
import { usage } from './usage.js';

/** Exit code of a run stopped by Ctrl-C (SIGINT), as shells report it. */
const interrupted = 130;

// A closed pipe (`msgstatus replay x | head`) must not crash the process; the output stops the work.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// stdout carries the output; warnings (kafkajs's included) go to stderr.
const cliLogging = Layer.mergeAll(
  Logger.remove(Logger.prettyLoggerDefault),
  Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)),
  Logger.minimumLogLevel(LogLevel.Warning),
);

const failWith = (code: number) => (error: { readonly message: string }) =>
  Effect.sync(() => {
    process.stderr.write(`msgstatus: ${error.message}\n`);
    return code;
  });

type CliError = UsageError | IngestWorkerError | InputUnreadableError | ReportUnwritableError | OutputClosedError | NothingFoundError | KafkaError | ConfigError.ConfigError;

const program = parseCommand(process.argv.slice(2)).pipe(
  Effect.flatMap((command): Effect.Effect<number, CliError> => {
    switch (command._tag) {
      case 'Help':
        return Effect.sync(() => {
          process.stdout.write(`${usage}\n`);
          return 0;
        });
      case 'Replay':
        return replayCommand(command);
      case 'Timeline':
        return timelineCommand(command);
      case 'AuditReport':
        return auditReportCommand(command);
      case 'ReplayTopics':
      case 'AuditReportTopics':
      case 'Publish':
        return Effect.flatMap(
          Effect.promise(() => import('./kafkaCommands.js')),
          ({ runKafkaCommand }) => runKafkaCommand(command),
        );
    }
  }),
  Effect.catchTags({
    UsageError: (error) =>
      Effect.sync(() => {
        process.stderr.write(`msgstatus: ${error.message}\n\n${usage}\n`);
        return 2;
      }),
    OutputClosedError: () => Effect.succeed(0),
    InputUnreadableError: failWith(1),
    IngestWorkerError: failWith(1),
    ReportUnwritableError: failWith(1),
    NothingFoundError: failWith(1),
    KafkaError: failWith(1),
    ConfigError: failWith(2),
  }),
);

NodeRuntime.runMain(program.pipe(Effect.provide(cliLogging)), {
  disableErrorReporting: false,
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : Exit.isInterrupted(exit) ? interrupted : 1),
});
