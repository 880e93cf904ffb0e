import { HealthServer, Metrics, runApp } from '@msgstatus/app-runtime';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { stageConfig } from '@msgstatus/canonical';
import { pollerConfig, runPoller } from '@msgstatus/poller';
import { providers } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';

const program = Effect.gen(function* () {
  const health = yield* HealthServer;
  const { names, partitions, storage } = yield* stageConfig;
  const settings = yield* pollerConfig(providers);
  yield* health.setReady(true);
  return yield* runPoller(settings, { names, partitions, storage });
});

const live = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer, HealthServer.layerConfig(8084)).pipe(
  Layer.provideMerge(KafkaClient.layerConfig('msgstatus-poller')),
  Layer.provideMerge(Metrics.layer('poller')),
);

// SIGTERM/SIGINT interrupt the program: a poll in flight is dropped, and asked again after a restart.
runApp('msgstatus-poller', Effect.all([stageConfig, pollerConfig(providers)]), program.pipe(Effect.provide(live)));
