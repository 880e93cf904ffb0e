import { readFileSync } from 'node:fs';
import { secretVariable } from '@msgstatus/gateway';
import { normalizerOf } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';

interface DemoCallback {
  readonly provider: string;
  readonly contentType: 'application/json' | 'application/x-www-form-urlencoded';
  readonly body: Record<string, unknown>;
}

// The fields that hold a status's times in the sample's providers: Meta's and Vonage's `timestamp`, Telnyx's `*_at`, Sinch's `at`.
const timeFields = new Set(['timestamp', 'at', 'occurred_at', 'completed_at', 'sent_at', 'received_at', 'operator_status_at']);

/**
 * Each sample callback's time fields (ISO times, or Unix seconds as Meta sends them) moved
 * together so its latest is a few seconds ago: status times weeks older than their receipt would be taken for
 * late receipts of messages removed from the state (docs/contract.md, "State"), and a signature over a
 * time that old would be refused as a replay.
 */
function freshened(sample: DemoCallback, now: number): DemoCallback {
  const times: number[] = [];
  const visit = (value: unknown, rewrite: (time: string) => string): unknown =>
    Array.isArray(value)
      ? value.map((item) => visit(item, rewrite))
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, timeFields.has(key) && typeof item === 'string' ? rewrite(item) : visit(item, rewrite)]))
        : value;
  const millisOf = (time: string) => (/^\d+$/.test(time) ? Number(time) * 1000 : Date.parse(time));
  visit(sample, (time) => (times.push(millisOf(time)), time));
  if (times.length === 0) return sample;
  const shift = now - 5_000 - Math.max(...times);
  return visit(sample, (time) =>
    /^\d+$/.test(time) ? String(Math.floor((Number(time) * 1000 + shift) / 1000)) : new Date(Date.parse(time) + shift).toISOString(),
  ) as DemoCallback;
}

const callbacks = (JSON.parse(readFileSync(new URL('../samples/webhooks.json', import.meta.url), 'utf8')) as DemoCallback[]).map((sample) => freshened(sample, Date.now()));

/**
 * The secrets the demo signs with, per provider of its callbacks: each provider's example secrets
 * where a made-up value would not do (Telnyx's key pair), else `demo-<provider>-<name>`.
 */
export const demoSecrets: Record<string, Readonly<Record<string, string>>> = Object.fromEntries(
  [...new Set(callbacks.map((callback) => callback.provider))].map((provider) => {
    const webhook = normalizerOf(provider)!.webhook!;
    return [provider, webhook.exampleSecrets?.() ?? Object.fromEntries(webhook.secrets.map((name) => [name, `demo-${provider}-${name.toLowerCase()}`]))];
  }),
);
/** The demo's gateway configuration: the secrets it checks with (never one only a sender holds, as Telnyx's private key). */
export const gatewaySecretsEnv = Object.fromEntries(
  Object.entries(demoSecrets).flatMap(([provider, secrets]) =>
    normalizerOf(provider)!.webhook!.secrets.map((name) => [secretVariable(provider, name), secrets[name]!]),
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
