import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { topicDefinitions, topicNames } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient } from '@msgstatus/kafka';
import { appProcess, freePort, localBroker, localTopicStorage } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { runWrk, type WrkResult } from './wrk.js';

const option = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
};
const connectionCounts = option('connections', '64,256').split(',').map(Number);
const load = { seconds: Number(option('seconds', '15')), threads: Number(option('threads', '1')), secret: 'bench-secret' };
const say = (text: string) => Effect.sync(() => process.stderr.write(`bench:gateway: ${text}\n`));

/** An HTTP server that reads each body and answers 200 at once: the limit of HTTP on this machine. */
const ceilingServer = Effect.acquireRelease(
  Effect.async<{ url: string; close: () => void }>((resume) => {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"published"}'));
    });
    server.listen(0, '127.0.0.1', () =>
      resume(Effect.succeed({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/8x8`, close: () => server.close() })),
    );
  }),
  (server) => Effect.sync(server.close),
);

const row = (label: string, result: WrkResult, ceiling: WrkResult) =>
  `| ${label} | ${Math.round(result.requestsPerSecond).toLocaleString('en-US')} | ${(result.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)}× | ${result.p50Ms.toFixed(2)} ms | ${result.p99Ms.toFixed(2)} ms | ${result.notOk} |`;

/**
 * `npm run bench:gateway`: wrk (Debian's package) posts signed 8x8 receipts, each of a message of
 * its own, on loopback: first to a bare HTTP server (the ceiling), then to three gateways, each its
 * own process with its own topics, which answer each callback only once Kafka acknowledged its
 * record: without the checks of issue 21, with them (a rate the load never reaches, so every
 * request pays the bucket, the replay digest and the in-flight count), and under a flood (100/s:
 * the rest is answered 429). Prints requests/s, p50 and p99; checks that each raw topic holds at
 * least as many records as answers were 200 and, for the flood, that no refused callback was
 * written; writes docs/benchmarks.gateway.md.
 */
const bench = Effect.gen(function* () {
  const admin = yield* KafkaAdmin;
  const gateways: ReadonlyArray<{ readonly label: string; readonly env: Record<string, string>; readonly flood: boolean }> = [
    {
      label: 'gateway without the checks (no rate limit, no replay cache)',
      env: { GATEWAY_RATE_LIMIT: 'off', GATEWAY_REPLAY_CACHE_SIZE: '0', GATEWAY_MAX_IN_FLIGHT: '1000000' },
      flood: false,
    },
    {
      label: 'gateway with the checks (rate limit not reached, replay cache, in-flight bound, a previous secret set)',
      env: { GATEWAY_RATE_LIMIT: '1000000', GATEWAY_RATE_BURST: '1000000', GATEWAY_8X8_SECRET_PREVIOUS: 'bench-old-secret' },
      flood: false,
    },
    { label: 'gateway under a flood: rate limit 100/s, burst 100 (the non-2xx are its 429s)', env: { GATEWAY_RATE_LIMIT: '100', GATEWAY_RATE_BURST: '100' }, flood: true },
  ];
  const ceilingUrl = (yield* ceilingServer).url;
  yield* say(`wrk: ${load.threads} thread(s), ${connectionCounts.join(' then ')} connections, ${load.seconds} s per run`);
  const started = [];
  for (const [index, gateway] of gateways.entries()) {
    const names = topicNames(`bench-gateway.${Date.now()}.${index}`);
    const definitions = topicDefinitions(names, providerIds, undefined, localTopicStorage);
    yield* admin.ensureTopics(definitions);
    yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteTopics(definitions.map((definition) => definition.topic))));
    const port = yield* Effect.promise(freePort);
    yield* appProcess('gateway', { MSGSTATUS_TOPIC_PREFIX: names.prefix, GATEWAY_PORT: String(port), GATEWAY_8X8_SECRET: load.secret, ...gateway.env });
    started.push({ ...gateway, names, url: `http://127.0.0.1:${port}/webhooks/8x8`, runs: [] as WrkResult[] });
  }

  const rows: string[] = [];
  for (const connections of connectionCounts) {
    const ceiling = yield* runWrk(ceilingUrl, { ...load, connections });
    yield* say(`bare HTTP server, ${connections} connections: ${Math.round(ceiling.requestsPerSecond)} requests/s`);
    rows.push(row(`bare Node HTTP server, answers at once (the ceiling here); ${connections} connections`, ceiling, ceiling));
    const results: WrkResult[] = [];
    for (const gateway of started) {
      const result = yield* runWrk(gateway.url, { ...load, connections });
      yield* say(`${gateway.label}, ${connections} connections: ${Math.round(result.requestsPerSecond)} requests/s, ${result.notOk} non-2xx`);
      gateway.runs.push(result);
      results.push(result);
      const toUnchecked = results.length === 1 ? '' : `; ${(result.requestsPerSecond / results[0]!.requestsPerSecond).toFixed(2)}× the gateway without the checks`;
      rows.push(row(`${gateway.label}; ${connections} connections${toUnchecked}`, result, ceiling));
    }
  }

  const notes: string[] = [];
  let sound = true;
  for (const gateway of started) {
    const ranges = yield* admin.partitionRanges(gateway.names.raw('8x8'));
    const records = ranges.reduce((sum, range) => sum + Number(BigInt(range.end) - BigInt(range.start)), 0);
    const answered = gateway.runs.reduce((sum, run) => sum + run.requests - run.notOk, 0);
    const refused = gateway.runs.reduce((sum, run) => sum + run.notOk, 0);
    // More records than answers are callbacks in flight when wrk stopped: at most one per connection.
    const inFlightAtStop = connectionCounts.reduce((sum, connections) => sum + connections, 0);
    const allOnKafka = records >= answered;
    const refusedUnwritten = records <= answered + inFlightAtStop;
    sound &&= allOnKafka && (gateway.flood ? refusedUnwritten : refused === 0);
    notes.push(
      `- ${gateway.label}: ${records.toLocaleString('en-US')} records on its raw topic, ${answered.toLocaleString('en-US')} answers 200` +
        `${gateway.flood ? `, ${refused.toLocaleString('en-US')} refused` : ''} (${allOnKafka ? 'every answered callback is on Kafka' : 'RECORDS MISSING'}` +
        `${gateway.flood ? (refusedUnwritten ? '; no refused callback was written' : '; REFUSED CALLBACKS WERE WRITTEN') : ''}).`,
    );
  }
  const table = [
    '| run (wrk, loopback) | requests/s | ratio to bare HTTP | p50 | p99 | non-2xx |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    ...notes,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  writeFileSync(new URL('../../../docs/benchmarks.gateway.md', import.meta.url), `${table}\n`);
  yield* say('written: docs/benchmarks.gateway.md');
  return sound ? 0 : 1;
});

const quietLogging = Layer.mergeAll(
  Logger.remove(Logger.prettyLoggerDefault),
  Logger.replace(Logger.defaultLogger, Logger.withConsoleError(Logger.logfmtLogger)),
  Logger.minimumLogLevel(LogLevel.Warning),
);
const kafka = KafkaAdmin.layer.pipe(Layer.provideMerge(KafkaClient.layerConfig('msgstatus-bench-gateway')));
const program = Effect.scoped(Effect.zipRight(localBroker(), Effect.provide(Effect.scoped(bench), kafka))).pipe(
  Effect.catchAll((error) => Effect.as(say(`failed: ${error.message}`), 1)),
  Effect.provide(quietLogging),
);

NodeRuntime.runMain(program, { teardown: (exit, onExit) => onExit(exit._tag === 'Success' ? (exit.value as number) : 1) });
