import { Metrics } from '@msgstatus/app-runtime';
import * as Effect from 'effect/Effect';
import * as Option from 'effect/Option';
import { Counter, Histogram } from 'prom-client';
import type { GatewayRequestOutcome } from './serveWebhooks.js';

/**
 * The gateway's Prometheus metrics in the app's registry: requests by provider and answer, and
 * the seconds to answer (publishing included). Nothing is counted without `Metrics` (tests).
 */
export const gatewayMetricsOf: Effect.Effect<(outcome: GatewayRequestOutcome) => void> = Effect.map(Effect.serviceOption(Metrics), (metrics) => {
  if (Option.isNone(metrics)) return () => undefined;
  const registers = [metrics.value.registry];
  const requests = new Counter({ name: 'msgstatus_gateway_requests_total', help: 'Callbacks answered, by provider and HTTP status', labelNames: ['provider', 'status'], registers });
  const seconds = new Histogram({
    name: 'msgstatus_gateway_request_seconds',
    help: 'Seconds from a callback received to its answer (Kafka acknowledgement included)',
    labelNames: ['provider'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers,
  });
  return (outcome) => {
    requests.inc({ provider: outcome.provider, status: String(outcome.status) });
    seconds.observe({ provider: outcome.provider }, outcome.seconds);
  };
});
