import { describe, expect, it } from '@effect/vitest';
import type { StatusChangeRecord } from '@msgstatus/canonical';
import { publishRawLines, runIngestor } from '@msgstatus/pipeline';
import { byMessage, kafkaTestLayer, rawEventLines, replayOracle, setUpTopics, SupervisedApp, waitUntilIngested, waitUntilProjected } from '@msgstatus/pipeline/testing';
import * as Effect from 'effect/Effect';

interface Answer {
  readonly status: number;
  readonly messageId: string;
  readonly state?: string;
  readonly detail?: string | null;
  readonly attempt?: number;
  readonly version?: number;
  readonly finalReason?: string | null;
  readonly freshness?: { readonly copy: 'active' | 'standby'; readonly partition: number; readonly stale: boolean };
}

/** What a lookup must say of a message: its last change record, as replay gives it. */
const expectedOf = (lines: ReadonlyArray<string>) =>
  Object.fromEntries(
    Object.entries(byMessage(replayOracle(lines))).map(([messageId, changes]) => {
      const last: StatusChangeRecord = changes[changes.length - 1]!;
      return [messageId, { state: last.state, detail: last.detail, attempt: last.attempt, version: last.version, finalReason: last.finalReason }];
    }),
  );
const sayOf = (answer: Answer) => ({ state: answer.state, detail: answer.detail, attempt: answer.attempt, version: answer.version, finalReason: answer.finalReason });

const lookUp = (app: SupervisedApp, messageIds: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${app.port}/messages:batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds }),
    });
    if (response.status !== 200) throw new Error(`POST /messages:batch answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { results: Answer[] }).results;
  });

/** Asks `apps` until every one of them answers every message as expected (copies catch up in their own time), or fails after `ms`. */
const untilAllAgree = (apps: ReadonlyArray<SupervisedApp>, expected: Record<string, unknown>, ms: number) =>
  Effect.gen(function* () {
    const ids = Object.keys(expected);
    const deadline = Date.now() + ms;
    for (;;) {
      const answers = yield* Effect.forEach(apps, (app) => lookUp(app, ids));
      const agreed = answers.every((results) => results.every((answer) => answer.status === 200 && answer.freshness?.copy === 'active'));
      if (agreed || Date.now() > deadline) {
        for (const results of answers) expect(Object.fromEntries(results.map((answer) => [answer.messageId, sayOf(answer)]))).toEqual(expected);
        for (const results of answers) expect(results.map((answer) => answer.freshness?.copy)).toEqual(ids.map(() => 'active'));
        return;
      }
      yield* Effect.sleep('250 millis');
    }
  });

describe('the lookup API of three projector instances on a real broker', () => {
  it.live(
    'answers every message on every instance as replay does, keeps answering from standbys while a SIGKILLed instance is noticed, and agrees again after',
    () =>
      Effect.gen(function* () {
        const names = yield* setUpTopics('lookup');
        const lines = [...rawEventLines(3_000, 300, 20)];
        const half = lines.length / 2;
        yield* Effect.forkScoped(runIngestor({ names }));
        // The shortest session the broker allows: the group notices the killed instance 6 s after.
        const env = { MSGSTATUS_TOPIC_PREFIX: names.prefix, MSGSTATUS_SESSION_TIMEOUT_MS: '6000', MSGSTATUS_STANDBY_REPLICAS: '1' };
        const apps = [new SupervisedApp('projector', env), new SupervisedApp('projector', env), new SupervisedApp('projector', env)];
        yield* Effect.addFinalizer(() => Effect.promise(() => Promise.all(apps.map((app) => app.stop('SIGTERM')))));
        for (const app of apps) yield* Effect.promise(() => app.start(120_000));
        yield* publishRawLines(lines.slice(0, half), names);
        yield* waitUntilIngested(names, 150_000);
        yield* waitUntilProjected(names, 150_000);
        const expected = expectedOf(lines.slice(0, half));
        yield* untilAllAgree(apps, expected, 60_000);

        const [killed, ...survivors] = apps as [SupervisedApp, SupervisedApp, SupervisedApp];
        yield* Effect.promise(() => killed.stop('SIGKILL'));
        // Before the group notices, lookups of the killed instance's partitions come from standbys, and say so.
        const during = yield* Effect.forEach(survivors, (app) => lookUp(app, Object.keys(expected)));
        for (const results of during) {
          expect(results.filter((answer) => answer.status !== 200)).toEqual([]);
          expect(Object.fromEntries(results.map((answer) => [answer.messageId, sayOf(answer)]))).toEqual(expected);
          const standby = results.filter((answer) => answer.freshness?.copy === 'standby');
          expect(standby.length).toBeGreaterThan(0);
          expect(standby.every((answer) => answer.freshness?.stale === true)).toBe(true);
        }

        yield* publishRawLines(lines.slice(half), names, half + 1);
        yield* waitUntilIngested(names, 150_000);
        yield* waitUntilProjected(names, 150_000);
        yield* untilAllAgree(survivors, expectedOf(lines), 90_000);
      }).pipe(Effect.scoped, Effect.provide(kafkaTestLayer('projector-lookup-test'))),
    480_000,
  );
});
