import { canonicalPartitions, defaultTopicPrefix, topicNames, type Topics } from '@msgstatus/canonical';
import * as Config from 'effect/Config';

/**
 * `MSGSTATUS_TOPIC_PREFIX` (default `msgstatus`), `MSGSTATUS_CONCURRENCY` (partitions at once,
 * default 32), `MSGSTATUS_SESSION_TIMEOUT_MS` (default 30000; the broker allows 6000 and up) and
 * `MSGSTATUS_PARTITIONS` (of the topics it creates, default 6).
 */
export const stageConfig: Config.Config<{
  readonly names: Topics;
  readonly concurrency: number;
  readonly sessionTimeoutMs: number;
  readonly partitions: number;
}> = Config.all({
  names: Config.string('MSGSTATUS_TOPIC_PREFIX').pipe(
    Config.withDefault(defaultTopicPrefix),
    Config.validate({ message: 'a topic prefix: letters, digits, ., _ and -', validation: (prefix) => /^[A-Za-z0-9._-]{1,100}$/.test(prefix) }),
    Config.map(topicNames),
  ),
  // Every assigned partition in flight at once (the ingestor has 3 × 6): each has its own producer,
  // and while one waits on its transaction's round trips the others compute (docs/benchmarks.md).
  concurrency: Config.integer('MSGSTATUS_CONCURRENCY').pipe(
    Config.withDefault(32),
    Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
  ),
  partitions: Config.integer('MSGSTATUS_PARTITIONS').pipe(
    Config.withDefault(canonicalPartitions),
    Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
  ),
  sessionTimeoutMs: Config.integer('MSGSTATUS_SESSION_TIMEOUT_MS').pipe(
    Config.withDefault(30_000),
    Config.validate({ message: 'at least 6000 (the broker refuses shorter sessions)', validation: (n) => n >= 6_000 }),
  ),
});

export const stageVariables = [
  { name: 'MSGSTATUS_TOPIC_PREFIX', default: 'msgstatus', description: 'Prefix of every topic name (`<prefix>.changes`, ...)' },
  { name: 'MSGSTATUS_CONCURRENCY', default: '32', description: 'Partitions processed at once' },
  { name: 'MSGSTATUS_PARTITIONS', default: String(canonicalPartitions), description: 'Partitions of the topics it creates when missing' },
  { name: 'MSGSTATUS_SESSION_TIMEOUT_MS', default: '30000', description: "How long a crashed member's partitions wait before moving (6000 and up)" },
] as const;
