import { HealthServer, healthConfig, Metrics, runApp } from '@msgstatus/app-runtime';
import { receiptWindowsConfig, stageConfig } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, transactionsConfig } from '@msgstatus/kafka';
import { lookupConfig, lookupRoutes } from '@msgstatus/lookup';
import { runProjector } from '@msgstatus/pipeline';
import { providerIds } from '@msgstatus/provider-registry';
import { followState, type Holding } from '@msgstatus/state-store';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Option from 'effect/Option';

const program = Effect.gen(function* () {
  const health = yield* HealthServer;
  const settings = yield* stageConfig;
  const transactions = yield* transactionsConfig;
  const receiptWindows = yield* receiptWindowsConfig(providerIds);
  const lookup = yield* lookupConfig;
  const { host } = yield* healthConfig(8082);
  const endpoint = Option.getOrElse(lookup.advertisedUrl, () => `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${health.port}`).replace(/\/$/, '');
  const admin = yield* KafkaAdmin;
  const partitions = (yield* admin.partitionRanges(settings.names.state).pipe(Effect.orElseSucceed(() => []))).length || settings.partitions;
  const store = yield* followState(settings.names.state);
  let holding: Holding = { active: [], standby: [], placement: null };
  yield* health.serveAlso(lookupRoutes({ store, holding: () => holding, partitions, endpoint }));
  yield* runProjector({
    ...settings,
    ...transactions,
    receiptWindows,
    store,
    standbyReplicas: lookup.standbyReplicas,
    endpoint,
    // Ready once the state of its active partitions is caught up: before that, its lookups would be behind.
    onHolding: (current, ready) => {
      holding = current;
      Effect.runSync(health.setReady(ready));
    },
  });
}).pipe(Effect.scoped);

const live = Layer.mergeAll(KafkaAdmin.layer, HealthServer.layerConfig(8082)).pipe(
  Layer.provideMerge(KafkaClient.layerConfig('msgstatus-projector')),
  Layer.provideMerge(Metrics.layer('projector')),
);

// SIGTERM/SIGINT interrupt the program: a batch being committed finishes, the consumer leaves its group.
runApp('msgstatus-projector', Effect.all([stageConfig, transactionsConfig, receiptWindowsConfig(providerIds), lookupConfig, healthConfig(8082)]), program.pipe(Effect.provide(live)));
