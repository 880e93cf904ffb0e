/**
 * `npm run bench:failover`: what a projector instance's death costs, with warm standbys and
 * without, and what the lookup API answers at, on the local broker.
 *
 * Each round: `--messages` states (default 1,000,000) on a 6-partition state topic; one projector
 * process (the victim) takes all partitions and restores them; a second instance (the survivor, in
 * this process, so one clock times both ends) joins and gets half, with `MSGSTATUS_STANDBY_REPLICAS`
 * 1 or 0. Once both are caught up, the victim is SIGKILLed and one observation is published to each
 * of its partitions. Timed: from the survivor's assignment of the moved partitions, and from the
 * SIGKILL, to the first change record out of each moved partition (the slowest partition counts).
 * The session timeout is 6 s, the broker's minimum: the group learns of a SIGKILL only when it ends.
 * Lookups are timed with wrk on the survivor in the first round with standbys, before the kill:
 * ids of its own partitions (answered from its copy) and of the victim's (forwarded to it).
 */
import { parseArgs } from 'node:util';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import { HealthServer, Metrics } from '@msgstatus/app-runtime';
import { makeObservation, observationRecords, topicDefinitions, topicNames, type MessageState, type Topics } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient, KafkaProducer, tail } from '@msgstatus/kafka';
import { lookupRoutes } from '@msgstatus/lookup';
import { partitionOf } from '@msgstatus/partitioning';
import { runProjector } from '@msgstatus/pipeline';
import { localBroker, localTopicStorage, SupervisedApp } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import { followState, type Holding } from '@msgstatus/state-store';
import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Fiber from 'effect/Fiber';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Stream from 'effect/Stream';
import { getScript, runWrkScript } from './wrk.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    'lookup-seconds': { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
  },
});
const messages = Number(values.messages);
const rounds = Number(values.rounds);
const partitions = 6;
const sessionTimeoutMs = 6_000;
const say = (text: string) => Effect.sync(() => process.stderr.write(`bench:failover: ${text}\n`));
const median = (numbers: ReadonlyArray<number>) => [...numbers].sort((left, right) => left - right)[Math.floor(numbers.length / 2)]!;
const messageIdOf = (index: number) => `8x8:${index.toString(16).padStart(8, '0')}-1a2b-4c3d-8e9f-00000000`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The state of `messages` messages, each on its key's partition, as the projector would have written them. */
const publishStates = (names: Topics) =>
  Effect.gen(function* () {
    const producer = yield* KafkaProducer;
    const changedAt = new Date().toISOString();
    for (let start = 0; start < messages; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, messages - start) }, (_, offset) => {
        const state: MessageState = { messageId: messageIdOf(start + offset), state: 'delivered', detail: null, attempt: 1, channels: ['WhatsApp'], version: 2, changedAt, final: false, finalReason: null };
        return { topic: names.state, key: state.messageId, value: JSON.stringify(state) };
      });
      yield* producer.send(batch);
    }
  });

/** One new message's `sent` on each of `targets`, keyed onto it. */
const probes = (names: Topics, round: string, targets: ReadonlyArray<number>) =>
  targets.map((partition) => {
    let index = 0;
    while (partitionOf(`8x8:probe-${round}-${index}`, partitions) !== partition) index++;
    const observation = makeObservation(
      { provider: '8x8', receivedAt: new Date().toISOString(), payload: {}, source: { file: 'bench', line: index + 1 } },
      { providerMessageId: `probe-${round}-${index}`, state: 'sent', detail: null, attempt: 1, channel: 'SMS', providerTime: new Date().toISOString(), error: null, providerStatus: 'sent' },
    );
    return observationRecords.of(names, observation);
  });

const until = (condition: () => boolean, what: string, ms = 600_000) =>
  Effect.gen(function* () {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) return yield* Effect.fail(new Error(`not ${what} after ${ms} ms`));
      yield* Effect.sleep('20 millis');
    }
  });

