import { HealthServer, Metrics, runApp } from '@msgstatus/app-runtime';
import { stageConfig } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, transactionsConfig } from '@msgstatus/kafka';
import { runIngestor } from '@msgstatus/pipeline';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';

const program = Effect.gen(function* () {
  const health = yield* HealthServer;
  const settings = yield* stageConfig;
  const transactions = yield* transactionsConfig;
  yield* runIngestor({ ...settings, ...transactions, onAssignment: () => Effect.runSync(health.setReady(true)) });
});

const live = Layer.mergeAll(KafkaAdmin.layer, HealthServer.layerConfig(8081)).pipe(
  Layer.provideMerge(KafkaClient.layerConfig('msgstatus-ingestor')),
  Layer.provideMerge(Metrics.layer('ingestor')),
);

// SIGTERM/SIGINT interrupt the program: a batch being committed finishes, the consumer leaves its group.
runApp('msgstatus-ingestor', Effect.all([stageConfig, transactionsConfig]), program.pipe(Effect.provide(live)));
