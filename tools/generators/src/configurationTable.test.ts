import { describe, expect, it } from '@effect/vitest';
import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as ConfigProviderPathPatch from 'effect/ConfigProviderPathPatch';
import * as HashSet from 'effect/HashSet';
import * as Effect from 'effect/Effect';
import { appConfigurations, configurationTable } from './configurationTable.js';

/** A provider of `env` that remembers every variable it is asked for: the variables a Config reads. */
const recordingProvider = (env: ReadonlyMap<string, string>, asked: Set<string>) =>
  ConfigProvider.fromFlat(
    ConfigProvider.makeFlat({
      load: (path, primitive) => {
        const name = path.join('.');
        asked.add(name);
        const text = env.get(name);
        if (text === undefined) return Effect.fail(ConfigError.MissingData([...path], `${name} is unset`));
        return Effect.map(primitive.parse(text), (value) => [value]);
      },
      enumerateChildren: () => Effect.succeed(HashSet.empty()),
      patch: ConfigProviderPathPatch.empty,
    }),
  );

const load = <A>(config: Config.Config<A>, env: ReadonlyMap<string, string>, asked = new Set<string>()) =>
  Effect.either(Effect.withConfigProvider(config, recordingProvider(env, asked)));
// Functions (topic names) compare by their text; everything else by value.
const comparable = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'function' ? String(inner) : inner instanceof Map ? [...inner] : inner instanceof Set ? [...inner] : inner)));

describe('the configuration table', () => {
  for (const [app, parts] of Object.entries(appConfigurations)) {
    it.effect(`lists exactly the variables the ${app}'s Configs read`, () =>
      Effect.gen(function* () {
        const documented = parts.flatMap((part) => part.variables.map((variable) => variable.name)).sort();
        const read = new Set<string>();
        for (const part of parts) {
          // With every secret set, optional groups read all their variables too.
          yield* load(part.config, new Map(documented.map((name) => [name, 'x'])), read);
          yield* load(part.config, new Map(), read);
        }
        expect([...read].sort()).toEqual(documented);
      }),
    );

    it.effect(`gives the ${app}'s defaults as its Configs apply them`, () =>
      Effect.gen(function* () {
        for (const part of parts) {
          const unset = yield* load(part.config, new Map());
          for (const variable of part.variables.filter((candidate) => candidate.default !== null)) {
            const explicit = yield* load(part.config, new Map([[variable.name, variable.default!]]));
            expect([variable.name, comparable(explicit)]).toEqual([variable.name, comparable(unset)]);
          }
        }
      }),
    );
  }

  it('has one row per variable, naming the apps that read it', () => {
    const table = configurationTable();
    expect(table).toContain('| `GATEWAY_TWILIO_AUTH_TOKEN` | gateway | unset |');
    expect(table).toMatch(/\| `KAFKA_BROKERS` \| ingestor, projector, gateway, poller, cli \| `127\.0\.0\.1:9092` \|/);
    expect(table).toMatch(/\| `HEALTH_PORT` \| ingestor, projector, gateway, poller \| per app/);
  });
});
