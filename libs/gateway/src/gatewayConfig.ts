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
  readonly routes: ReadonlyMap<string, WebhookRoute>;
}

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
  return Config.all(names.map(secret)).pipe(
    Config.mapOrFail((values) => {
      const given = values.filter(Option.isSome);
      if (given.length === 0) return Either.right(Option.none<WebhookRoute>());
      if (given.length < values.length) {
        const missing = names.filter((_, index) => Option.isNone(values[index]!));
        return Either.left(ConfigError.MissingData([], `${normalizer.provider} webhooks need ${missing.join(', ')} too`));
      }
      const secrets = Object.fromEntries(webhook.secrets.map((secret, index) => [secret, Redacted.value(Option.getOrThrow(values[index]!))]));
      return Either.right(Option.some<WebhookRoute>({ normalizer: { ...normalizer, webhook }, secrets }));
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
    routes: Config.all(providers.filter((normalizer) => normalizer.webhook !== undefined).map(routeConfig)).pipe(
      Config.map((routes) => new Map(routes.filter(Option.isSome).map(({ value }) => [value.normalizer.provider, value]))),
    ),
  });

const secretDescriptions: Readonly<Record<string, string>> = {
  SECRET: 'shared secret of its callbacks (`Authorization: Bearer` or Basic password)',
  APP_SECRET: 'app secret that signs `X-Hub-Signature-256`',
  VERIFY_TOKEN: "verify token of Meta's subscription check",
  AUTH_TOKEN: 'auth token that signs `X-Twilio-Signature`',
};

export const gatewayVariables = (providers: ReadonlyArray<ProviderNormalizer>) => [
  { name: 'GATEWAY_PORT', default: '8080', description: 'Port of `POST /webhooks/<provider>`' },
  { name: 'GATEWAY_HOST', default: '127.0.0.1', description: 'Address it listens on (`0.0.0.0` in containers)' },
  { name: 'GATEWAY_PUBLIC_URL', default: null, description: 'The base URL providers call, for signatures over the URL (Twilio); the listening address when unset' },
  { name: 'GATEWAY_MAX_BODY_BYTES', default: String(maxRawEventBytes), description: 'Largest callback body (413 above)' },
  { name: 'GATEWAY_PUBLISH_TIMEOUT_MS', default: '10000', description: 'Wait for Kafka before answering 503 (the provider retries)' },
  ...providers.flatMap((normalizer) =>
    (normalizer.webhook?.secrets ?? []).map((secret) => ({
      name: secretVariable(normalizer.provider, secret),
      default: null,
      description: `${normalizer.displayName}: ${secretDescriptions[secret] ?? 'secret'}; its callbacks are taken once all its secrets are set`,
    })),
  ),
];