interface RoundFigures {
  readonly fromAssignmentMs: number;
  readonly fromKillMs: number;
  readonly survivorHeapMb: number;
  readonly survivorHeld: number;
  readonly lookups: ReadonlyArray<string>;
}

const round = (names: Topics, label: string, standbyReplicas: number, timeLookups: boolean) =>
  Effect.scoped(
    Effect.gen(function* () {
      gc();
      // What the survivor takes, not what earlier rounds left behind.
      const heapBefore = process.memoryUsage().heapUsed;
      const victim = new SupervisedApp('projector', {
        MSGSTATUS_TOPIC_PREFIX: names.prefix,
        MSGSTATUS_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
        MSGSTATUS_STANDBY_REPLICAS: String(standbyReplicas),
        KAFKA_BROKERS: '127.0.0.1:9092',
      });
      yield* Effect.addFinalizer(() => Effect.promise(() => victim.stop('SIGKILL')));
      yield* Effect.promise(() => victim.start(600_000));

      const health = Context.get(yield* Layer.build(HealthServer.layer({ port: 0, host: '127.0.0.1' }).pipe(Layer.provide(Metrics.layer(`bench-${label}`)))), HealthServer);
      const endpoint = `http://127.0.0.1:${health.port}`;
      const store = yield* followState(names.state);
      const holdings: Array<{ at: number; holding: Holding; ready: boolean }> = [];
      let holding: Holding = { active: [], standby: [], placement: null };
      yield* health.serveAlso(lookupRoutes({ store, holding: () => holding, partitions, endpoint }));
      const survivor = yield* Effect.forkScoped(
        runProjector({
          names,
          store,
          standbyReplicas,
          endpoint,
          sessionTimeoutMs,
          onHolding: (current, ready) => {
            holding = current;
            holdings.push({ at: performance.now(), holding: current, ready });
          },
        }),
      );
      yield* until(() => holdings.some((entry) => entry.ready && entry.holding.active.length > 0 && entry.holding.active.length < partitions), 'assigned half');
      yield* store.catchUp(holding.standby);
      const mine = [...holding.active];
      const moved = Array.from({ length: partitions }, (_, partition) => partition).filter((partition) => !mine.includes(partition));
      gc();
      const survivorHeapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1_048_576);
      const survivorHeld = store.size();
      yield* say(`${label}: survivor processes ${mine.join(',')}, keeps ${holding.standby.join(',') || 'no'} standby; holds ${survivorHeld} states, took ${survivorHeapMb} MB of heap`);

      const lookups: string[] = [];
      if (timeLookups) {
        const idsOn = (wanted: ReadonlyArray<number>) => {
          const ids: string[] = [];
          for (let index = 0; ids.length < 2_000 && index < messages; index++) if (wanted.includes(partitionOf(messageIdOf(index), partitions))) ids.push(messageIdOf(index));
          return ids.map((id) => `/messages/${encodeURIComponent(id)}`);
        };
        for (const [kind, paths] of [['local (own active copy)', idsOn(mine)], ['forwarded (to the active instance)', idsOn(moved)]] as const) {
          const result = yield* runWrkScript(`${endpoint}/messages/x`, getScript(paths), { connections: Number(values.connections), seconds: Number(values['lookup-seconds']), threads: 1 });
          lookups.push(`| lookup, ${kind}, ${values.connections} connections | ${Math.round(result.requestsPerSecond).toLocaleString('en-US')} lookups/s | p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms | ${result.notOk} not 200 |`);
          yield* say(lookups[lookups.length - 1]!);
        }
      }

      const firstChange = new Map<number, number>();
      const watched = new Set(moved);
      yield* Effect.forkScoped(
        tail([names.changes]).pipe(
          Stream.runForEach((record) =>
            Effect.sync(() => {
              if (record.key?.toString().includes(`probe-${label}-`) && watched.has(record.partition) && !firstChange.has(record.partition)) firstChange.set(record.partition, performance.now());
            }),
          ),
        ),
      );
      yield* Effect.sleep('2 seconds');
      const producer = yield* KafkaProducer;
      const killedAt = performance.now();
      yield* Effect.promise(() => victim.stop('SIGKILL'));
      yield* producer.send(probes(names, label, moved));
      yield* until(() => moved.every((partition) => firstChange.has(partition)), 'every moved partition changed', 120_000).pipe(
        Effect.tapError(() =>
          Effect.flatMap(Effect.flatMap(KafkaAdmin, (admin) => Effect.all([admin.partitionRanges(names.observations), admin.partitionRanges(names.changes)])), (ranges) => say(`ranges ${JSON.stringify(ranges)}`)).pipe(Effect.ignore),
        ),
        Effect.tapError(() =>
          say(`after the kill: holdings ${JSON.stringify(holdings.filter((entry) => entry.at > killedAt).map((entry) => [entry.holding.active, entry.ready]))}, changes of ${[...firstChange.keys()].join(',') || 'none'}`),
        ),
      );
      const assigned = holdings.find((entry) => entry.at > killedAt && moved.every((partition) => entry.holding.active.includes(partition)))!;
      const last = Math.max(...moved.map((partition) => firstChange.get(partition)!));
      yield* Fiber.interrupt(survivor);
      return { fromAssignmentMs: Math.round(last - assigned.at), fromKillMs: Math.round(last - killedAt), survivorHeapMb, survivorHeld, lookups } satisfies RoundFigures;
    }),
  );

