import { randomUUID } from 'node:crypto';
import * as Chunk from 'effect/Chunk';
import * as Effect from 'effect/Effect';
import * as Stream from 'effect/Stream';
import { KafkaAdmin } from './KafkaAdmin.js';
import { KafkaClient } from './KafkaClient.js';
import type { KafkaError } from './KafkaError.js';
import { consumeBatches } from './consumeBatches.js';
import type { ConsumedRecord } from './records.js';

/**
 * Every committed record of `topics`, from the beginning, then new ones as they come: an endless
 * stream for watchers (the demo, tests), through a throw-away group deleted at the end. Ordered
 * within a partition.
 */
export const tail = (topics: ReadonlyArray<string>): Stream.Stream<ConsumedRecord, KafkaError, KafkaClient | KafkaAdmin> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const admin = yield* KafkaAdmin;
      const { options } = yield* KafkaClient;
      const groupId = `${options.clientId}.tail.${randomUUID()}`;
      yield* Effect.addFinalizer(() => Effect.ignore(admin.deleteGroup(groupId)));
      return consumeBatches({ groupId, topics, fromBeginning: true }).pipe(
        Stream.mapEffect((batch) => Effect.as(batch.ack, Chunk.unsafeFromArray(batch.records))),
        Stream.flattenChunks,
      );
    }),
  );
