import { topicNames } from '@msgstatus/canonical';
import { normalizerOf, providers } from '@msgstatus/provider-registry';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webhookVerdict, type WebhookRoute } from './webhookRequest.js';

const names = topicNames('fuzz');
const routes: WebhookRoute[] = providers
  .filter((normalizer) => normalizer.webhook !== undefined)
  .map((normalizer) => ({
    normalizer: { ...normalizerOf(normalizer.provider)!, webhook: normalizer.webhook! },
    secrets: normalizer.webhook!.exampleSecrets?.() ?? Object.fromEntries(normalizer.webhook!.secrets.map((secret) => [secret, `${secret}-value`])),
  }));
const receivedAtMs = Date.UTC(2026, 10, 23, 10);
const contentTypes = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', '', 'application/json; charset=utf-8');

describe('webhookVerdict on any request', () => {
  it('never throws: every request, signed or not, is published or refused with a 4xx and a reason', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...routes),
        fc.oneof(fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)), fc.json().map((text) => Buffer.from(text))),
        contentTypes,
        fc.boolean(),
        fc.dictionary(fc.string({ maxLength: 20 }).map((name) => name.toLowerCase()), fc.string({ maxLength: 200 }), { maxKeys: 5 }),
        (route, body, contentType, signed, noise) => {
          const url = `https://hooks.example.com/webhooks/${route.normalizer.provider}`;
          const headers = { ...noise, 'content-type': contentType, ...(signed ? route.normalizer.webhook.signedHeaders(url, body, route.secrets, receivedAtMs) : {}) };
          const verdict = webhookVerdict(route, { url, headers, body }, names, new Date(receivedAtMs).toISOString());
          // A signed request of the provider's media type and readable body is taken: the signature is what it checks.
          if (signed && !verdict.ok) expect([400, 415]).toContain(verdict.status);
          if (verdict.ok) {
            expect(signed).toBe(true);
            expect(verdict.record.topic).toBe(`fuzz.raw.${route.normalizer.provider}`);
          } else {
            expect([400, 401, 413, 415]).toContain(verdict.status);
            expect(verdict.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
