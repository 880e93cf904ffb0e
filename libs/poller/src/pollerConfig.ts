import { statusApiVariable, type ProviderNormalizer, type ProviderStatusApi, type StatusApiSetting, type StatusApiSettings } from '@msgstatus/canonical';
import { statuses, type Status } from '@msgstatus/status-machine';
import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as Either from 'effect/Either';
import * as Option from 'effect/Option';
import * as Redacted from 'effect/Redacted';

/** A provider whose status API is configured: its normalizer (with the API) and its settings. */
export interface PolledProvider {
  readonly provider: string;
  readonly api: ProviderStatusApi;
  /** Every setting with a value or a default; secrets stay redacted until a request is built. */
  readonly settings: Readonly<Record<string, string | Redacted.Redacted<string>>>;
}

export interface PollerSettings {
  readonly stuckAfterMs: number;
  readonly stuckStates: ReadonlySet<Status>;
  readonly maxPolls: number;
  readonly tickMs: number;
  /** The providers polled: those with a status API whose required settings are set. */
  readonly apis: ReadonlyArray<PolledProvider>;
}

/** The settings as a provider's status API reads them (secrets in clear, for its requests only). */
export const plainSettings = (polled: PolledProvider): StatusApiSettings =>
  Object.fromEntries(Object.entries(polled.settings).map(([name, value]) => [name, typeof value === 'string' ? value : Redacted.value(value)]));

/** Unset or empty (compose files and shells pass unset variables as ""). */
const optionalText = (name: string) => Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim() !== '')));
const optionalKey = (name: string) => Config.option(Config.redacted(name)).pipe(Config.map(Option.filter((value) => Redacted.value(value).trim() !== '')));

const atLeast = (name: string, fallback: number, minimum: number) =>
  Config.integer(name).pipe(Config.withDefault(fallback), Config.validate({ message: `at least ${minimum}`, validation: (n) => n >= minimum }));

const terminal = new Set<Status>(['read', 'rejected', 'undelivered', 'failed']);
const stuckStates = Config.string('POLLER_STUCK_STATES').pipe(
  Config.withDefault('queued,sent'),
  Config.mapOrFail((text) => {
    const named = text.split(',').map((word) => word.trim().toLowerCase());
    const wrong = named.filter((word) => !(statuses as ReadonlyArray<string>).includes(word) || terminal.has(word as Status));
    return wrong.length > 0
      ? Either.left(ConfigError.InvalidData([], `POLLER_STUCK_STATES: ${wrong.join(', ')} is no non-terminal state (queued, sent, delivered)`))
      : Either.right(new Set(named as Status[]));
  }),
);

/** What a setting's value must look like, by its name: URLs, milliseconds and sizes. */
function checked(variable: string, value: string): string | null {
  if (variable.endsWith('_URL')) return /^https?:\/\/\S+$/.test(value) ? null : `${variable}: an http(s) URL`;
  if (variable.endsWith('_MIN_INTERVAL_MS')) return /^\d+$/.test(value) && Number(value) >= 1_000 ? null : `${variable}: at least 1000`;
  if (variable.endsWith('_MS') || variable.endsWith('_SIZE')) return /^[1-9]\d*$/.test(value) ? null : `${variable}: at least 1`;
  return null;
}

/**
 * A provider is polled once every required setting of its status API is set (`POLLER_<PROVIDER>_<NAME>`);
 * with only some of them the poller refuses to start. Secrets are read `Redacted`.
 */
const polledConfig = (normalizer: ProviderNormalizer): Config.Config<PolledProvider | null> => {
  const api = normalizer.statusApi!;
  const read = (setting: StatusApiSetting) => {
    const variable = statusApiVariable(normalizer.provider, setting.name);
    return (setting.secret ? optionalKey(variable) : optionalText(variable)) as Config.Config<Option.Option<string | Redacted.Redacted<string>>>;
  };
  return Config.all(api.settings.map(read)).pipe(
    Config.mapOrFail((values) => {
      const required = api.settings.map((setting, index) => [setting, values[index]!] as const).filter(([setting]) => setting.required);
      const given = required.filter(([, value]) => Option.isSome(value));
      if (given.length === 0) return Either.right(null);
      if (given.length < required.length) {
        const missing = required.filter(([, value]) => Option.isNone(value)).map(([setting]) => statusApiVariable(normalizer.provider, setting.name));
        return Either.left(ConfigError.MissingData([], `polling ${normalizer.provider} needs ${missing.join(', ')} too`));
      }
      const settings: Record<string, string | Redacted.Redacted<string>> = {};
      for (const [index, setting] of api.settings.entries()) {
        const value = Option.getOrUndefined(values[index]!) ?? setting.default;
        if (value === undefined) continue;
        const variable = statusApiVariable(normalizer.provider, setting.name);
        const problem = typeof value === 'string' ? checked(variable, value) : null;
        if (problem !== null) return Either.left(ConfigError.InvalidData([], problem));
        settings[setting.name] = typeof value === 'string' ? value.replace(/\/$/, '') : value;
      }
      return Either.right({ provider: normalizer.provider, api, settings });
    }),
  );
};

/**
 * `POLLER_STUCK_AFTER_MS` (600000: ten minutes in one state), `POLLER_STUCK_STATES` (`queued,sent`;
 * `delivered` may wait for a read receipt for days), `POLLER_MAX_POLLS` (5), `POLLER_TICK_MS`
 * (1000), and the settings of each provider's status API (`POLLER_<PROVIDER>_<NAME>`, as the
 * provider declares them: `POLLER_8X8_API_KEY`, `POLLER_ALPHASMS_BASE_URL`, ...).
 */
export const pollerConfig = (providers: ReadonlyArray<ProviderNormalizer>): Config.Config<PollerSettings> =>
  Config.all({
    stuckAfterMs: atLeast('POLLER_STUCK_AFTER_MS', 600_000, 1_000),
    stuckStates,
    maxPolls: atLeast('POLLER_MAX_POLLS', 5, 1),
    tickMs: atLeast('POLLER_TICK_MS', 1_000, 100),
    apis: Config.all(providers.filter((normalizer) => normalizer.statusApi !== undefined).map(polledConfig)).pipe(
      Config.map((apis) => apis.filter((api): api is PolledProvider => api !== null)),
    ),
  });

/** `pollerConfig`'s variables, for the README's configuration table (checked against the Config). */
export const pollerVariables = (providers: ReadonlyArray<ProviderNormalizer>) => [
  { name: 'POLLER_STUCK_AFTER_MS', default: '600000', description: 'Time in one stuck state before a message is polled' },
  { name: 'POLLER_STUCK_STATES', default: 'queued,sent', description: 'Non-terminal states that count as stuck' },
  { name: 'POLLER_MAX_POLLS', default: '5', description: 'Polls of a message in one state (each after twice the wait) before giving up' },
  { name: 'POLLER_TICK_MS', default: '1000', description: 'How often due messages are looked for' },
  ...providers.flatMap((normalizer) =>
    (normalizer.statusApi?.settings ?? []).map((setting) => ({
      name: statusApiVariable(normalizer.provider, setting.name),
      default: setting.default ?? null,
      description: `${normalizer.displayName}: ${setting.description}`,
    })),
  ),
];
