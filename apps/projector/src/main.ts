import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { HealthServer, jsonLogging, Metrics } from '@msgstatus/app-runtime';
import { receiptWindowsConfig, stageConfig } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient } from '@msgstatus/kafka';
import { runProjector } from '@msgstatus/pipeline';
import { providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';

const program = Effect.gen(function* () {
  const health = yield* HealthServer;
  const settings = yield* stageConfig;
  const receiptWindows = yield* receiptWindowsConfig(providerIds);
  yield* runProjector({ ...settings, receiptWindows, onAssignment: () => Effect.runSync(health.setReady(true)) });
});

const live = Layer.mergeAll(KafkaAdmin.layer, HealthServer.layerConfig(8082)).pipe(
  Layer.provideMerge(KafkaClient.layerConfig('msgstatus-projector')),
  Layer.provideMerge(Metrics.layer('projector')),
);

// SIGTERM/SIGINT interrupt the program: a batch being committed finishes, the consumer leaves its group.
NodeRuntime.runMain(program.pipe(Effect.provide(live), Effect.provide(jsonLogging)));
