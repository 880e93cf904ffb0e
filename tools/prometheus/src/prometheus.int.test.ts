/*
 * The four apps as processes on the local broker, a little traffic through them, and Debian's
 * Prometheus scraping their health ports every second with alerts.yml loaded. Every expression of
 * the rules (as Prometheus loaded them, /api/v1/rules) and of the Grafana dashboard must return data
 * (/api/v1/query). An alert condition is legitimately empty on a healthy system: then each of its
 * vector selectors, found with Prometheus's own PromQL grammar (promqlSelectors), must return data;
 * a selector that is empty too (`status=~"5.."` with no 5xx) passes only when its metric has series
 * with every label it matches on. A metric with no series at all fails the test: a rule or a panel
 * that names a metric the apps do not export.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@effect/vitest';
import { secretVariable } from '@msgstatus/gateway';
import { publishRawLines } from '@msgstatus/pipeline';
import { freePort, kafkaTestLayer, setUpTopics, SupervisedApp, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import { startFakeEightByEightApi } from '@msgstatus/poller/testing';
import { normalizerOf } from '@msgstatus/provider-registry';
import * as Effect from 'effect/Effect';
import { dashboardQueries } from './dashboardQueries.js';
import { promqlSelectors } from './promqlSelectors.js';

const repository = new URL('../../../', import.meta.url).pathname;
const alertsPath = new URL('../alerts.yml', import.meta.url).pathname;
// Debian's package `prometheus` (.ci/run installs it).
const prometheusBinary = '/usr/bin/prometheus';

/**
 * Metrics that have no series until their first event: prom-client exports a labelled counter's
 * series once a label set is counted, and nothing outside a stage can make its transaction abort.
 * For these alone, the family's HELP and TYPE, which the apps serve from their start, stand for
 * data: Prometheus's metadata API must name it, as scraped from the apps.
 */
const firstEventOnly = new Set(['msgstatus_transaction_aborts_total']);

const sampleLines = readFileSync(join(repository, 'apps/cli/samples/provider-events.ndjson'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const minuteAgo = new Date(Date.now() - 60_000).toISOString();
const eightByEightReceipt = (umid: string, state: string, subAccountId = 'acme') =>
  JSON.stringify({
    provider: '8x8',
    receivedAt: minuteAgo,
    payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { umid, subAccountId, status: { state, timestamp: '2026-11-23T10:00:00Z' } } },
  });
// A raw event whose payload is no 8x8 receipt: the ingestor dead-letters it.
const invalidLine = JSON.stringify({ provider: '8x8', receivedAt: minuteAgo, payload: { namespace: 'SMS', eventType: 'outbound_message_status_changed', payload: { nonsense: true } } });
const callbackFixture = JSON.parse(readFileSync(join(repository, 'libs/providers/8x8/src/fixtures/sms-receipt-delivered.json'), 'utf8')) as { payload: Record<string, unknown> };
const callbackOf = (umid: string) => Buffer.from(JSON.stringify({ ...callbackFixture, payload: { ...callbackFixture.payload, umid } }));

interface Series {
  readonly metric: Record<string, string>;
}

/** A Prometheus on a free loopback port, scraping `targets` every second as job `msgstatus`, with the alert rules loaded. */
const startPrometheus = (targets: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const folder = mkdtempSync(join(tmpdir(), 'msgstatus-prometheus-'));
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(folder, { recursive: true, force: true })));
    const port = yield* Effect.promise(freePort);
    // JSON is YAML: Prometheus reads this as its configuration file.
    const config = {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [alertsPath],
      scrape_configs: [{ job_name: 'msgstatus', metrics_path: '/metrics', static_configs: [{ targets }] }],
    };
    writeFileSync(join(folder, 'prometheus.yml'), JSON.stringify(config));
    let output = '';
    const child = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const started = spawn(
          prometheusBinary,
          [`--config.file=${folder}/prometheus.yml`, `--storage.tsdb.path=${folder}/data`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        for (const stream of [started.stdout, started.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        return started;
      }),
      (started) =>
        Effect.promise(
          () =>
            new Promise<void>((resolve) => {
              if (started.exitCode !== null || started.signalCode !== null) return resolve();
              started.once('exit', () => resolve());
              started.kill('SIGTERM');
            }),
        ),
    );
    const base = `http://127.0.0.1:${port}`;
    const api = async <A>(path: string): Promise<A> => {
      const response = await fetch(`${base}${path}`);
      const body = (await response.json()) as { status: string; data: A; error?: string };
      if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
      return body.data;
    };
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${prometheusBinary} exited with code ${child.exitCode}:\n${output}`);
      if (yield* Effect.promise(() => fetch(`${base}/-/ready`).then((response) => response.ok, () => false))) break;
      if (Date.now() > deadline) throw new Error(`Prometheus was not ready in 60 s:\n${output}`);
      yield* Effect.promise(() => sleep(200));
    }
    return {
      /** The result of an instant query, or the failure Prometheus names (a query it cannot parse). */
      query: (expr: string) => api<{ result: Series[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`).then((data) => data.result),
      api,
      output: () => output,
    };
  });