const bench = Effect.gen(function* () {
  const admin = yield* KafkaAdmin;
  const names = topicNames(`bench.failover.${Date.now()}`);
  yield* admin.ensureTopics(topicDefinitions(names, providerIds, partitions, localTopicStorage));
  yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteTopics(topicDefinitions(names, providerIds, partitions, localTopicStorage).map((definition) => definition.topic))));
  yield* say(`publishing ${messages.toLocaleString('en-US')} states on ${partitions} partitions`);
  yield* publishStates(names);
  const figures: Record<'on' | 'off', RoundFigures[]> = { on: [], off: [] };
  for (let index = 0; index < rounds; index++) {
    for (const mode of ['on', 'off'] as const) {
      const label = `${mode}${index}`;
      const result = yield* round(names, label, mode === 'on' ? 1 : 0, mode === 'on' && index === 0);
      figures[mode].push(result);
      yield* say(`${label}: first change of every moved partition ${result.fromAssignmentMs} ms after the assignment, ${result.fromKillMs} ms after the SIGKILL`);
    }
  }
  const row = (mode: 'on' | 'off', text: string) => {
    const runs = figures[mode];
    return `| failover, standbys ${mode === 'on' ? 'on (1 replica)' : 'off'}: ${text} | **${median(runs.map((run) => run.fromAssignmentMs))} ms** from the assignment; ${median(runs.map((run) => run.fromKillMs))} ms from the SIGKILL | rounds: ${runs.map((run) => run.fromAssignmentMs).join(', ')} ms | heap the survivor took: ${median(runs.map((run) => run.survivorHeapMb))} MB for ${median(runs.map((run) => run.survivorHeld)).toLocaleString('en-US')} states held |`;
  };
  const table = [
    `${messages.toLocaleString('en-US')} messages on ${partitions} partitions, two instances, session timeout ${sessionTimeoutMs} ms; medians of ${rounds} rounds`,
    '',
    '| figure | measured | | |',
    '|---|---|---|---|',
    row('on', 'moved partitions to their first change record'),
    row('off', 'moved partitions to their first change record'),
    ...figures.on[0]!.lookups,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  return 0;
});

const quiet = Layer.mergeAll(
  Logger.remove(Logger.prettyLoggerDefault),
  Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)),
  Logger.minimumLogLevel(process.env['BENCH_LOG'] === 'info' ? LogLevel.Info : LogLevel.Error),
);
const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer).pipe(
  Layer.provideMerge(KafkaClient.layer({ brokers: ['127.0.0.1:9092'], clientId: 'msgstatus-bench-failover', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
);
const program = Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(Effect.scoped(bench), kafka))).pipe(Effect.provide(quiet));
NodeRuntime.runMain(program, { teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1) });
