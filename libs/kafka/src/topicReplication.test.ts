import * as Either from 'effect/Either';
import { describe, expect, it } from 'vitest';
import { fittedReplication } from './topicReplication.js';

const setBy = { replicationFactor: 'MSGSTATUS_REPLICATION_FACTOR', minInsyncReplicas: 'MSGSTATUS_MIN_INSYNC_REPLICAS' };
const kafkaDefaults = { defaultReplicationFactor: 1 };
const fitted = (brokers: number, set: { replicationFactor?: number; minInsyncReplicas?: number } = {}, defaultReplicationFactor = 1) =>
  fittedReplication({ brokers, defaultReplicationFactor }, set, setBy);

describe('the replication of the topics msgstatus creates', () => {
  it('is three copies, two in sync, on a cluster of three or more brokers nobody configured', () => {
    expect(fitted(3)).toEqual(Either.right({ replicationFactor: 3, minInsyncReplicas: 2 }));
    expect(fitted(7)).toEqual(Either.right({ replicationFactor: 3, minInsyncReplicas: 2 }));
  });

  it('fits a smaller cluster: one copy on one broker, two copies with one in sync on two', () => {
    expect(fitted(1)).toEqual(Either.right({ replicationFactor: 1, minInsyncReplicas: 1 }));
    expect(fitted(2)).toEqual(Either.right({ replicationFactor: 2, minInsyncReplicas: 1 }));
  });

  it("takes the brokers' default.replication.factor where an operator raised it", () => {
    expect(fitted(5, {}, 5)).toEqual(Either.right({ replicationFactor: 5, minInsyncReplicas: 2 }));
    expect(fitted(2, {}, 3)).toEqual(
      Either.left("the brokers' default.replication.factor 3 is more than the 2 brokers that answer: start the others, or set MSGSTATUS_REPLICATION_FACTOR"),
    );
  });

  it('keeps what is set', () => {
    expect(fittedReplication({ brokers: 5, ...kafkaDefaults }, { replicationFactor: 5, minInsyncReplicas: 3 }, setBy)).toEqual(
      Either.right({ replicationFactor: 5, minInsyncReplicas: 3 }),
    );
    expect(fitted(3, { minInsyncReplicas: 1 })).toEqual(Either.right({ replicationFactor: 3, minInsyncReplicas: 1 }));
  });

  it('names the setting to change when the cluster cannot hold it', () => {
    expect(fitted(1, { replicationFactor: 3 })).toEqual(
      Either.left('MSGSTATUS_REPLICATION_FACTOR=3 asks for more copies than the 1 broker the cluster has: set it to 1 or less, or leave it unset to fit the cluster'),
    );
    expect(fitted(1, { minInsyncReplicas: 2 })).toEqual(
      Either.left(
        'MSGSTATUS_MIN_INSYNC_REPLICAS=2 is more than the 1 copy of each partition (no write could ever be acknowledged): set it to 1 or less, or leave it unset to fit the cluster',
      ),
    );
  });
});
