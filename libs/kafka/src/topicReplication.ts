import * as Either from 'effect/Either';

/** How many copies a topic's partitions have, and how many must have a write before it is acknowledged. */
export interface Replication {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

/** What is known of the cluster when topics are created. */
export interface ClusterShape {
  /** Brokers that answer now. */
  readonly brokers: number;
  /** The brokers' `default.replication.factor` (Kafka ships 1). */
  readonly defaultReplicationFactor: number;
}

/** The copies a topic gets when none is set: three, or the brokers' own default where an operator raised it. */
export const wantedCopies = 3;

/**
 * The replication of topics created now: what is set wins; otherwise the brokers' own
 * `default.replication.factor` where an operator raised it above Kafka's 1, else three copies, or
 * as many as there are brokers on a smaller cluster. `min.insync.replicas`, when not set, is one
 * less than the copies, at least 1 and at most 2: a write survives one broker's loss, and one broker
 * down refuses no write. Fails with a line that names the setting to change.
 */
export function fittedReplication(
  cluster: ClusterShape,
  set: { readonly replicationFactor?: number; readonly minInsyncReplicas?: number },
  setBy: { readonly replicationFactor: string; readonly minInsyncReplicas: string },
): Either.Either<Replication, string> {
  const brokers = `${cluster.brokers} broker${cluster.brokers === 1 ? '' : 's'}`;
  const replicationFactor =
    set.replicationFactor ?? (cluster.defaultReplicationFactor > 1 ? cluster.defaultReplicationFactor : Math.min(wantedCopies, cluster.brokers));
  if (replicationFactor > cluster.brokers) {
    return Either.left(
      set.replicationFactor === undefined
        ? `the brokers' default.replication.factor ${replicationFactor} is more than the ${brokers} that answer: start the others, or set ${setBy.replicationFactor}`
        : `${setBy.replicationFactor}=${replicationFactor} asks for more copies than the ${brokers} the cluster has: set it to ${cluster.brokers} or less, or leave it unset to fit the cluster`,
    );
  }
  const minInsyncReplicas = set.minInsyncReplicas ?? Math.min(2, Math.max(1, replicationFactor - 1));
  if (minInsyncReplicas > replicationFactor) {
    return Either.left(
      `${setBy.minInsyncReplicas}=${minInsyncReplicas} is more than the ${replicationFactor} cop${replicationFactor === 1 ? 'y' : 'ies'} of each partition ` +
        `(no write could ever be acknowledged): set it to ${replicationFactor} or less, or leave it unset to fit the cluster`,
    );
  }
  return Either.right({ replicationFactor, minInsyncReplicas });
}
