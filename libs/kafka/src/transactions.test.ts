import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import * as Exit from 'effect/Exit';
import * as Schedule from 'effect/Schedule';
import { commitTransaction, type TransactionPort } from './transactions.js';

const protocolError = (type: string, message: string) => Object.assign(new Error(message), { type });
const concurrent = () =>
  protocolError('CONCURRENT_TRANSACTIONS', 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing');

/** A transaction that fails its calls as scripted, and records what was called. */
function scriptedTransaction(failures: Partial<Record<'sendBatch' | 'sendOffsets' | 'commit', Error[]>>) {
  const calls: string[] = [];
  const offsetsSent: unknown[] = [];
  let active = true;
  const step = (name: 'sendBatch' | 'sendOffsets' | 'commit') => async (argument?: unknown) => {
    calls.push(name);
    if (name === 'sendOffsets') offsetsSent.push(argument);
    const failure = failures[name]?.shift();
    if (failure !== undefined) throw failure;
    if (name === 'commit') active = false;
  };
  const transaction: TransactionPort = {
    sendBatch: step('sendBatch'),
    sendOffsets: step('sendOffsets'),
    commit: step('commit'),
    abort: async () => {
      calls.push('abort');
      active = false;
    },
    isActive: () => active,
  };
  return { calls, offsetsSent, begin: async () => transaction };
}

const record = { topic: 'out', key: 'k', value: 'v' };
const position = { groupId: 'g', offsets: [{ topic: 'in', partition: 3, offset: '42' }] };
const fastRetry = Schedule.recurs(5);

describe('commitTransaction', () => {
  it.effect('retries AddOffsetsToTxn answered CONCURRENT_TRANSACTIONS (kafkajs #430), then commits once', () =>
    Effect.gen(function* () {
      const { calls, begin } = scriptedTransaction({ sendOffsets: [concurrent(), concurrent()] });
      yield* commitTransaction(begin, [record], position, fastRetry);
      expect(calls).toEqual(['sendBatch', 'sendOffsets', 'sendOffsets', 'sendOffsets', 'commit']);
    }),
  );

  it.effect('retries AddPartitionsToTxn answered "another concurrent operation" (kafkajs #1068)', () =>
    Effect.gen(function* () {
      const { calls, begin } = scriptedTransaction({ sendBatch: [concurrent()] });
      yield* commitTransaction(begin, [record], position, fastRetry);
      expect(calls).toEqual(['sendBatch', 'sendBatch', 'sendOffsets', 'commit']);
    }),
  );

  it.effect('commits offsets alone for a batch without outputs', () =>
    Effect.gen(function* () {
      const { calls, begin } = scriptedTransaction({});
      yield* commitTransaction(begin, [], position, fastRetry);
      expect(calls).toEqual(['sendOffsets', 'commit']);
    }),
  );

  it.effect("commits the offsets of many partitions in one request, grouped by topic, with the member's generation", () =>
    Effect.gen(function* () {
      const { calls, offsetsSent, begin } = scriptedTransaction({});
      const positions = {
        groupId: 'g',
        member: { generationId: 7, memberId: 'm-1' },
        offsets: [
          { topic: 'a', partition: 0, offset: '10' },
          { topic: 'b', partition: 2, offset: '5' },
          { topic: 'a', partition: 3, offset: '12' },
        ],
      };
      yield* commitTransaction(begin, [record], positions, fastRetry);
      expect(calls).toEqual(['sendBatch', 'sendOffsets', 'commit']);
      expect(offsetsSent).toEqual([
        {
          consumerGroupId: 'g',
          generationId: 7,
          memberId: 'm-1',
          topics: [
            { topic: 'a', partitions: [{ partition: 0, offset: '10' }, { partition: 3, offset: '12' }] },
            { topic: 'b', partitions: [{ partition: 2, offset: '5' }] },
          ],
        },
      ]);
    }),
  );

  it.effect('aborts and fails on any other error, without retrying it', () =>
    Effect.gen(function* () {
      const { calls, begin } = scriptedTransaction({ sendBatch: [protocolError('PRODUCER_FENCED', 'fenced')] });
      const exit = yield* Effect.exit(commitTransaction(begin, [record], position, fastRetry));
      expect(Exit.isFailure(exit)).toBe(true);
      expect(calls).toEqual(['sendBatch', 'abort']);
    }),
  );

  it.effect('gives up when CONCURRENT_TRANSACTIONS outlasts the schedule, aborting', () =>
    Effect.gen(function* () {
      const { calls, begin } = scriptedTransaction({ sendOffsets: Array.from({ length: 10 }, concurrent) });
      const exit = yield* Effect.exit(commitTransaction(begin, [record], position, Schedule.recurs(2)));
      expect(Exit.isFailure(exit)).toBe(true);
      expect(calls).toEqual(['sendBatch', 'sendOffsets', 'sendOffsets', 'sendOffsets', 'abort']);
    }),
  );
});
