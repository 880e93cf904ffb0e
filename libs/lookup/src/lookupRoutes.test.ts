import { describe, expect, it } from '@effect/vitest';
import { HealthServer, Metrics } from '@msgstatus/app-runtime';
import { stateRecords, topicNames, type MessageState } from '@msgstatus/canonical';
import { partitionOf } from '@msgstatus/partitioning';
import { StateCopies, type Holding, type StateStore } from '@msgstatus/state-store';
import * as Context from 'effect/Context';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import { lookupRoutes, maxBatch } from './lookupRoutes.js';

const names = topicNames('t');
const partitions = 4;
const state = (messageId: string, version = 1): MessageState => ({
  messageId, state: 'delivered', detail: null, attempt: 1, channels: ['SMS'], version, changedAt: '2026-01-05T10:00:00.000Z', final: true, finalReason: 'last-state',
});
/** Two ids on different partitions. */
const ids = (() => {
  const found = new Map<number, string>();
  for (let index = 0; found.size < partitions; index++) {
    const id = `8x8:m-${index}`;
    if (!found.has(partitionOf(id, partitions))) found.set(partitionOf(id, partitions), id);
  }
  return found;
})();
const idOn = (partition: number) => ids.get(partition)!;

/** A state store over copies the test fills, lagging `lag` records on every partition it holds. */
function storeOf(held: Record<number, MessageState[]>, lag = 0): StateStore {
  const copies = new StateCopies();
  for (const [partition, states] of Object.entries(held)) {
    copies.apply(Number(partition), states.map((entry, offset) => {
      const written = stateRecords.of(names, Number(partition), entry);
      return { topic: names.state, partition: Number(partition), offset: String(offset), key: Buffer.from(entry.messageId), value: Buffer.from(String(written.value)), headers: {}, timestamp: '0' };
    }));
  }
  const isHeld = (partition: number) => partition in held;
  return {
    hold: () => Effect.void,
    release: () => Effect.void,
    catchUp: () => Effect.void,
    settle: () => Effect.void,
    held: () => Object.keys(held).map(Number),
    get: (partition, messageId) => (isHeld(partition) ? (copies.get(partition, messageId) === undefined ? undefined : { state: copies.get(partition, messageId)!, lag }) : null),
    statesOf: (partition) => copies.statesOf(partition),
    lag: (partition) => (isHeld(partition) ? lag : null),
    size: () => copies.size,
    badRecords: () => 0,
    watch: () => () => undefined,
  };
}

const instance = Layer.fresh(HealthServer.layer({ port: 0, host: '127.0.0.1' }).pipe(Layer.provide(Metrics.layer('lookup-test'))));

