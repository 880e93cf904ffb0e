import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { topicDefinitions, topicNames } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaClient } from '@msgstatus/kafka';
import { appProcess, freePort, localTopicStorage } from '@msgstatus/pipeline/testing';
import { providerIds } from '@msgstatus/provider-registry';
import * as NodeRuntime from '@effect/platform-node/NodeRuntime';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import * as Logger from 'effect/Logger';
import * as LogLevel from 'effect/LogLevel';
import { localBroker } from './localBroker.js';
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
 * `npm run bench:gateway`: wrk (Debian's package) posts signed 8x8 receipts on loopback, first to a
 * bare HTTP server (the ceiling), then to the gateway as its own process, which answers each only
 * once Kafka acknowledged its record. Prints requests/s, p50 and p99, checks that the raw topic
 * holds at least as many records as answers were 200, and writes docs/benchmarks.gateway.md.
 */
const bench = Effect.gen(function* () {
  const names = topicNames(`bench-gateway.${Date.now()}`);
  const admin = yield* KafkaAdmin;
  yield* admin.ensureTopics(topicDefinitions(names, providerIds, undefined, localTopicStorage));
  yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteTopics(topicDefinitions(names, providerIds).map((definition) => definition.topic))));

  const ceilingUrl = (yield* ceilingServer).url;
  yield* say(`wrk: ${load.threads} thread(s), ${connectionCounts.join(' then ')} connections, ${load.seconds} s per run`);
  const port = yield* Effect.promise(freePort);
  yield* appProcess('gateway', { MSGSTATUS_TOPIC_PREFIX: names.prefix, GATEWAY_PORT: String(port), GATEWAY_8X8_SECRET: load.secret });
  const rows: string[] = [];
  const gatewayRuns: WrkResult[] = [];
  for (const connections of connectionCounts) {
    const ceiling = yield* runWrk(ceilingUrl, { ...load, connections });
    yield* say(`bare HTTP server, ${connections} connections: ${Math.round(ceiling.requestsPerSecond)} requests/s`);
    const gateway = yield* runWrk(`http://127.0.0.1:${port}/webhooks/8x8`, { ...load, connections });
    yield* say(`gateway, ${connections} connections: ${Math.round(gateway.requestsPerSecond)} requests/s`);
    gatewayRuns.push(gateway);
    rows.push(
      row(`bare Node HTTP server, answers at once (the ceiling here); ${connections} connections`, ceiling, ceiling),
      row(`gateway: authenticate, publish to Kafka, 200 after the acknowledgement; ${connections} connections`, gateway, ceiling),
    );
  }

  const ranges = yield* admin.partitionRanges(names.raw('8x8'));
  const records = ranges.reduce((sum, range) => sum + Number(BigInt(range.end) - BigInt(range.start)), 0);
  const answered = gatewayRuns.reduce((sum, run) => sum + run.requests - run.notOk, 0);
  const notOk = gatewayRuns.reduce((sum, run) => sum + run.notOk, 0);
  const table = [
    '| run (wrk, loopback) | requests/s | ratio to bare HTTP | p50 | p99 | non-2xx |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Records on the raw topic: ${records.toLocaleString('en-US')}, answers 200: ${answered.toLocaleString('en-US')} ` +
      `(${records >= answered ? 'every answered callback is on Kafka' : 'RECORDS MISSING'}; more records than answers are callbacks in flight when wrk stopped).`,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  writeFileSync(new URL('../../../docs/benchmarks.gateway.md', import.meta.url), `${table}\n`);
  yield* say('written: docs/benchmarks.gateway.md');
  return records >= answered && notOk === 0 ? 0 : 1;
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
