import { HealthServer, Metrics, runApp } from '@msgstatus/app-runtime';
import { gatewayConfig, startGateway } from '@msgstatus/gateway';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { stageConfig } from '@msgstatus/canonical';
import { providers } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';

const program = Effect.gen(function* () {
  const health = yield* HealthServer;
  const { names, partitions, storage } = yield* stageConfig;
  const settings = yield* gatewayConfig(providers);
  yield* startGateway(settings, { names, partitions, storage });
  // With no provider configured every callback would be a 404: not ready, so that no load balancer sends it any.
  if (settings.routes.size === 0) {
    yield* Effect.logWarning('not ready: no provider is configured; set the GATEWAY_<PROVIDER>_* secrets of at least one (README, configuration)');
  } else yield* health.setReady(true);
  return yield* Effect.never;
}).pipe(Effect.scoped);

const live = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer, HealthServer.layerConfig(8083)).pipe(
  Layer.provideMerge(KafkaClient.layerConfig('msgstatus-gateway')),
  Layer.provideMerge(Metrics.layer('gateway')),
);

// SIGTERM/SIGINT: the server stops taking callbacks, answers those in flight, the producer disconnects.
runApp('msgstatus-gateway', Effect.all([stageConfig, gatewayConfig(providers)]), program.pipe(Effect.provide(live)));
