import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as Effect from 'effect/Effect';
import * as Either from 'effect/Either';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';

const levelNames = new Map<string, LogLevel.LogLevel>([
  ...LogLevel.allLevels.map((level) => [level.label.toLowerCase(), level] as const),
  ['warning', LogLevel.Warning],
]);

/** `LOG_LEVEL`: all, trace, debug, info (default), warn(ing), error, fatal, off; any case. */
export const logLevelConfig: Config.Config<LogLevel.LogLevel> = Config.string('LOG_LEVEL').pipe(
  Config.withDefault('info'),
  Config.mapOrFail((name) => {
    const level = levelNames.get(name.trim().toLowerCase());
    return level === undefined
      ? Either.left(ConfigError.InvalidData([], `LOG_LEVEL ${JSON.stringify(name)} is none of ${[...levelNames.keys()].join(', ')}`))
      : Either.right(level);
  }),
);

/** One JSON object per log line on stdout, at `LOG_LEVEL` and above. A bad LOG_LEVEL stops the app at start. */
export const jsonLogging: Layer.Layer<never, ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.map(
    logLevelConfig,
    // NodeRuntime.runMain swaps the default logger for its pretty one: both go, the JSON one stays.
    (level) => Layer.mergeAll(Logger.remove(Logger.prettyLoggerDefault), Logger.json, Logger.minimumLogLevel(level)),
  ),
);

export const logLevelVariables = [
  { name: 'LOG_LEVEL', default: 'info', description: 'all, trace, debug, info, warn(ing), error, fatal, off; JSON lines on stderr' },
] as const;
