import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Cause from 'effect/Cause';
import * as ConfigError from 'effect/ConfigError';
import * as Effect from 'effect/Effect';
import * as Option from 'effect/Option';
import { jsonLogging } from './logging.js';

/** Each problem of a configuration error, as `VARIABLE: what is wrong` (or only what is wrong, where no one variable is). */
function configProblems(error: ConfigError.ConfigError): ReadonlyArray<string> {
  switch (error._op) {
    case 'And':
    case 'Or':
      return [...configProblems(error.left), ...configProblems(error.right)];
    case 'InvalidData':
    case 'MissingData':
    case 'SourceUnavailable':
    case 'Unsupported':
      return [error.path.length === 0 ? error.message : `${error.path.join('_')}: ${error.message}`];
  }
}

/**
 * What an app says when it stops on a failure: one line for an expected one (a configuration error
 * names each variable and what is wrong with it; a Kafka error says what failed), and the whole
 * cause only for a defect, where a stack trace is what a developer needs.
 */
export function failureLine(app: string, cause: Cause.Cause<unknown>): string {
  const failure = Cause.failureOption(cause);
  if (Option.isNone(failure)) return `${app} failed: ${Cause.pretty(cause)}`;
  const error = failure.value;
  if (ConfigError.isConfigError(error)) return `${app} cannot start: configuration: ${configProblems(error).join('; ')} (the README's configuration table lists every variable)`;
  return `${app} stopped: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Runs an app as its process: SIGTERM and SIGINT interrupt it (its scopes close, its consumers
 * leave their groups) and it logs one line once everything is closed, then exits 0; a failure is
 * one line on stderr and exit code 1, without a stack trace. `settings` are read first, before any
 * layer connects to Kafka: a wrong setting stops the app at once, not after the connection's
 * retries. Logs are JSON lines at `LOG_LEVEL` (`jsonLogging`).
 */
export function runApp(app: string, settings: Effect.Effect<unknown, ConfigError.ConfigError>, program: Effect.Effect<unknown, unknown>): void {
  let signal = 'a signal';
  const started = Date.now();
  for (const name of ['SIGTERM', 'SIGINT'] as const) process.once(name, () => (signal = name));
  NodeRuntime.runMain(
    Effect.zipRight(settings, program).pipe(
      Effect.onInterrupt(() =>
        Effect.logInfo(`${app} stopped cleanly on ${signal}`).pipe(Effect.annotateLogs({ pid: process.pid, uptimeSeconds: Math.round((Date.now() - started) / 1000) })),
      ),
      Effect.provide(jsonLogging),
      Effect.tapErrorCause((cause) => (Cause.isInterruptedOnly(cause) ? Effect.void : Effect.sync(() => process.stderr.write(`${failureLine(app, cause).replace(/\n+$/, '')}\n`)))),
    ),
    { disableErrorReporting: true },
  );
}
