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
});
