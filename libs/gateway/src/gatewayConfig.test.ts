import { describe, expect, it } from '@effect/vitest';
import { providers } from '@msgstatus/provider-registry';
import * as ConfigProvider from 'effect/ConfigProvider';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import { gatewayConfig, secretVariable } from './gatewayConfig.js';

const settingsFrom = (env: Record<string, string>) =>
  Effect.withConfigProvider(gatewayConfig(providers), ConfigProvider.fromMap(new Map(Object.entries(env))));

describe('gatewayConfig', () => {
  it('names each secret after its provider', () => {
    expect(secretVariable('8x8', 'SECRET')).toBe('GATEWAY_8X8_SECRET');
    expect(secretVariable('meta-whatsapp', 'APP_SECRET')).toBe('GATEWAY_META_WHATSAPP_APP_SECRET');
  });

  it.effect('routes exactly the providers whose secrets are configured, with the secrets in clear for checking', () =>
    Effect.gen(function* () {
      const settings = yield* settingsFrom({ GATEWAY_8X8_SECRET: 's', GATEWAY_TWILIO_AUTH_TOKEN: 't', GATEWAY_PUBLIC_URL: 'https://hooks.example.com/' });
      expect([...settings.routes.keys()]).toEqual(['8x8', 'twilio']);
      expect(settings.routes.get('twilio')!.secrets).toEqual({ AUTH_TOKEN: 't' });
      expect(settings).toMatchObject({ port: 8080, host: '127.0.0.1', publicUrl: 'https://hooks.example.com', maxBodyBytes: 1_048_576 });
      expect((yield* settingsFrom({})).routes.size).toBe(0);
      expect((yield* settingsFrom({ GATEWAY_8X8_SECRET: '', GATEWAY_TWILIO_AUTH_TOKEN: ' ' })).routes.size).toBe(0);
    }),
  );

  it.effect('refuses to start half-secured: a provider with only some of its secrets', () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(settingsFrom({ GATEWAY_META_WHATSAPP_APP_SECRET: 'a' }));
      expect(Exit.isFailure(exit) && String(exit.cause)).toContain('meta-whatsapp webhooks need GATEWAY_META_WHATSAPP_VERIFY_TOKEN too');
    }),
  );

  it.effect('refuses a public URL with a path, and a body limit above the raw event limit', () =>
    Effect.gen(function* () {
      expect(Exit.isFailure(yield* Effect.exit(settingsFrom({ GATEWAY_PUBLIC_URL: 'https://x.example.com/hooks' })))).toBe(true);
      expect(Exit.isFailure(yield* Effect.exit(settingsFrom({ GATEWAY_MAX_BODY_BYTES: '2000000' })))).toBe(true);
    }),
  );

  it.effect("reads each secret's previous value for rotation, and refuses a previous one without its current one", () =>
    Effect.gen(function* () {
      const settings = yield* settingsFrom({
        GATEWAY_META_WHATSAPP_APP_SECRET: 'new',
        GATEWAY_META_WHATSAPP_APP_SECRET_PREVIOUS: 'old',
        GATEWAY_META_WHATSAPP_VERIFY_TOKEN: 'verify',
        GATEWAY_8X8_SECRET: 's',
      });
      expect(settings.routes.get('meta-whatsapp')).toMatchObject({ secrets: { APP_SECRET: 'new', VERIFY_TOKEN: 'verify' }, previousSecrets: { APP_SECRET: 'old', VERIFY_TOKEN: 'verify' } });
      expect(settings.routes.get('8x8')!.previousSecrets).toBeNull();
      const orphan = yield* Effect.exit(settingsFrom({ GATEWAY_8X8_SECRET_PREVIOUS: 'old' }));
      expect(Exit.isFailure(orphan) && String(orphan.cause)).toContain('GATEWAY_8X8_SECRET_PREVIOUS is set without GATEWAY_8X8_SECRET');
    }),
  );

  it.effect('reads the limits, with defaults, `off` for no rate limit, and refuses nonsense', () =>
    Effect.gen(function* () {
      expect(yield* settingsFrom({})).toMatchObject({ signatureToleranceMs: 300_000, replayCacheSize: 100_000, ratePerSecond: 1_000, rateBurst: 2_000, maxInFlight: 1_024 });
      expect(yield* settingsFrom({ GATEWAY_RATE_LIMIT: 'off', GATEWAY_SIGNATURE_TOLERANCE_SECONDS: '60', GATEWAY_REPLAY_CACHE_SIZE: '0' })).toMatchObject({
        ratePerSecond: null,
        signatureToleranceMs: 60_000,
        replayCacheSize: 0,
      });
      expect(yield* settingsFrom({ GATEWAY_RATE_LIMIT: '0.5' })).toMatchObject({ ratePerSecond: 0.5 });
      const refused = yield* Effect.exit(settingsFrom({ GATEWAY_RATE_LIMIT: 'lots' }));
      expect(Exit.isFailure(refused) && String(refused.cause)).toContain('a number above 0, or off; not "lots"');
      expect(Exit.isFailure(yield* Effect.exit(settingsFrom({ GATEWAY_MAX_IN_FLIGHT: '0' })))).toBe(true);
    }),
  );
});