describe('a real Prometheus scraping the running apps', () => {
  it.live(
    'finds data for every metric that the alert rules and the dashboard read',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('prometheus');
        // 8x8's status API with a quota of one question in ten minutes, far below the poller's pace: after the
        // first, every question is answered 429, and three in a row make the poller count RetryLater.
        const eightByEight = yield* Effect.acquireRelease(
          Effect.promise(() =>
            startFakeEightByEightApi({
              apiKey: 'key-8x8',
              subAccountIds: ['acme'],
              messages: new Map([
                ['stuck-1', [{ state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:05:00Z' }]],
                ['stuck-2', [{ state: 'delivered', detail: 'delivered_to_recipient', timestamp: '2026-11-23T10:05:00Z' }]],
              ]),
              quotaIntervalMs: 600_000,
            }),
          ),
          (api) => Effect.promise(api.close),
        );
        const gatewayPort = yield* Effect.promise(freePort);
        const env = { MSGSTATUS_TOPIC_PREFIX: names.prefix };
        const apps = [
          new SupervisedApp('ingestor', env),
          new SupervisedApp('projector', env),
          // A small rate so that a burst of callbacks is partly refused with 429.
          new SupervisedApp('gateway', { ...env, GATEWAY_PORT: String(gatewayPort), [secretVariable('8x8', 'SECRET')]: 'eight-secret', GATEWAY_RATE_LIMIT: '1', GATEWAY_RATE_BURST: '6' }),
          new SupervisedApp('poller', {
            ...env,
            POLLER_STUCK_AFTER_MS: '2000',
            POLLER_TICK_MS: '200',
            POLLER_MAX_POLLS: '3',
            POLLER_8X8_API_KEY: 'key-8x8',
            POLLER_8X8_BASE_URL: eightByEight.url,
            POLLER_8X8_SMS_BASE_URL: eightByEight.smsUrl,
          }),
        ];
        yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM')))));
        for (const app of apps) yield* Effect.promise(() => app.start(120_000));
        const prometheus = yield* startPrometheus(apps.map((app) => `127.0.0.1:${app.port}`));

        // Every target scraped before the traffic, so counters have a sample before they move.
        const targetsUp = async () => {
          const { activeTargets } = await prometheus.api<{ activeTargets: Array<{ health: string; scrapeUrl: string; lastError: string }> }>('/api/v1/targets');
          return activeTargets.length === apps.length && activeTargets.every((target) => target.health === 'up') ? [] : activeTargets;
        };
        for (let deadline = Date.now() + 30_000; ; ) {
          const notUp = yield* Effect.promise(targetsUp);
          if (notUp.length === 0) break;
          if (Date.now() > deadline) throw new Error(`targets not up after 30 s: ${JSON.stringify(notUp)}`);
          yield* Effect.promise(() => sleep(250));
        }

        // Raw events: the sample (with its two conflicts, so anomalies), one invalid (a dead letter), two stuck 8x8 messages for the poller.
        yield* publishRawLines([...sampleLines, invalidLine, eightByEightReceipt('stuck-1', 'sent'), eightByEightReceipt('stuck-2', 'sent')], names);
        // Callbacks: three signed ones, one repeated, one forged (401), then a burst over the rate (429).
        const url = `http://127.0.0.1:${gatewayPort}/webhooks/8x8`;
        const post = (body: Buffer, signed = true) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(signed ? normalizerOf('8x8')!.webhook!.signedHeaders(url, body, { SECRET: 'eight-secret' }) : { authorization: 'Bearer forged' }) },
            body,
          }).then((answer) => answer.status);
        const statuses: number[] = [];
        for (const umid of ['callback-1', 'callback-2', 'callback-3', 'callback-3']) statuses.push(yield* Effect.promise(() => post(callbackOf(umid))));
        statuses.push(yield* Effect.promise(() => post(callbackOf('forged'), false)));
        statuses.push(...(yield* Effect.promise(() => Promise.all(Array.from({ length: 12 }, (_, index) => post(callbackOf(`burst-${index}`)))))));
        expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 401]);
        expect(statuses).toContain(429);
        yield* waitUntilIngested(names);
        yield* waitUntilProjected(names);

        // The rules as Prometheus loaded them (and evaluates them without error), and the dashboard's queries.
        const loaded = async () =>
          (await prometheus.api<{ groups: Array<{ rules: Array<{ name: string; query: string; health: string; lastError?: string }> }> }>('/api/v1/rules')).groups.flatMap(
            (group) => group.rules,
          );
        const alertNames = [...readFileSync(alertsPath, 'utf8').matchAll(/^\s*- alert: (\S+)$/gm)].map((match) => match[1]!);
        const expressions = [
          ...(yield* Effect.promise(loaded)).map((rule) => ({ source: `alert ${rule.name}`, expr: rule.query })),
          ...dashboardQueries({ rateInterval: '1m', job: 'msgstatus' }).map((query) => ({ source: `panel "${query.panel}" ${query.refId}`, expr: query.expr })),
        ];
        expect(new Set(expressions.filter((entry) => entry.source.startsWith('alert ')).map((entry) => entry.source.slice(6)))).toEqual(new Set(alertNames));

        /**
         * Why an expression has data, or what is missing. An expression with data passes. One that is
         * empty (an alert condition, on a healthy system) passes when each of its selectors has data;
         * a selector that is empty (`status=~"5.."` with no 5xx) when its metric has series with the
         * labels it matches on; a metric with no series only when it is `firstEventOnly` and declared.
         */
        const declared = async (metric: string) => {
          const family = metric.replace(/_(bucket|sum|count)$/, '');
          const metadata = await prometheus.api<Record<string, unknown[]>>(`/api/v1/metadata?metric=${encodeURIComponent(family)}`);
          return (metadata[family] ?? []).length > 0;
        };
        const verdictOf = async (expr: string): Promise<{ readonly problems: string[]; readonly how: string }> => {
          if ((await prometheus.query(expr)).length > 0) return { problems: [], how: 'data' };
          const problems: string[] = [];
          const hows: string[] = [];
          const selectors = new Map(promqlSelectors(expr).map((selector) => [selector.text, selector]));
          for (const selector of selectors.values()) {
            if ((await prometheus.query(selector.text)).length > 0) continue;
            if (selector.metric === null) {
              problems.push(`${selector.text}: no data`);
              continue;
            }
            const series = await prometheus.query(selector.metric);
            if (series.length === 0) {
              if (firstEventOnly.has(selector.metric) && (await declared(selector.metric))) hows.push(`${selector.metric} declared, no event yet`);
              else problems.push(`${selector.metric}: no data — the apps do not export it (or not with this traffic)`);
              continue;
            }
            const missing = selector.labels.filter((label) => !series.some((entry) => label in entry.metric));
            if (missing.length > 0) problems.push(`${selector.text}: ${selector.metric} has no label ${missing.join(', ')}`);
            else hows.push(`${selector.text} empty now, ${selector.metric} has data`);
          }
          return { problems, how: hows.length === 0 ? 'each selector has data' : hows.join('; ') };
        };

        // The stand-in answered 429 three times in a row, and the poller counted RetryLater.
        const retryLater = 'msgstatus_poller_polled_messages_total{outcome="RetryLater"}';
        const quotaCounted = async () => (await prometheus.query(retryLater)).length > 0;

        // Scrapes, rule evaluations and the poller's quota answers take their seconds: ask until all agree, or 90 s.
        let verdicts: Array<{ source: string; expr: string; problems: string[]; how: string }> = [];
        for (const deadline = Date.now() + 90_000; ; ) {
          verdicts = [];
          for (const entry of expressions) verdicts.push({ ...entry, ...(yield* Effect.promise(() => verdictOf(entry.expr))) });
          const unhealthy = (yield* Effect.promise(loaded)).filter((rule) => rule.health !== 'ok');
          const settled = verdicts.every((verdict) => verdict.problems.length === 0) && unhealthy.length === 0 && (yield* Effect.promise(quotaCounted));
          if (settled || Date.now() > deadline) {
            expect(unhealthy.map((rule) => `${rule.name}: ${rule.health} ${rule.lastError ?? ''}`)).toEqual([]);
            break;
          }
          yield* Effect.promise(() => sleep(2_000));
        }
        console.log(`Prometheus found, for each expression:\n${verdicts.map((verdict) => `  ${verdict.source}: ${verdict.problems.length === 0 ? verdict.how : verdict.problems.join('; ')}`).join('\n')}`);
        expect(
          verdicts.filter((verdict) => verdict.problems.length > 0).map((verdict) => `${verdict.source}: ${verdict.problems.join('; ')}\n    ${verdict.expr}`),
          `Prometheus's own log:\n${prometheus.output()}`,
        ).toEqual([]);
        expect(yield* Effect.promise(quotaCounted), `${retryLater} is empty; the stand-in was asked ${JSON.stringify(eightByEight.requests)}`).toBe(true);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('prometheus-test'))),
    300_000,
  );
});
