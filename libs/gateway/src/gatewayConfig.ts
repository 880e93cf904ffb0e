import { maxRawEventBytes, type ProviderNormalizer } from '@msgstatus/canonical';
import * as Config from 'effect/Config';
import * as ConfigError from 'effect/ConfigError';
import * as Either from 'effect/Either';
import * as Option from 'effect/Option';
import * as Redacted from 'effect/Redacted';
import type { WebhookRoute } from './webhookRequest.js';

export interface GatewaySettings {
  readonly port: number;
  readonly host: string;
  /** The base URL providers call (scheme, host, port), as they sign it. */
  readonly publicUrl: string | null;
  readonly maxBodyBytes: number;
  readonly publishTimeoutMs: number;
  /** How far a signed time may be from the gateway's clock, either way, before the callback is refused as a replay. */
  readonly signatureToleranceMs: number;
  /** Callbacks remembered as published, so that a repeat is answered without a second write; 0 remembers none. */
  readonly replayCacheSize: number;
  /** Callbacks a second each provider may send (its burst: `rateBurst`), or null for no limit. */
  readonly ratePerSecond: number | null;
  readonly rateBurst: number;
  /** Requests handled at once, at most; beyond it the gateway answers 503 before reading them. */
  readonly maxInFlight: number;
  readonly routes: ReadonlyMap<string, WebhookRoute>;
}

/** A rotated secret's previous value: `GATEWAY_8X8_SECRET_PREVIOUS`. */
export const previousVariable = (variable: string): string => `${variable}_PREVIOUS`;

/** `GATEWAY_<PROVIDER>_<SECRET>`: `8x8` → `GATEWAY_8X8_SECRET`, `meta-whatsapp` → `GATEWAY_META_WHATSAPP_APP_SECRET`. */
export function secretVariable(provider: string, secret: string): string {
  return `GATEWAY_${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${secret}`;
}

/**
 * A provider's callbacks are taken once all its secrets are configured; with none it has no
 * route (404), and with only some the gateway refuses to start rather than run half-secured.
 */
const routeConfig = (normalizer: ProviderNormalizer) => {
  const webhook = normalizer.webhook!;
  const names = webhook.secrets.map((secret) => secretVariable(normalizer.provider, secret));
  // An empty value is no secret: compose files and shells pass unset variables as "".
  const secret = (name: string) => Config.option(Config.redacted(name)).pipe(Config.map(Option.filter((value) => Redacted.value(value).trim() !== '')));
  return Config.all({ current: Config.all(names.map(secret)), previous: Config.all(names.map((name) => secret(previousVariable(name)))) }).pipe(
    Config.mapOrFail(({ current, previous }) => {
      const given = current.filter(Option.isSome);
      if (given.length === 0) {
        const orphan = names.find((_, index) => Option.isSome(previous[index]!));
        if (orphan === undefined) return Either.right(Option.none<WebhookRoute>());
        return Either.left(ConfigError.MissingData([], `${previousVariable(orphan)} is set without ${orphan}: set the current secret too, or unset the previous one`));
      }
      if (given.length < current.length) {
        const missing = names.filter((_, index) => Option.isNone(current[index]!));
        return Either.left(ConfigError.MissingData([], `${normalizer.provider} webhooks need ${missing.join(', ')} too`));
      }
      const value = (option: Option.Option<Redacted.Redacted>) => Redacted.value(Option.getOrThrow(option));
      const secrets = Object.fromEntries(webhook.secrets.map((name, index) => [name, value(current[index]!)]));
      // The previous set is the current one with each rotated secret as it was: one secret rotates at a time or all at once.
      const rotated = webhook.secrets.flatMap((name, index) => (Option.isSome(previous[index]!) ? [[name, value(previous[index]!)] as const] : []));
      const previousSecrets = rotated.length === 0 ? null : { ...secrets, ...Object.fromEntries(rotated) };
      return Either.right(Option.some<WebhookRoute>({ normalizer: { ...normalizer, webhook }, secrets, previousSecrets }));
    }),
  );
};

/**
 * `GATEWAY_PORT` (8080), `GATEWAY_HOST` (127.0.0.1), `GATEWAY_PUBLIC_URL` (what providers call,
 * for signatures over the URL; the listening address when unset), `GATEWAY_MAX_BODY_BYTES` (1 MiB,
 * the raw event limit), `GATEWAY_PUBLISH_TIMEOUT_MS` (10000: then 503, and the provider retries),
 * and each provider's secrets.
 */
