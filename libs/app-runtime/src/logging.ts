import * as Config from 'effect/Config';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';

/** One JSON object per log line on stdout, at `LOG_LEVEL` (default Info) and above. */
export const jsonLogging: Layer.Layer<never> = Layer.unwrapEffect(
  Effect.map(
    Config.logLevel('LOG_LEVEL').pipe(Config.withDefault(LogLevel.Info), Effect.orElseSucceed(() => LogLevel.Info)),
    (level) => Layer.merge(Logger.json, Logger.minimumLogLevel(level)),
  ),
);
