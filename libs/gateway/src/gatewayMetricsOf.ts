import { Metrics } from '@msgstatus/app-runtime';
import * as Effect from 'effect/Effect';
import * as Option from 'effect/Option';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { GatewayRequestOutcome, ServedWebhooks } from './serveWebhooks.js';

export interface GatewayMetrics {
  readonly answered: (outcome: GatewayRequestOutcome) => void;
  /** Reports what the running server holds: requests in flight, callbacks remembered. */
  readonly serving: (served: ServedWebhooks) => void;
}

/**
 * The gateway's Prometheus metrics in the app's registry: requests by provider and answer, the
 * seconds to answer (publishing included), the secret each matched, repeats answered unwritten,
 * requests throttled, and what it holds now. Nothing is counted without `Metrics` (tests).
 */
export const gatewayMetricsOf: Effect.Effect<GatewayMetrics> = Effect.map(Effect.serviceOption(Metrics), (metrics): GatewayMetrics => {
  if (Option.isNone(metrics)) return { answered: () => undefined, serving: () => undefined };
  const registers = [metrics.value.registry];
  const requests = new Counter({ name: 'msgstatus_gateway_requests_total', help: 'Callbacks answered, by provider and HTTP status', labelNames: ['provider', 'status'], registers });
  const seconds = new Histogram({
    name: 'msgstatus_gateway_request_seconds',
    help: 'Seconds from a callback received to its answer (Kafka acknowledgement included)',
    labelNames: ['provider'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers,
  });
  const secretMatches = new Counter({
    name: 'msgstatus_gateway_secret_matches_total',
    help: 'Authentic callbacks by provider and the secret they matched (current, or previous: retire it once this stays still)',
    labelNames: ['provider', 'secret'],
    registers,
  });
  const repeats = new Counter({
    name: 'msgstatus_gateway_repeated_callbacks_total',
    help: 'Callbacks already published (replays, retries after a lost answer), answered 200 without a Kafka write',
    labelNames: ['provider'],
    registers,
  });
  const throttled = new Counter({
    name: 'msgstatus_gateway_throttled_total',
    help: 'Requests refused before any work: over the provider rate (429) or over the requests in flight (503)',
    labelNames: ['provider', 'limit'],
    registers,
  });
  const answered = (outcome: GatewayRequestOutcome) => {
    requests.inc({ provider: outcome.provider, status: String(outcome.status) });
    seconds.observe({ provider: outcome.provider }, outcome.seconds);
    if (outcome.secret !== undefined) secretMatches.inc({ provider: outcome.provider, secret: outcome.secret });
    if (outcome.repeat === true) repeats.inc({ provider: outcome.provider });
    if (outcome.throttled !== undefined) throttled.inc({ provider: outcome.provider, limit: outcome.throttled });
  };
  const serving = (served: ServedWebhooks) => {
    new Gauge({
      name: 'msgstatus_gateway_requests_in_flight',
      help: 'Requests being handled now (GATEWAY_MAX_IN_FLIGHT bounds them)',
      registers,
      collect() {
        this.set(served.inFlight());
      },
    });
    new Gauge({
      name: 'msgstatus_gateway_remembered_callbacks',
      help: 'Published callbacks remembered to answer repeats unwritten (GATEWAY_REPLAY_CACHE_SIZE bounds them)',
      registers,
      collect() {
        this.set(served.rememberedCallbacks());
      },
    });
  };
  return { answered, serving };
});