export const gatewayConfig = (providers: ReadonlyArray<ProviderNormalizer>): Config.Config<GatewaySettings> =>
  Config.all({
    port: Config.integer('GATEWAY_PORT').pipe(
      Config.withDefault(8080),
      Config.validate({ message: 'a port, 0 to 65535', validation: (port) => port >= 0 && port <= 65535 }),
    ),
    host: Config.string('GATEWAY_HOST').pipe(Config.withDefault('127.0.0.1')),
    publicUrl: Config.string('GATEWAY_PUBLIC_URL').pipe(
      Config.validate({ message: 'an http(s) URL without a path', validation: (url) => /^https?:\/\/[^/]+\/?$/.test(url) }),
      Config.map((url) => url.replace(/\/$/, '')),
      Config.option,
      Config.map(Option.getOrNull),
    ),
    maxBodyBytes: Config.integer('GATEWAY_MAX_BODY_BYTES').pipe(
      Config.withDefault(maxRawEventBytes),
      Config.validate({ message: `1 to ${maxRawEventBytes} (the raw event limit)`, validation: (n) => n >= 1 && n <= maxRawEventBytes }),
    ),
    publishTimeoutMs: Config.integer('GATEWAY_PUBLISH_TIMEOUT_MS').pipe(
      Config.withDefault(10_000),
      Config.validate({ message: 'at least 100', validation: (n) => n >= 100 }),
    ),
    signatureToleranceMs: Config.integer('GATEWAY_SIGNATURE_TOLERANCE_SECONDS').pipe(
      Config.withDefault(300),
      Config.validate({ message: 'seconds, 1 or more', validation: (n) => n >= 1 }),
      Config.map((seconds) => seconds * 1_000),
    ),
    replayCacheSize: Config.integer('GATEWAY_REPLAY_CACHE_SIZE').pipe(
      Config.withDefault(100_000),
      Config.validate({ message: 'callbacks to remember, 0 (none) or more', validation: (n) => n >= 0 }),
    ),
    ratePerSecond: Config.string('GATEWAY_RATE_LIMIT').pipe(
      Config.withDefault('1000'),
      Config.mapOrFail((text) => {
        if (text.trim().toLowerCase() === 'off') return Either.right(null);
        const rate = Number(text);
        return Number.isFinite(rate) && rate > 0
          ? Either.right(rate)
          : Either.left(ConfigError.InvalidData([], `callbacks a second per provider, a number above 0, or off; not ${JSON.stringify(text)}`));
      }),
    ),
    rateBurst: Config.integer('GATEWAY_RATE_BURST').pipe(
      Config.withDefault(2_000),
      Config.validate({ message: 'callbacks, 1 or more', validation: (n) => n >= 1 }),
    ),
    maxInFlight: Config.integer('GATEWAY_MAX_IN_FLIGHT').pipe(
      Config.withDefault(1_024),
      Config.validate({ message: 'requests, 1 or more', validation: (n) => n >= 1 }),
    ),
    routes: Config.all(providers.filter((normalizer) => normalizer.webhook !== undefined).map(routeConfig)).pipe(
      Config.map((routes) => new Map(routes.filter(Option.isSome).map(({ value }) => [value.normalizer.provider, value]))),
    ),
  });

const secretDescriptions: Readonly<Record<string, string>> = {
  SECRET: 'shared secret of its callbacks (`Authorization: Bearer` or Basic password; for Infobip also the key of `X-Hub-Signature`)',
  APP_SECRET: 'app secret that signs `X-Hub-Signature-256`',
  VERIFY_TOKEN: "verify token of Meta's subscription check",
  AUTH_TOKEN: "account's auth token, which signs its callbacks (`X-Twilio-Signature`, or a shared key's secret; `X-Plivo-Signature-V3`)",
  SIGNATURE_SECRET: "account's signature secret (Dashboard, API settings), which signs Messages API JWTs and SMS receipts' `sig`",
  CALLBACK_SECRET: "HMAC secret Sinch signs the service plan's callbacks with (`x-sinch-webhook-signature`; Sinch turns signing on)",
  PUBLIC_KEY: "account's Ed25519 public key, Base64 (Portal, Keys & Credentials), which checks `telnyx-signature-ed25519`",
};

export const gatewayVariables = (providers: ReadonlyArray<ProviderNormalizer>) => [
  { name: 'GATEWAY_PORT', default: '8080', description: 'Port of `POST /webhooks/<provider>`' },
  { name: 'GATEWAY_HOST', default: '127.0.0.1', description: 'Address it listens on (`0.0.0.0` in containers)' },
  { name: 'GATEWAY_PUBLIC_URL', default: null, description: 'The base URL providers call, for signatures over the URL (Twilio); the listening address when unset' },
  { name: 'GATEWAY_MAX_BODY_BYTES', default: String(maxRawEventBytes), description: 'Largest callback body (413 above)' },
  { name: 'GATEWAY_PUBLISH_TIMEOUT_MS', default: '10000', description: 'Wait for Kafka before answering 503 (the provider retries)' },
  {
    name: 'GATEWAY_SIGNATURE_TOLERANCE_SECONDS',
    default: '300',
    description: 'Where a signature covers a time (Telnyx, Sinch, Vonage): callbacks signed further from our clock are refused (401) as replays',
  },
  {
    name: 'GATEWAY_REPLAY_CACHE_SIZE',
    default: '100000',
    description: 'Callbacks remembered as published: a repeat is answered 200 without a second Kafka write (0: none)',
  },
  { name: 'GATEWAY_RATE_LIMIT', default: '1000', description: 'Callbacks a second per provider before 429 with `Retry-After`, or `off`' },
  { name: 'GATEWAY_RATE_BURST', default: '2000', description: 'Callbacks a provider may send at once above its rate' },
  { name: 'GATEWAY_MAX_IN_FLIGHT', default: '1024', description: 'Requests handled at once; beyond it 503 with `Retry-After` before the body is read' },
  ...providers.flatMap((normalizer) =>
    (normalizer.webhook?.secrets ?? []).flatMap((secret) => [
      {
        name: secretVariable(normalizer.provider, secret),
        default: null,
        description: `${normalizer.displayName}: ${secretDescriptions[secret] ?? 'secret'}; its callbacks are taken once all its secrets are set`,
      },
      {
        name: previousVariable(secretVariable(normalizer.provider, secret)),
        default: null,
        description: 'The same secret as it was before a rotation, accepted beside the current one until it is unset',
      },
    ]),
  ),
];
