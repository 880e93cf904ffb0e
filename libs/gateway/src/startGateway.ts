import { topicDefinitions, type RecordToSend, type Topics, type TopicStorage } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaProducer, type KafkaError } from '@msgstatus/kafka';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import type * as Scope from 'effect/Scope';
import { coalescedSends } from './coalescedSends.js';
import type { GatewaySettings } from './gatewayConfig.js';
import { gatewayMetricsOf } from './gatewayMetricsOf.js';
import { serveWebhooks, type GatewayRequestOutcome, type ServedWebhooks } from './serveWebhooks.js';

export interface GatewayOptions {
  readonly names: Topics;
  readonly partitions?: number;
  readonly storage?: TopicStorage;
  readonly onAnswered?: (outcome: GatewayRequestOutcome) => void;
}

/**
 * The webhook gateway, listening until its scope closes: the raw topics are made sure of, then
 * callbacks are published through one idempotent producer, concurrent ones in one send.
 */
export const startGateway = (
  settings: GatewaySettings,
  options: GatewayOptions,
): Effect.Effect<ServedWebhooks, KafkaError | Error, KafkaAdmin | KafkaProducer | Scope.Scope> =>
  Effect.gen(function* () {
    const admin = yield* KafkaAdmin;
    const producer = yield* KafkaProducer;
    yield* admin.ensureTopics(topicDefinitions(options.names, providerIds, options.partitions, options.storage));
    const publish = yield* coalescedSends((records: ReadonlyArray<RecordToSend>) => producer.send(records));
    const metrics = yield* gatewayMetricsOf;
    const server = yield* serveWebhooks(settings, options.names, publish, (outcome) => {
      metrics.answered(outcome);
      options.onAnswered?.(outcome);
    });
    metrics.serving(server);
    const rotating = [...settings.routes.values()].filter((route) => route.previousSecrets != null).map((route) => route.normalizer.provider);
    yield* Effect.logInfo('gateway listening').pipe(
      Effect.annotateLogs({
        port: server.port,
        providers: [...settings.routes.keys()].join(', ') || 'none',
        ...(rotating.length === 0 ? {} : { previousSecretsAccepted: rotating.join(', ') }),
        rateLimit: settings.ratePerSecond === null ? 'off' : `${settings.ratePerSecond}/s per provider, burst ${settings.rateBurst}`,
        maxInFlight: settings.maxInFlight,
      }),
    );
    return server;
  });
