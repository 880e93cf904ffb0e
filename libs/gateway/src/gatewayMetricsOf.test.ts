import { describe, expect, it } from '@effect/vitest';
import { Metrics } from '@msgstatus/app-runtime';
import * as Effect from 'effect/Effect';
import { Registry } from 'prom-client';
import { gatewayMetricsOf } from './gatewayMetricsOf.js';

const lineOf = (text: string, metric: string) => text.split('\n').find((line) => line.startsWith(metric));

describe('gatewayMetricsOf', () => {
  it.effect('counts the secret each callback matched, repeats, throttled requests, and reads what the server holds', () =>
    Effect.gen(function* () {
      const registry = new Registry();
      const metrics = yield* gatewayMetricsOf.pipe(Effect.provideService(Metrics, { registry }));
      metrics.answered({ provider: '8x8', status: 200, seconds: 0.01, secret: 'previous' });
      metrics.answered({ provider: '8x8', status: 200, seconds: 0.01, secret: 'current', repeat: true });
      metrics.answered({ provider: '8x8', status: 429, seconds: 0.001, throttled: 'rate' });
      metrics.serving({ port: 1, inFlight: () => 7, rememberedCallbacks: () => 3 });
      const text = yield* Effect.promise(() => registry.metrics());
      expect(lineOf(text, 'msgstatus_gateway_secret_matches_total{provider="8x8",secret="previous"}')).toMatch(/ 1$/);
      expect(lineOf(text, 'msgstatus_gateway_secret_matches_total{provider="8x8",secret="current"}')).toMatch(/ 1$/);
      expect(lineOf(text, 'msgstatus_gateway_repeated_callbacks_total{provider="8x8"}')).toMatch(/ 1$/);
      expect(lineOf(text, 'msgstatus_gateway_throttled_total{provider="8x8",limit="rate"}')).toMatch(/ 1$/);
      expect(lineOf(text, 'msgstatus_gateway_requests_total{provider="8x8",status="429"}')).toMatch(/ 1$/);
      expect(lineOf(text, 'msgstatus_gateway_requests_in_flight')).toBe('msgstatus_gateway_requests_in_flight 7');
      expect(lineOf(text, 'msgstatus_gateway_remembered_callbacks')).toBe('msgstatus_gateway_remembered_callbacks 3');
    }),
  );
});
