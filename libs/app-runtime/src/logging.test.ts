import { describe, expect, it } from '@effect/vitest';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as LogLevel from 'effect/LogLevel';
import { logLevelConfig } from './logging.js';

const levelFrom = (env: Record<string, string>) =>
  Effect.withConfigProvider(logLevelConfig, ConfigProvider.fromMap(new Map(Object.entries(env))));

describe('logLevelConfig', () => {
  it.effect('is Info by default and reads level names in any case', () =>
    Effect.gen(function* () {
      expect(yield* levelFrom({})).toBe(LogLevel.Info);
      expect(yield* levelFrom({ LOG_LEVEL: 'Warning' })).toBe(LogLevel.Warning);
      expect(yield* levelFrom({ LOG_LEVEL: 'DEBUG' })).toBe(LogLevel.Debug);
    }),
  );

  it.effect('refuses a name it does not know, saying which it knows', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(levelFrom({ LOG_LEVEL: 'loud' }));
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain('LOG_LEVEL "loud" is none of');
    }),
  );
});
