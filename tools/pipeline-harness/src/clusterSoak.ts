import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultTopicStorage, topicDefinitions, topicNames, topicStorageVariables, type Topics } from '@msgstatus/canonical';
import { secretVariable } from '@msgstatus/gateway';
import { KafkaAdmin, KafkaClient, KafkaProducer } from '@msgstatus/kafka';
import { publishRawLines } from '@msgstatus/pipeline';
import { changeRecordsOf, clusterCommand, clusterPorts, clusterState, freePort, kafkaProbe, localCluster, rawEventLines, readAll, SupervisedApp, Toxiproxy, type ClusterPlace, type ClusterState, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import { normalizerOf, providerIds } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import * as Fiber from 'effect/Fiber';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import * as Schedule from 'effect/Schedule';
import { auditChanges, deadLetterKeysOf, oracleOf, whoLost, type ChangeFigures, type DeadLetterFigures } from './streamAudit.js';

export interface ClusterSoakOptions {
  /** Messages the traffic is spread over (rawEventLines). */
  readonly messages: number;
  /** Raw events a second, for as long as the faults take. */
  readonly rate: number;
  readonly seed: number;
  /** How long latency, connection resets, the black hole, a killed broker and two brokers down last. */
  readonly faultMs: number;
  /** Traffic without faults before the first fault and after each (once the ISR is full again). */
  readonly settleMs: number;
  /** Every n-th 8x8 message reaches the pipeline as signed callbacks through the gateway. */
  readonly gatewayEvery: number;
  /** The cluster's base port (tools/kafka/cluster.sh: brokers from it, Toxiproxy's API at +30). */
  readonly port: number;
  /**
   * Break durability on purpose: replication factor 2, min.insync.replicas 1, unclean leader
   * election, and the two-brokers fault becomes "kill a follower, write, kill the leader, start
   * the follower first".
   */
  readonly breakDurability: boolean;
  /** Fault kinds to run, in this order (default: all). */
  readonly faults?: ReadonlyArray<FaultKind>;
  readonly say: (line: string) => void;
}

export const faultKinds = ['leader-kill', 'controller-kill', 'rolling-restart', 'latency', 'connection-resets', 'projector-black-hole', 'two-brokers-down'] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultReport {
  readonly fault: FaultKind;
  /** What it did, in words: which broker, what moved. */
  readonly detail: string;
  /** The evidence that the fault was real (a leader moved, a probe through the proxy was reset, the gateway refused). */
  readonly happened: boolean;
  /** From the fault's start until the cluster was whole again (every ISR full). */
  readonly seconds: number;
  /** The longest the change stream stood still in that time, until changes flowed again (ms, by the records' timestamps). */
  readonly stallMs: number;
  readonly changesDuring: number;
}

export interface ClusterSoakResult extends ChangeFigures, DeadLetterFigures {
  readonly rawEvents: number;
  readonly published: number;
  readonly viaGateway: number;
  /** Raw records in the topics at the end: at least `published` plus the gateway's acknowledged callbacks. */
  readonly rawRecords: number;
  readonly gatewayRefused: number;
  readonly gatewayLost: number;
  readonly publishRetries: number;
  readonly messages: number;
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  readonly appStarts: number;
  readonly appRestarts: number;
  /** The ingestor and the projectors committed everything (false only when durability was broken on purpose). */
  readonly caughtUp: boolean;
  /** The change topic as Kafka's Java consumer reads it (read_committed): records, and distinct key#version. */
  readonly javaReaderChanges: number;
  readonly javaReaderDistinct: number;
  /** The longest gap between change records before the first fault: the stream's normal pace. */
  readonly baselineStallMs: number;
  readonly faults: ReadonlyArray<FaultReport>;
  /** Each duplicated, wrong or lost change and dead letter twice, with the fault it came in (at most 40 are told). */
  readonly anomalies: ReadonlyArray<string>;
  /** How many of those came during each fault (the fault's start until the next one's). */
  readonly anomaliesByFault: Readonly<Record<string, number>>;
  readonly seconds: number;
}

const isoTime = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z/g;
/**
 * A line with every ISO time in it moved by `shiftMs` (whole seconds; fractions kept as written):
 * the generated history (January 2026) moved to just before now, so that the gateway's receipt
 * times (now) do not move the partitions' receipt clock months past it and close its windows.
 */
const shifted = (line: string, shiftMs: number) =>
  line.replace(isoTime, (_, seconds: string, fraction: string | undefined) => `${new Date(Date.parse(`${seconds}Z`) + shiftMs).toISOString().slice(0, 19)}${fraction ?? ''}Z`);

/** The 8x8 message id of a line, when it is one (the gateway takes every n-th one's callbacks). */
function eightByEightIdOf(line: string): string | null {
  try {
    const envelope = JSON.parse(line) as { provider?: string; payload?: { payload?: { umid?: string } } };
    return envelope.provider === '8x8' ? (envelope.payload?.payload?.umid ?? null) : null;
  } catch {
    return null;
  }
}

/** The longest gap in `times` (sorted) between `from` and the first time after `until`. */
function stallOf(times: ReadonlyArray<number>, from: number, until: number, end: number): { readonly stallMs: number; readonly changesDuring: number } {
  const during = times.filter((time) => time > from && time <= until);
  const next = times.find((time) => time > until) ?? end;
  const points = [from, ...during, next];
  let stallMs = 0;
  for (let index = 1; index < points.length; index++) stallMs = Math.max(stallMs, points[index]! - points[index - 1]!);
  return { stallMs, changesDuring: during.length };
}

/** A semaphore for plain promises: at most `permits` callbacks in flight. */
function limiter(permits: number) {
  let free = permits;
  const waiting: Array<() => void> = [];
  return async <A>(task: () => Promise<A>): Promise<A> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/**
 * The cluster soak: the real apps as processes (ingestor, two projectors, gateway) over three
 * brokers behind Toxiproxy, topics at replication factor 3 and min.insync.replicas 2, realistic
 * traffic flowing (published directly and, for some 8x8 messages, posted to the gateway as signed
 * callbacks, each retried after a refusal as a provider would), while faults are injected one
 * after another: SIGKILL of the broker that leads the most observation partitions, SIGKILL of the
 * active controller, a rolling restart, 1 s of latency on every link, connection resets, a black
 * hole between the projectors and one broker, two brokers down at once. Then the change topic is
 * compared with replay of the same history, and how long each fault stalled the stream is told.
 */
export const runClusterSoak = (options: ClusterSoakOptions): Effect.Effect<ClusterSoakResult, Error> => {
  const place: ClusterPlace = {
    port: options.port,
    home: new URL(`../../../.kafka/cluster-soak-${options.port}`, import.meta.url).pathname,
    discard: true,
    uncleanElection: options.breakDurability,
  };
  // Unset unless durability is broken on purpose: the apps fit the topics to the cluster (3 copies, min.insync.replicas 2).
  const broken = { replicationFactor: 2, minInsyncReplicas: 1 } as const;
  const storage = options.breakDurability ? { ...defaultTopicStorage, ...broken } : defaultTopicStorage;
  // The apps' output, one file an app (appended at every start), kept after the run: the soak's own lines stay readable.
  const appLogs = new URL(`../../../.kafka/cluster-soak-${options.port}-logs/`, import.meta.url).pathname;
  rmSync(appLogs, { recursive: true, force: true });
  const started = Date.now();
  const say = (line: string) => options.say(`${Math.round((Date.now() - started) / 1000)} s: ${line}`);

  const soak = (clients: ReadonlyArray<string>, projectorBrokers: ReadonlyArray<string>, toxiproxy: Toxiproxy) =>
    Effect.gen(function* () {
      const names: Topics = topicNames(`cluster-soak.${Date.now()}`);
      yield* (yield* KafkaAdmin).ensureTopics(topicDefinitions(names, providerIds, undefined, storage));
      const gatewayPort = yield* Effect.promise(freePort);
      const secret = 'cluster-soak-8x8';
      const env = {
        MSGSTATUS_TOPIC_PREFIX: names.prefix,
        MSGSTATUS_SESSION_TIMEOUT_MS: '6000',
        // Each take-over with the committed offsets it started from, beside every warning: what a soak's anomaly is traced by.
        LOG_LEVEL: 'info',
        ...(options.breakDurability
          ? { [topicStorageVariables.replicationFactor]: String(broken.replicationFactor), [topicStorageVariables.minInsyncReplicas]: String(broken.minInsyncReplicas) }
          : {}),
      };
      const logFile = (name: string) => ({ logFile: `${appLogs}${name}.log` });
      const ingestor = new SupervisedApp('ingestor', { ...env, KAFKA_BROKERS: clients.join(',') }, logFile('ingestor'));
      const projectors = [1, 2].map((n) => new SupervisedApp('projector', { ...env, KAFKA_BROKERS: projectorBrokers.join(',') }, logFile(`projector-${n}`)));
      const gateway = new SupervisedApp(
        'gateway',
        {
        ...env,
        KAFKA_BROKERS: clients.join(','),
        GATEWAY_PORT: String(gatewayPort),
        [secretVariable('8x8', 'SECRET')]: secret,
          GATEWAY_PUBLISH_TIMEOUT_MS: '5000',
        },
        logFile('gateway'),
      );
      const apps = [ingestor, ...projectors, gateway];
      yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM')))));
      yield* Effect.promise(() => Promise.all(apps.map((app) => app.start(120_000))));
      let appRestarts = 0;
      // An app that exited under a fault is started again, and counted: the apps should ride every fault out.
      const restartExited = Effect.promise(() =>
        Promise.all(
          apps.map(async (app) => {
            if (app.running) return;
            appRestarts++;
            say(`the ${app.app} exited (code ${app.lastExitCode}); starting it again`);
            await app.start(180_000);
          }),
        ),
      );
      const initial = yield* clusterState(place);
      const ours = (state: ClusterState) => state.partitions.filter((partition) => partition.topic.startsWith(`${names.prefix}.`));
      const replicas = Math.min(...ours(initial).map((partition) => partition.replicas.length));
      say(`topics ${names.prefix}.* at ${replicas} replicas; 1 ingestor, 2 projectors, 1 gateway on ${clients.length} brokers through Toxiproxy`);

      // The traffic: a steady rate of raw events, until the faults are over.
      const shiftMs = Math.floor((Date.now() - 3 * 3_600_000 - Date.UTC(2026, 0, 5, 9)) / 1000) * 1000;
      const source = rawEventLines(Number.MAX_SAFE_INTEGER, options.messages, options.seed);
      const gatewayIds = new Set<string>();
      const directLines: string[] = [];
      let direct: string[] = [];
      let published = 0;
      let publishRetries = 0;
      let viaGateway = 0;
      let gatewayRefused = 0;
      let pauseDirect = false;
      let trafficOn = true;
      const answered = new Set<string>();
      const send = limiter(16);
      const chains = new Map<string, Promise<void>>();
      const gatewayUrl = `http://127.0.0.1:${gatewayPort}/webhooks/8x8`;
      const deliver = async (body: string) => {
        const until = Date.now() + 600_000;
        while (Date.now() < until) {
          const status = await send(() =>
            fetch(gatewayUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...normalizerOf('8x8')!.webhook!.signedHeaders(gatewayUrl, Buffer.from(body), { SECRET: secret }) },
              body,
              signal: AbortSignal.timeout(30_000),
            }).then(
              (response) => response.status,
              () => 0,
            ),
          );
          if (status >= 200 && status < 300) return void answered.add(body);
          gatewayRefused++;
          // As a provider would: later (Retry-After says 5 s; 1 s keeps the soak short).
          await sleep(1_000);
        }
      };
      const publishDirect = Effect.suspend(() => {
        if (pauseDirect || direct.length === 0) return Effect.void;
        const batch = direct;
        direct = [];
        return publishRawLines(batch, names, directLines.length + 1).pipe(
          Effect.tapError(() => Effect.sync(() => publishRetries++)),
          // Until it is written (a partition may have no leader for minutes when durability is broken on purpose).
          Effect.retry({ schedule: Schedule.spaced('1 second'), times: 900 }),
          Effect.map((result) => {
            published += result.published;
            directLines.push(...batch);
          }),
        );
      });
      const traffic = Effect.gen(function* () {
        const perTick = Math.max(1, Math.round(options.rate / 4));
        while (trafficOn) {
          for (let count = 0; count < perTick; count++) {
            const line = shifted(source.next().value as string, shiftMs);
            const id = eightByEightIdOf(line);
            if (id !== null && Number.parseInt(id.slice(-12), 16) % options.gatewayEvery === 0) {
              gatewayIds.add(id);
              viaGateway++;
              const body = JSON.stringify((JSON.parse(line) as { payload: unknown }).payload);
              chains.set(id, (chains.get(id) ?? Promise.resolve()).then(() => deliver(body)));
            } else direct.push(line);
          }
          yield* Effect.sleep('250 millis');
        }
      });
      // Published apart from the traffic's pace: a send held up by a fault holds up neither the lines nor the callbacks.
      const publisher = Effect.gen(function* () {
        while (trafficOn || direct.length > 0) {
          yield* publishDirect;
          yield* Effect.sleep('250 millis');
        }
      });
      const trafficStarted = Date.now();
      const trafficFiber = yield* Effect.forkScoped(traffic);
      const publisherFiber = yield* Effect.forkScoped(publisher);

      // Waits until every partition has a leader and its full ISR, and every broker is up.
      const whole = Effect.gen(function* () {
        const state = yield* clusterState(place);
        const short = state.partitions.filter((partition) => partition.leader < 0 || partition.isr.length < partition.replicas.length);
        if (short.length > 0) return yield* Effect.fail(new Error(`${short.length} partitions without a full ISR`));
      }).pipe(
        Effect.retry({ schedule: Schedule.spaced('1 second') }),
        Effect.timeoutFail({ duration: '480 seconds', onTimeout: () => new Error('the cluster was not whole again within 480 s') }),
      );
      const wait = (ms: number) => Effect.sleep(`${ms} millis`);
      const allProxies = Object.keys(yield* Effect.promise(() => toxiproxy.proxies()));
      const leadersOf = (state: ClusterState, topic: string) => {
        const counts = new Map<number, number>();
        for (const partition of state.partitions) if (partition.topic === topic) counts.set(partition.leader, (counts.get(partition.leader) ?? 0) + 1);
        return counts;
      };
      const mostLeading = (state: ClusterState, topic: string) => [...leadersOf(state, topic).entries()].filter(([node]) => node > 0).sort((a, b) => b[1] - a[1])[0]!;
      const kill = (node: number) => clusterCommand(place, 'kill', String(node));
      const startBroker = (node: number) => clusterCommand(place, 'start-broker', String(node));

      const faultRuns: Record<FaultKind, Effect.Effect<{ readonly detail: string; readonly happened: boolean }, Error>> = {
        'leader-kill': Effect.gen(function* () {
          const [victim, led] = mostLeading(yield* clusterState(place), names.observations);
          say(`SIGKILL of broker ${victim}, leader of ${led} observation partitions`);
          yield* kill(victim);
          yield* wait(options.faultMs);
          // The controller moves the leaders once the broker's session ends (broker.session.timeout.ms, 6 s): wait for that much longer at most.
          const movedAway = (leaders: Map<number, number>) => !leaders.has(victim) && !leaders.has(-1);
          let after = leadersOf(yield* clusterState(place), names.observations);
          for (let waited = 0; waited < 20 && !movedAway(after); waited++) {
            yield* wait(1_000);
            after = leadersOf(yield* clusterState(place), names.observations);
          }
          yield* startBroker(victim);
          return { detail: `broker ${victim} (led ${led} observation partitions) killed, leaders then ${JSON.stringify(Object.fromEntries(after))}`, happened: movedAway(after) };
        }),
        'controller-kill': Effect.gen(function* () {
          const before = (yield* clusterState(place)).controller;
          say(`SIGKILL of the active controller, broker ${before}`);
          yield* kill(before);
          yield* wait(options.faultMs);
          const after = (yield* clusterState(place)).controller;
          yield* startBroker(before);
          return { detail: `controller ${before} killed, broker ${after} took over`, happened: after > 0 && after !== before };
        }),
        'rolling-restart': Effect.gen(function* () {
          const restarted: number[] = [];
          for (const node of [1, 2, 3]) {
            say(`rolling restart: broker ${node}`);
            yield* clusterCommand(place, 'stop-broker', String(node));
            yield* startBroker(node);
            yield* whole;
            restarted.push(node);
          }
          return { detail: `brokers ${restarted.join(', ')} stopped and started one at a time, each time until every ISR was full`, happened: restarted.length === 3 };
        }),
        latency: Effect.gen(function* () {
          say(`1 s of latency on every link (${allProxies.length} proxies) for ${options.faultMs / 1000} s`);
          yield* Effect.promise(() => Promise.all(allProxies.map((proxy) => toxiproxy.addToxic(proxy, { name: 'latency', type: 'latency', attributes: { latency: 1_000 } }))));
          const probe = yield* Effect.promise(() => kafkaProbe(clients[0]!, 5_000));
          yield* wait(options.faultMs);
          yield* Effect.promise(() => Promise.all(allProxies.map((proxy) => toxiproxy.removeToxic(proxy, 'latency'))));
          return { detail: `a Kafka request through the proxy took ${probe.ms} ms`, happened: probe.outcome === 'answered' && probe.ms >= 1_000 };
        }),
        'connection-resets': Effect.gen(function* () {
          say(`every connection reset every 3 s for ${options.faultMs / 1000} s`);
          let rounds = 0;
          let probedReset = false;
          const until = Date.now() + options.faultMs;
          while (Date.now() < until) {
            yield* Effect.promise(() => Promise.all(allProxies.map((proxy) => toxiproxy.addToxic(proxy, { name: 'resets', type: 'reset_peer', attributes: { timeout: 0 } }))));
            if ((yield* Effect.promise(() => kafkaProbe(clients[0]!, 2_000))).outcome === 'reset') probedReset = true;
            yield* wait(300);
            yield* Effect.promise(() => Promise.all(allProxies.map((proxy) => toxiproxy.removeToxic(proxy, 'resets'))));
            rounds++;
            yield* wait(2_700);
          }
          return { detail: `${rounds} rounds of TCP resets on every link`, happened: rounds > 0 && probedReset };
        }),
        'projector-black-hole': Effect.gen(function* () {
          const [victim] = mostLeading(yield* clusterState(place), names.observations);
          const proxy = `projector-${victim}`;
          say(`black hole between the projectors and broker ${victim} for ${options.faultMs / 1000} s`);
          for (const stream of ['upstream', 'downstream'] as const)
            yield* Effect.promise(() => toxiproxy.addToxic(proxy, { name: `black-hole-${stream}`, type: 'timeout', stream, attributes: { timeout: 0 } }));
          const cut = yield* Effect.promise(() => kafkaProbe(projectorBrokers[victim - 1]!, 2_000));
          const others = yield* Effect.promise(() => kafkaProbe(clients[victim - 1]!, 2_000));
          yield* wait(options.faultMs);
          for (const stream of ['upstream', 'downstream'] as const) yield* Effect.promise(() => toxiproxy.removeToxic(proxy, `black-hole-${stream}`));
          return {
            detail: `the projectors' link to broker ${victim} answered nothing (${cut.outcome}), the other apps' link to it did (${others.outcome})`,
            happened: cut.outcome === 'silent' && others.outcome === 'answered',
          };
        }),
        'two-brokers-down': options.breakDurability
          ? Effect.gen(function* () {
              // The wrong moment, on purpose: the follower is gone, writes are taken by the leader alone
              // (min.insync.replicas 1), the leader dies, and the stale follower comes back first.
              const state = yield* clusterState(place);
              const [leader] = mostLeading(state, names.raw('8x8'));
              const pairs = new Map<number, number>();
              for (const partition of state.partitions)
                if (partition.topic.startsWith(`${names.prefix}.`) && partition.leader === leader)
                  for (const replica of partition.replicas) if (replica !== leader) pairs.set(replica, (pairs.get(replica) ?? 0) + 1);
              const follower = [...pairs.entries()].sort((a, b) => b[1] - a[1])[0]![0];
              say(`breaking durability: SIGKILL of follower ${follower}, writes to leader ${leader} alone for ${options.faultMs / 1000} s, SIGKILL of ${leader}, ${follower} back first`);
              yield* kill(follower);
              yield* wait(options.faultMs);
              yield* kill(leader);
              yield* startBroker(follower);
              // Until the stale follower is elected (KRaft's periodic check, every 5 s on this cluster then), 30 s at most.
              const stranded = (state: ClusterState) => ours(state).filter((partition) => partition.leader < 0 || partition.leader === leader).length;
              let strandedAfter = stranded(yield* clusterState(place));
              for (let waited = 0; waited < 30 && strandedAfter > 0; waited++) {
                yield* wait(1_000);
                strandedAfter = stranded(yield* clusterState(place));
              }
              const after = leadersOf(yield* clusterState(place), names.raw('8x8'));
              yield* startBroker(leader);
              return {
                detail: `follower ${follower} and leader ${leader} killed in turn, ${follower} started first; raw 8x8 leaders then ${JSON.stringify(Object.fromEntries(after))}, ${strandedAfter} partitions still without a leader`,
                happened: strandedAfter === 0,
              };
            })
          : Effect.gen(function* () {
              const controller = (yield* clusterState(place)).controller;
              const down = [1, 2, 3].filter((node) => node !== controller);
              say(`two brokers down at once: SIGKILL of ${down.join(' and ')} for ${options.faultMs / 1000} s`);
              pauseDirect = true;
              const refusedBefore = gatewayRefused;
              yield* Effect.forEach(down, kill, { discard: true });
              yield* wait(options.faultMs);
              // A refusal takes the gateway's publish timeout (5 s) to come: give it that long past the fault's length.
              for (let waited = 0; waited < 20_000 && gatewayRefused === refusedBefore; waited += 500) yield* wait(500);
              const refused = gatewayRefused - refusedBefore;
              yield* Effect.forEach(down, startBroker, { discard: true });
              pauseDirect = false;
              return { detail: `brokers ${down.join(' and ')} down; the gateway refused ${refused} callbacks meanwhile (503, retried later)`, happened: refused > 0 };
            }),
      };

      const faultTimes: Array<{ readonly kind: FaultKind; readonly from: number; readonly until: number; readonly detail: string; readonly happened: boolean }> = [];
      yield* wait(options.settleMs);
      const firstFault = Date.now();
      for (const kind of options.faults ?? faultKinds) {
        const from = Date.now();
        const outcome = yield* faultRuns[kind];
        yield* whole;
        yield* restartExited;
        const until = Date.now();
        faultTimes.push({ kind, from, until, ...outcome });
        say(`${kind}: ${outcome.detail}${outcome.happened ? '' : ' (NOT AS MEANT)'}; whole again after ${Math.round((until - from) / 1000)} s`);
        yield* wait(options.settleMs);
      }
      trafficOn = false;
      pauseDirect = false;
      yield* Fiber.join(trafficFiber);
      yield* Fiber.join(publisherFiber);
      say(`traffic over: ${directLines.length} raw events published, ${viaGateway} callbacks to the gateway; waiting for the gateway's retries and the pipeline`);
      yield* Effect.promise(() => Promise.all(chains.values()));
      yield* restartExited;
      // With durability broken, a group's committed offset may lie past a log cut back by an unclean election:
      // it never "catches up"; the figures are taken all the same.
      const caughtUp = yield* Effect.zipRight(waitUntilIngested(names, 300_000), waitUntilProjected(names, 300_000)).pipe(
        Effect.as(true),
        Effect.catchAll((error) => (options.breakDurability ? Effect.sync(() => (say(`not caught up: ${error.message}`), false)) : Effect.fail(error))),
      );
      const ended = Date.now();
      // After leaders moved the client's metadata may be stale for a while (NOT_LEADER on a listOffsets): read again.
      const readAllOf = (topic: string) => readAll(topic).pipe(Effect.retry({ schedule: Schedule.spaced('2 seconds'), times: 30 }));

      // Every raw record the topics hold: at least what was acknowledged (the harness's sends and the gateway's 2xx; more when a send was retried).
      const rawTopics = yield* Effect.forEach(providerIds, (provider) => readAllOf(names.raw(provider)).pipe(Effect.map((records) => [provider, records] as const)));
      const rawRecords = rawTopics.reduce((sum, [, records]) => sum + records.length, 0);
      // What the gateway wrote, in partition order (one message's callbacks share a partition): its history for replay.
      const gatewayRecords = (rawTopics.find(([provider]) => provider === '8x8')?.[1] ?? []).filter((record) => {
        const umid = (JSON.parse(record.value?.toString('utf8') ?? '{}') as { payload?: { umid?: string } }).payload?.umid;
        return umid !== undefined && gatewayIds.has(umid);
      });
      const gatewayBodies = new Set(gatewayRecords.map((record) => record.value!.toString('utf8')));
      const gatewayLost = [...answered].filter((body) => !gatewayBodies.has(body)).length;
      const gatewayLines = gatewayRecords.map((record) =>
        JSON.stringify({ provider: '8x8', receivedAt: record.headers['received-at']!.toString(), payload: JSON.parse(record.value!.toString('utf8')) }),
      );
      const oracle = oracleOf([...directLines, ...gatewayLines], 'cluster-soak');
      const changeRecords = yield* readAllOf(names.changes);
      const changes = changeRecordsOf(changeRecords);
      // A second reader: Kafka's Java consumer, read_committed, over the same topic (its record count and distinct key#version).
      const javaReader = yield* clusterCommand(place, 'committed', names.changes).pipe(
        Effect.map((text) => Object.fromEntries(text.trim().split('\n').map((line) => line.split(' ') as [string, string]))),
        Effect.map((counts) => ({ records: Number(counts['records'] ?? -1), distinct: Number(counts['distinct'] ?? -1) })),
        Effect.orElseSucceed(() => ({ records: -1, distinct: -1 })),
      );
      const audit = auditChanges(oracle.changes, changes);
      // Each duplicate or wrong record, told by the fault it was written during (its timestamp), for the report.
      const faultAt = (time: number) => [...faultTimes].reverse().find((fault) => fault.from <= time)?.kind ?? 'before the faults';
      const pathOf = (key: string) => (gatewayIds.has(key.split('#')[0]!.replace(/^8x8:/, '')) ? 'gateway' : 'direct');
      // Each anomaly with the fault it came in; a lost change has no record and so no time.
      const found: Array<{ readonly during: string; readonly line: string }> = audit.anomalies.map(({ kind, index, key, expected }) => {
        const during = faultAt(Number(changeRecords[index]!.timestamp));
        const line = `${kind} ${key} (${pathOf(key)}) written during ${during}`;
        return { during, line: kind === 'wrong' ? `${line}: ${changes[index]!.state}, replay says ${expected === undefined ? 'nothing' : (JSON.parse(expected) as { state: string }).state}` : line };
      });
      const observations = audit.lostKeys.length === 0 ? [] : yield* readAllOf(names.observations);
      const losers = whoLost(audit.lostKeys, oracle.changes, observations.map((record) => record.value?.toString() ?? ''));
      for (const key of audit.lostKeys) found.push({ during: 'unknown (lost)', line: `lost ${key} (${pathOf(key)}); ${losers.get(key)}` });
      const deadLetters = yield* readAllOf(names.deadLetter);
      const deadLetterKeys = deadLetterKeysOf(deadLetters);
      const deadLettersSeen = new Set<string>();
      deadLetters.forEach((record, index) => {
        if (deadLettersSeen.has(deadLetterKeys[index]!)) {
          const during = faultAt(Number(record.timestamp));
          found.push({ during, line: `dead letter twice: ${deadLetterKeys[index]!.split('|').slice(0, 3).join('/')} written during ${during}` });
        }
        deadLettersSeen.add(deadLetterKeys[index]!);
      });
      const anomalies = found.map(({ line }) => line);
      for (const line of anomalies.slice(0, 40)) say(`anomaly: ${line}`);
      const anomaliesByFault: Record<string, number> = {};
      for (const { during } of found) anomaliesByFault[during] = (anomaliesByFault[during] ?? 0) + 1;

      const times = changeRecords.map((record) => Number(record.timestamp)).sort((a, b) => a - b);
      const faults = faultTimes.map(({ kind, from, until, detail, happened }) => ({
        fault: kind,
        detail,
        happened,
        seconds: Math.round((until - from) / 1000),
        ...stallOf(times, from, until, ended),
      }));
      return {
        rawEvents: directLines.length + viaGateway,
        published,
        viaGateway,
        rawRecords,
        gatewayRefused,
        gatewayLost,
        publishRetries,
        messages: options.messages,
        replicationFactor: replicas,
        minInsyncReplicas: Math.min(...ours(initial).map((partition) => initial.minInsyncReplicas.get(partition.topic) ?? 0)),
        appStarts: apps.reduce((sum, app) => sum + app.starts, 0),
        appRestarts,
        caughtUp,
        expectedChanges: audit.expectedChanges,
        changes: audit.changes,
        javaReaderChanges: javaReader.records,
        javaReaderDistinct: javaReader.distinct,
        lost: audit.lost,
        duplicated: audit.duplicated,
        wrong: audit.wrong,
        versionGaps: audit.versionGaps,
        // Lines that are not even envelopes are invalid for replay but never reach Kafka.
        expectedDeadLetters: oracle.report.invalid - (directLines.length - published),
        deadLetters: deadLetters.length,
        duplicatedDeadLetters: deadLetterKeys.length - new Set(deadLetterKeys).size,
        baselineStallMs: stallOf(times, trafficStarted, firstFault, ended).stallMs,
        faults,
        anomalies,
        anomaliesByFault,
        seconds: Math.round((Date.now() - started) / 1000),
      } satisfies ClusterSoakResult;
    });

  return Effect.scoped(
    Effect.gen(function* () {
      yield* localCluster(place);
      const ports = yield* clusterPorts(place);
      const toxiproxy = new Toxiproxy(ports.toxiproxy);
      yield* Effect.promise(() => toxiproxy.reset());
      // Every link answers a Kafka request before the clients connect (a broker that just started may not yet).
      yield* Effect.promise(async () => {
        const until = Date.now() + 120_000;
        for (const address of [...ports.clients, ...ports.projectors])
          while ((await kafkaProbe(address, 2_000)).outcome !== 'answered' && Date.now() < until) await sleep(500);
      });
      // The harness is a client like the apps: its connections cross the proxy too.
      const kafka = Layer.mergeAll(KafkaAdmin.layer, KafkaProducer.layer, Logger.minimumLogLevel(LogLevel.Error)).pipe(
        Layer.provideMerge(KafkaClient.layer({ brokers: [...ports.clients], clientId: 'msgstatus-cluster-soak', ssl: false, sasl: null, clientLogLevel: 'nothing' })),
      );
      return yield* Effect.provide(soak(ports.clients, ports.projectors, toxiproxy), kafka);
    }),
  );
};
