import type * as Effect from 'effect/Effect';
import { defaultFencing, type ExactlyOnceOptions } from './exactlyOnce.js';
import { runGroupTransactions } from './groupTransactions.js';
import type { KafkaAdmin } from './KafkaAdmin.js';
import type { KafkaClient } from './KafkaClient.js';
import type { KafkaError } from './KafkaError.js';
import { runPartitionTransactions } from './partitionTransactions.js';

/**
 * Consume-transform-produce, exactly once for `read_committed` readers: every batch's outputs
 * commit atomically with its input offsets, and a zombie's writes never become visible. How
 * zombies are fenced is `options.fencing` (`defaultFencing` when absent).
 */
export const runExactlyOnce = <E, R>(options: ExactlyOnceOptions<E, R>): Effect.Effect<void, KafkaError | E, R | KafkaClient | KafkaAdmin> =>
  (options.fencing ?? defaultFencing) === 'partition' ? runPartitionTransactions(options) : runGroupTransactions(options);