const request = (port: number, path: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  });
const batch = (port: number, body: unknown) => request(port, '/messages:batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * Instance A processes partitions 0 and 1 and keeps 2 warm; B processes 2 and 3 and keeps 0 warm.
 * `bUp: false` leaves B's address with nothing listening (an instance killed before the group noticed).
 */
const twoInstances = (bUp = true) =>
  Effect.gen(function* () {
    // Built in the test's scope: both servers listen until it ends.
    const a = Context.get(yield* Layer.build(instance), HealthServer);
    const b = Context.get(yield* Layer.build(instance), HealthServer);
    const endpointA = `http://127.0.0.1:${a.port}`;
    const endpointB = bUp ? `http://127.0.0.1:${b.port}` : 'http://127.0.0.1:9';
    const placement = {
      standby: [],
      holders: [
        { partition: 0, active: endpointA, standbys: [endpointB] },
        { partition: 1, active: endpointA, standbys: [] },
        { partition: 2, active: endpointB, standbys: [endpointA] },
        { partition: 3, active: endpointB, standbys: [] },
      ],
    };
    const holdingA: Holding = { active: [0, 1], standby: [2], placement };
    const holdingB: Holding = { active: [2, 3], standby: [0], placement };
    yield* a.serveAlso(lookupRoutes({ store: storeOf({ 0: [state(idOn(0))], 1: [], 2: [state(idOn(2), 1)] }, 3), holding: () => holdingA, partitions, endpoint: endpointA }));
    yield* b.serveAlso(lookupRoutes({ store: storeOf({ 0: [state(idOn(0))], 2: [state(idOn(2), 2)], 3: [state(idOn(3))] }), holding: () => holdingB, partitions, endpoint: endpointB }));
    return { a: a.port, b: b.port, endpointA, endpointB };
  });

describe('the lookup API', () => {
  it.scoped('answers from its own active copy, and says which copy and how far behind it is', () =>
    Effect.gen(function* () {
      const { a, endpointA } = yield* twoInstances();
      const found = yield* request(a, `/messages/${encodeURIComponent(idOn(0))}`);
      expect(found).toEqual({ status: 200, body: { ...state(idOn(0)), freshness: { partition: 0, copy: 'active', lagRecords: 3, stale: true, answeredBy: endpointA } } });
      const missing = yield* request(a, `/messages/${encodeURIComponent(idOn(1))}`);
      expect(missing).toMatchObject({ status: 404, body: { messageId: idOn(1), error: 'no message has this id', freshness: { copy: 'active', partition: 1 } } });
    }),
  );

  it.scoped("forwards to the partition's active instance, and finds a message by its provider's id", () =>
    Effect.gen(function* () {
      const { a, endpointB } = yield* twoInstances();
      // A holds partition 2 warm at version 1; B, its active, has version 2: the fresh answer is B's.
      const answer = yield* request(a, `/messages/${encodeURIComponent(idOn(2))}`);
      expect(answer).toMatchObject({ status: 200, body: { version: 2, freshness: { copy: 'active', stale: false, answeredBy: endpointB } } });
      const [provider, providerMessageId] = [idOn(3).split(':')[0]!, idOn(3).slice(4)];
      expect(yield* request(a, `/messages?provider=${provider}&providerMessageId=${providerMessageId}`)).toMatchObject({ status: 200, body: { messageId: idOn(3) } });
    }),
  );

  it.scoped('answers from a standby copy, marked stale, when the active instance does not answer; 503 when no holder does', () =>
    Effect.gen(function* () {
      const { a, endpointA } = yield* twoInstances(false);
      expect(yield* request(a, `/messages/${encodeURIComponent(idOn(2))}`)).toMatchObject({
        status: 200,
        body: { version: 1, freshness: { partition: 2, copy: 'standby', stale: true, answeredBy: endpointA } },
      });
      expect(yield* request(a, `/messages/${encodeURIComponent(idOn(3))}`)).toEqual({ status: 503, body: { messageId: idOn(3), error: 'no instance holding partition 3 answered' } });
    }),
  );

  it.scoped('answers a batch in the order asked, each entry as its own lookup would', () =>
    Effect.gen(function* () {
      const { b } = yield* twoInstances();
      const asked = [idOn(3), idOn(0), idOn(1), idOn(3)];
      const { status, body } = yield* batch(b, { messageIds: asked });
      expect(status).toBe(200);
      const results = body['results'] as Array<{ status: number; messageId: string; freshness?: { copy: string } }>;
      expect(results.map((result) => [result.messageId, result.status, result.freshness?.copy])).toEqual([
        [idOn(3), 200, 'active'],
        [idOn(0), 200, 'active'],
        [idOn(1), 404, 'active'],
        [idOn(3), 200, 'active'],
      ]);
    }),
  );

  it.scoped('refuses what it cannot answer with a reason: bad ids, oversized batches and bodies', () =>
    Effect.gen(function* () {
      const { a } = yield* twoInstances();
      expect(yield* request(a, '/messages/no-colon')).toMatchObject({ status: 400, body: { error: 'not a messageId: a messageId: <provider>:<provider message id>' } });
      expect(yield* request(a, `/messages/8x8:${'x'.repeat(700)}`)).toMatchObject({ status: 400 });
      expect(yield* request(a, `/messages/${encodeURIComponent(idOn(1).padEnd(300, 'z'))}`)).toMatchObject({ status: 404, body: { messageId: idOn(1).padEnd(300, 'z') } });
      expect(yield* request(a, '/messages?provider=8x8')).toMatchObject({ status: 400 });
      expect(yield* batch(a, { messageIds: Array.from({ length: maxBatch + 1 }, (_, index) => `8x8:${index}`) })).toMatchObject({ status: 400, body: { error: expect.stringContaining('up to 1000') } });
      expect(yield* batch(a, { messageIds: [], extra: 1 })).toMatchObject({ status: 400 });
      expect(yield* batch(a, { messageIds: ['8x8:'.padEnd(300_000, 'y')] })).toMatchObject({ status: 413 });
      const notJson = yield* request(a, '/messages:batch', { method: 'POST', body: '{' });
      expect(notJson.status).toBe(400);
    }),
  );
});
