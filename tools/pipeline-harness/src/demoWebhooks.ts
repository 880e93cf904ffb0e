import { readFileSync } from 'node:fs';
import { secretVariable } from '@msgstatus/gateway';
import { normalizerOf } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';

interface DemoCallback {
  readonly provider: string;
  readonly contentType: 'application/json' | 'application/x-www-form-urlencoded';
  readonly body: Record<string, unknown>;
}

const callbacks = JSON.parse(readFileSync(new URL('../samples/webhooks.json', import.meta.url), 'utf8')) as DemoCallback[];

/** The secrets the demo's gateway is configured with, and the environment that says so. */
export const demoSecrets: Record<string, Record<string, string>> = {
  '8x8': { SECRET: 'demo-8x8-secret' },
  'meta-whatsapp': { APP_SECRET: 'demo-meta-app-secret', VERIFY_TOKEN: 'demo-meta-verify-token' },
  twilio: { AUTH_TOKEN: 'demo-twilio-auth-token' },
};
export const gatewaySecretsEnv = Object.fromEntries(
  Object.entries(demoSecrets).flatMap(([provider, secrets]) =>
    Object.entries(secrets).map(([name, value]) => [secretVariable(provider, name), value]),
  ),
);

/** The stuck message of the demo: a `sent` receipt arrives by webhook, and then nothing more. */
export const stuckUmid = 'demo-stuck-0001';

const bodyOf = (callback: DemoCallback) =>
  Buffer.from(
    callback.contentType === 'application/json' ? JSON.stringify(callback.body) : new URLSearchParams(callback.body as Record<string, string>).toString(),
  );

/**
 * Posts the sample callbacks to the gateway as the providers would, signed with the demo's
 * secrets. Returns them as raw envelope lines (for the replay oracle) and the gateway's answers.
 */
export const postDemoWebhooks = (gatewayUrl: string) =>
  Effect.forEach(callbacks, (callback) =>
    Effect.promise(async () => {
      const url = `${gatewayUrl}/webhooks/${callback.provider}`;
      const body = bodyOf(callback);
      const signed = normalizerOf(callback.provider)!.webhook!.signedHeaders(url, body, demoSecrets[callback.provider]!);
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': callback.contentType, ...signed }, body });
      const envelope = { provider: callback.provider, receivedAt: new Date().toISOString(), payload: callback.body };
      return { provider: callback.provider, status: response.status, line: JSON.stringify(envelope) };
    }),
  );
