import { statuses, type Status } from '@msgstatus/status-machine';
import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as Either from 'effect/Either';
import * as Option from 'effect/Option';
import * as Redacted from 'effect/Redacted';
import type { AlphaSmsApi, EightByEightApi } from './statusApis.js';

export interface PollerSettings {
  readonly stuckAfterMs: number;
  readonly stuckStates: ReadonlySet<Status>;
  readonly maxPolls: number;
  readonly tickMs: number;
  /** 8x8's API and the least time between two requests of the sub-account; null when not configured. */
  readonly eightByEight: (EightByEightApi & { readonly minIntervalMs: number }) | null;
  readonly alphaSms: (AlphaSmsApi & { readonly batchSize: number }) | null;
}

/** Unset or empty (compose files and shells pass unset variables as ""). */
const optionalText = (name: string) => Config.option(Config.string(name)).pipe(Config.map(Option.filter((value) => value.trim() !== '')));
const optionalKey = (name: string) => Config.option(Config.redacted(name)).pipe(Config.map(Option.filter((value) => Redacted.value(value).trim() !== '')));

const url = (name: string) =>
  Config.string(name).pipe(
    Config.validate({ message: 'an http(s) URL', validation: (value) => /^https?:\/\/[^\s]+$/.test(value) }),
    Config.map((value) => value.replace(/\/$/, '')),
  );
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

/** A provider is polled once its API key is configured (secrets are `Redacted`: never logged). */
const eightByEight = optionalKey('POLLER_8X8_API_KEY').pipe(
  Config.zip(Config.all({ baseUrl: url('POLLER_8X8_BASE_URL').pipe(Config.withDefault('https://chatapps.8x8.com')), subAccountId: optionalText('POLLER_8X8_SUBACCOUNT_ID'), minIntervalMs: atLeast('POLLER_8X8_MIN_INTERVAL_MS', 1_000, 1_000) })),
  Config.mapOrFail(([apiKey, rest]) => {
    if (Option.isNone(apiKey)) return Either.right(null);
    if (Option.isNone(rest.subAccountId)) return Either.left(ConfigError.MissingData([], 'POLLER_8X8_API_KEY needs POLLER_8X8_SUBACCOUNT_ID too'));
    return Either.right({ apiKey: apiKey.value, baseUrl: rest.baseUrl, subAccountId: rest.subAccountId.value, minIntervalMs: rest.minIntervalMs });
  }),
);

const alphaSms = optionalKey('POLLER_ALPHASMS_API_KEY').pipe(
  Config.zip(Config.all({ baseUrl: optionalText('POLLER_ALPHASMS_BASE_URL'), batchSize: atLeast('POLLER_ALPHASMS_BATCH_SIZE', 100, 1) })),
  Config.mapOrFail(([apiKey, rest]) => {
    if (Option.isNone(apiKey)) return Either.right(null);
    if (Option.isNone(rest.baseUrl)) return Either.left(ConfigError.MissingData([], 'POLLER_ALPHASMS_API_KEY needs POLLER_ALPHASMS_BASE_URL too'));
    if (!/^https?:\/\/\S+$/.test(rest.baseUrl.value)) return Either.left(ConfigError.InvalidData([], 'POLLER_ALPHASMS_BASE_URL: an http(s) URL'));
    return Either.right({ apiKey: apiKey.value, baseUrl: rest.baseUrl.value.replace(/\/$/, ''), batchSize: rest.batchSize });
  }),
);

/**
 * `POLLER_STUCK_AFTER_MS` (600000: ten minutes in one state), `POLLER_STUCK_STATES` (`queued,sent`;
 * `delivered` may wait for a read receipt for days), `POLLER_MAX_POLLS` (5), `POLLER_TICK_MS`
 * (1000), and per provider its API: `POLLER_8X8_API_KEY`, `POLLER_8X8_SUBACCOUNT_ID`,
 * `POLLER_8X8_BASE_URL`, `POLLER_8X8_MIN_INTERVAL_MS` (1000: 8x8 allows one request a second per
 * sub-account, counted from the previous answer); `POLLER_ALPHASMS_API_KEY`, `POLLER_ALPHASMS_BASE_URL`,
 * `POLLER_ALPHASMS_BATCH_SIZE` (100 ids a request).
 */
export const pollerConfig: Config.Config<PollerSettings> = Config.all({
  stuckAfterMs: atLeast('POLLER_STUCK_AFTER_MS', 600_000, 1_000),
  stuckStates,
  maxPolls: atLeast('POLLER_MAX_POLLS', 5, 1),
  tickMs: atLeast('POLLER_TICK_MS', 1_000, 100),
  eightByEight,
  alphaSms,
});

export const pollerVariables = [
  { name: 'POLLER_STUCK_AFTER_MS', default: '600000', description: 'Time in one stuck state before a message is polled' },
  { name: 'POLLER_STUCK_STATES', default: 'queued,sent', description: 'Non-terminal states that count as stuck' },
  { name: 'POLLER_MAX_POLLS', default: '5', description: 'Polls of a message in one state (each after twice the wait) before giving up' },
  { name: 'POLLER_TICK_MS', default: '1000', description: 'How often due messages are looked for' },
  { name: 'POLLER_8X8_API_KEY', default: null, description: '8x8 API key (redacted); 8x8 is polled once it is set' },
  { name: 'POLLER_8X8_SUBACCOUNT_ID', default: null, description: 'The 8x8 sub-account whose messages are polled' },
  { name: 'POLLER_8X8_BASE_URL', default: 'https://chatapps.8x8.com', description: "8x8's API" },
  { name: 'POLLER_8X8_MIN_INTERVAL_MS', default: '1000', description: "Least time from an answer to the sub-account's next request (8x8 allows 1/s)" },
  { name: 'POLLER_ALPHASMS_API_KEY', default: null, description: 'AlphaSMS API key (redacted); AlphaSMS is polled once it is set' },
  { name: 'POLLER_ALPHASMS_BASE_URL', default: null, description: "AlphaSMS's API (required with the key)" },
  { name: 'POLLER_ALPHASMS_BATCH_SIZE', default: '100', description: 'Ids asked for in one status call' },
] as const;
