import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { parseCommand, usage } from './cliArguments.js';
import { replayCommand } from './replayCommand.js';
import { timelineCommand } from './timelineCommand.js';

// A closed pipe (`msgstatus replay x | head`) ends the output, not in an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = parseCommand(process.argv.slice(2)).pipe(
  Effect.flatMap((command) => {
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
    }
  }),
  Effect.catchTags({
    UsageError: (error) =>
      Effect.sync(() => {
        process.stderr.write(`msgstatus: ${error.message}\n\n${usage}\n`);
        return 2;
      }),
    InputUnreadableError: (error) =>
      Effect.sync(() => {
        process.stderr.write(`msgstatus: ${error.message}\n`);
        return 1;
      }),
  }),
);

NodeRuntime.runMain(program, {
  disableErrorReporting: false,
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1),
});
