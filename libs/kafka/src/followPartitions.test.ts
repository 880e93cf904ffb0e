import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@effect/vitest';
import * as Effect from 'effect/Effect';
import * as Layer from 'effect/Layer';
import type { Kafka } from 'kafkajs';
import { followPartitions } from './followPartitions.js';
import { KafkaAdmin } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import type { KafkaOptions } from './KafkaOptions.js';

/**
 * A kafkajs consumer as its contract says around a crash it recovers from: after CRASH with
 * `restart`, it has no group until the restart joins again, and seek, pause and resume throw.
 */
class RestartingConsumer extends EventEmitter {
  readonly events = { GROUP_JOIN: 'group_join', END_BATCH_PROCESS: 'end_batch', CRASH: 'crash' };
  inGroup = false;
  readonly seeks: Array<{ partition: number; offset: string }> = [];
  readonly pausedPartitions = new Set<number>();

  readonly #needsGroup = () => {
    if (!this.inGroup) throw new Error('Consumer group was not initialized, consumer#run must be called first');
  };

  connect = async () => undefined;
  subscribe = async () => undefined;
  disconnect = async () => undefined;
  run = async () => this.join();
  seek = ({ partition, offset }: { partition: number; offset: string }) => {
    this.#needsGroup();
    this.seeks.push({ partition, offset });
  };
  pause = (topics: Array<{ partitions: number[] }>) => {
    this.#needsGroup();
    for (const partition of topics.flatMap((entry) => entry.partitions)) this.pausedPartitions.add(partition);
  };
  resume = (topics: Array<{ partitions: number[] }>) => {
    this.#needsGroup();
    for (const partition of topics.flatMap((entry) => entry.partitions)) this.pausedPartitions.delete(partition);
  };
  paused = () => [{ topic: 'state', partitions: [...this.pausedPartitions] }];

  join(): void {
    this.inGroup = true;
    this.pausedPartitions.clear();
    this.emit(this.events.GROUP_JOIN, { payload: { memberAssignment: { state: [0, 1, 2] } } });
  }

  crashAndRestart(): void {
    this.inGroup = false;
    this.emit(this.events.CRASH, { payload: { restart: true, error: new Error('Connection closed') } });
  }
}

const consumer = new RestartingConsumer();
const kafka = { consumer: () => consumer } as unknown as Kafka;
const ranges = [0, 1, 2].map((partition) => ({ partition, start: '0', end: '0' }));
const layer = Layer.mergeAll(
  Layer.succeed(KafkaClient, { kafka, options: { clientId: 'test' } as KafkaOptions }),
  Layer.succeed(KafkaAdmin, { partitionRanges: () => Effect.succeed(ranges), deleteGroup: () => Effect.void } as unknown as KafkaAdmin['Type']),
);

describe('followPartitions', () => {
  it.scoped('follows and unfollows while its consumer restarts after a crash, and seeks and pauses at the join', () =>
    Effect.gen(function* () {
      const follower = yield* followPartitions('state', () => undefined);
      expect(consumer.pausedPartitions).toEqual(new Set([0, 1, 2]));
      yield* follower.follow([0]);
      consumer.crashAndRestart();
      yield* follower.follow([1]);
      yield* follower.unfollow([0]);
      expect(follower.followed()).toEqual([1]);
      consumer.seeks.length = 0;
      consumer.join();
      expect(consumer.seeks).toEqual([{ partition: 1, offset: '0' }]);
      expect(consumer.pausedPartitions).toEqual(new Set([0, 2]));
    }).pipe(Effect.provide(layer)),
  );
});
