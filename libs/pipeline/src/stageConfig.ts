import { defaultTopicPrefix, topicNames, type Topics } from '@msgstatus/canonical';
import * as Config from 'effect/Config';

/** `MSGSTATUS_TOPIC_PREFIX` (default `msgstatus`) and `MSGSTATUS_CONCURRENCY` (partitions at once, default 2). */
export const stageConfig: Config.Config<{ readonly names: Topics; readonly concurrency: number }> = Config.all({
  names: Config.string('MSGSTATUS_TOPIC_PREFIX').pipe(
    Config.withDefault(defaultTopicPrefix),
    Config.validate({ message: 'a topic prefix: letters, digits, ., _ and -', validation: (prefix) => /^[A-Za-z0-9._-]{1,100}$/.test(prefix) }),
    Config.map(topicNames),
  ),
  concurrency: Config.integer('MSGSTATUS_CONCURRENCY').pipe(
    Config.withDefault(2),
    Config.validate({ message: 'at least 1', validation: (n) => n >= 1 }),
  ),
});
