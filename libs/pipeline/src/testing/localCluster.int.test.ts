import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { describe, expect, it } from '@effect/vitest';
import { KafkaProducer } from '@msgstatus/kafka';
import * as Effect from 'effect/Effect';
import * as Schedule from 'effect/Schedule';
import { kafkaProbe } from './kafkaProbe.js';
import { clusterCommand, clusterPorts, clusterState, localCluster, type ClusterState } from './localCluster.js';
import { kafkaTestLayer, readAll, setUpTopics } from './pipelineTestKit.js';
import { Toxiproxy } from './Toxiproxy.js';

describe('the local three-broker cluster behind Toxiproxy (the ground of `npm run soak:cluster`)', () => {
  it.live(
    'fits topics to three copies, moves leaders off a killed broker without losing an acknowledged write, and its proxies delay, reset and swallow requests',
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          // Its own ports (9592-9622) and files: killing its brokers disturbs no other test.
          const place = { port: 9592, home: `${tmpdir()}/msgstatus-cluster-${randomUUID().slice(0, 8)}`, discard: true };
          yield* localCluster(place);
          const ports = yield* clusterPorts(place);
          yield* Effect.gen(function* () {
            const names = yield* setUpTopics('cluster');
            const ours = (state: ClusterState) => state.partitions.filter((partition) => partition.topic.startsWith(`${names.prefix}.`));
            const before = yield* clusterState(place);
            expect([1, 2, 3]).toContain(before.controller);
            expect(new Set(ours(before).map((partition) => `${partition.replicas.length}/${partition.isr.length}`))).toEqual(new Set(['3/3']));
            expect(before.minInsyncReplicas.get(names.observations)).toBe(2);

            const victim = ours(before).find((partition) => partition.topic === names.observations)!.leader;
            yield* clusterCommand(place, 'kill', String(victim));
            const after = yield* clusterState(place).pipe(
              Effect.filterOrFail(
                (state) => ours(state).every((partition) => partition.leader > 0 && partition.leader !== victim),
                () => new Error(`partitions still led by broker ${victim} or by none`),
              ),
              Effect.retry({ schedule: Schedule.spaced('1 second'), times: 60 }),
            );
            expect(ours(after).every((partition) => partition.isr.length === 2)).toBe(true);
            // Two copies of three in sync is min.insync.replicas: an acks=all write still succeeds, and is read back.
            yield* (yield* KafkaProducer).send([{ topic: names.observations, key: 'm1', value: 'written with one broker down' }]);
            expect((yield* readAll(names.observations)).map((record) => record.value?.toString())).toEqual(['written with one broker down']);
            yield* clusterCommand(place, 'start-broker', String(victim));
          }).pipe(Effect.provide(kafkaTestLayer('msgstatus-cluster-test', ports.clients)));

          const toxiproxy = new Toxiproxy(ports.toxiproxy);
          const [link] = ports.clients;
          expect((yield* Effect.promise(() => kafkaProbe(link!, 5_000))).outcome).toBe('answered');
          yield* Effect.promise(() => toxiproxy.addToxic('client-1', { name: 'latency', type: 'latency', attributes: { latency: 1_000 } }));
          const late = yield* Effect.promise(() => kafkaProbe(link!, 5_000));
          expect([late.outcome, late.ms >= 1_000]).toEqual(['answered', true]);
          yield* Effect.promise(() => toxiproxy.reset());
          yield* Effect.promise(() => toxiproxy.addToxic('client-1', { name: 'resets', type: 'reset_peer', attributes: { timeout: 0 } }));
          expect((yield* Effect.promise(() => kafkaProbe(link!, 5_000))).outcome).toBe('reset');
          yield* Effect.promise(() => toxiproxy.reset());
          yield* Effect.promise(() => toxiproxy.addToxic('client-1', { name: 'black-hole', type: 'timeout', attributes: { timeout: 0 } }));
          expect((yield* Effect.promise(() => kafkaProbe(link!, 2_000))).outcome).toBe('silent');
          // The projectors' link to the same broker is its own proxy: untouched.
          expect((yield* Effect.promise(() => kafkaProbe(ports.projectors[0]!, 5_000))).outcome).toBe('answered');
          yield* Effect.promise(() => toxiproxy.reset());
          expect((yield* Effect.promise(() => kafkaProbe(link!, 5_000))).outcome).toBe('answered');
        }),
      ),
    // It may wait for the cluster soak's cluster first (one at a time on a machine).
    1_800_000,
  );
});
