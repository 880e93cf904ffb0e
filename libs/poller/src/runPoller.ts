import { rawRecordOf, topicDefinitions, type Topics, type TopicStorage } from '@msgstatus/canonical';
import { KafkaAdmin, KafkaProducer, type KafkaClient, type KafkaError } from '@msgstatus/kafka';
import { providerIds, rawRecordKey } from '@msgstatus/provider-registry';
import { followState } from '@msgstatus/state-store';
import * as Chunk from 'effect/Chunk';
import * as Clock from 'effect/Clock';
import * as Effect from 'effect/Effect';
import { askStatusApi, type PollAnswer } from './askStatusApi.js';
import { Pacer } from './Pacer.js';
import { pollerMetricsOf } from './pollerMetricsOf.js';
import { plainSettings, type PolledProvider, type PollerSettings } from './pollerConfig.js';
import { runTogether, type WorkerStoppedError } from './runTogether.js';
import { StuckMessages, type TrackedMessage } from './StuckMessages.js';

export interface PollerOptions {
  readonly names: Topics;
  readonly partitions?: number;
  readonly storage?: TopicStorage;
  readonly onPolled?: (provider: string, answer: PollAnswer['_tag'], messages: number) => void;
}

/**
 * The reconciliation poller: follows every message's latest state on the compacted state topic,
 * and asks the provider's status API about those stuck too long. Answers go to the provider's raw
 * topic like any callback, so the ingestor and the projector treat them as every other raw event.
 */
export const runPoller = (
  settings: PollerSettings,
  options: PollerOptions,
): Effect.Effect<never, KafkaError | WorkerStoppedError, KafkaClient | KafkaAdmin | KafkaProducer> =>
  Effect.gen(function* () {
    const { names } = options;
    const admin = yield* KafkaAdmin;
    const producer = yield* KafkaProducer;
    yield* admin.ensureTopics(topicDefinitions(names, providerIds, options.partitions, options.storage));
    const polled = new Set(settings.apis.map((api) => api.provider));
    const stuck = new StuckMessages({ ...settings, providers: polled });
    const metrics = yield* pollerMetricsOf(stuck);

    const publish = (provider: string, messages: ReadonlyArray<TrackedMessage>, answer: PollAnswer) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis;
        metrics.polled(provider, answer._tag, messages.length);
        options.onPolled?.(provider, answer._tag, messages.length);
        if (answer._tag === 'Answered') {
          const envelope = { provider, receivedAt: new Date(now).toISOString(), payload: answer.payload };
          yield* producer.send([rawRecordOf(envelope, names, rawRecordKey(envelope))]);
          yield* Effect.logInfo('stuck messages polled').pipe(
            Effect.annotateLogs({ provider, messages: messages.map((message) => message.messageId).join(', '), httpStatus: answer.httpStatus }),
          );
        } else {
          yield* Effect.logWarning('status API did not answer; asking again later').pipe(Effect.annotateLogs({ provider, reason: answer.reason }));
        }
        for (const message of messages) {
          if (!stuck.polled(message.messageId, now)) yield* Effect.logWarning('given up on a stuck message').pipe(Effect.annotateLogs({ messageId: message.messageId }));
        }
      });

    const every = (work: Effect.Effect<void, KafkaError>) => Effect.forever(Effect.zipRight(work, Effect.sleep(settings.tickMs)));

    /**
     * One round of a provider: its due messages, by lane (8x8: sub-account), in batches of its
     * size. Lanes go at once, each paced on its own; a message without a lane cannot be asked.
     */
    const pollDue = ({ provider, api, ...configured }: PolledProvider, pacer: Pacer) =>
      Effect.gen(function* () {
        const apiSettings = plainSettings({ provider, api, ...configured });
        const now = yield* Clock.currentTimeMillis;
        const lanes = new Map<string, TrackedMessage[]>();
        for (const message of stuck.due(now).filter((candidate) => candidate.provider === provider)) {
          const lane = api.laneOf(message, apiSettings);
          if (lane === null) {
            stuck.polled(message.messageId, now);
            yield* Effect.logWarning('stuck message cannot be asked about: no account named').pipe(Effect.annotateLogs({ messageId: message.messageId }));
            continue;
          }
          lanes.set(lane, [...(lanes.get(lane) ?? []), message]);
        }
        yield* Effect.forEach(
          lanes,
          ([lane, messages]) =>
            Effect.forEach(
              Chunk.chunksOf(Chunk.unsafeFromArray(messages), api.batchSize(apiSettings)),
              (batch) => {
                const asked = Chunk.toReadonlyArray(batch);
                return Effect.flatMap(askStatusApi(api, apiSettings, lane, asked, pacer, () => metrics.quotaAnswer(provider)), (answer) => publish(provider, asked, answer));
              },
              { discard: true },
            ),
          { concurrency: 'unbounded', discard: true },
        );
      });
    const loops = Object.fromEntries(
      settings.apis.map((polledApi) => {
        const pacer = new Pacer(polledApi.api.minIntervalMs(plainSettings(polledApi)));
        return [`${polledApi.provider} polling`, every(pollDue(polledApi, pacer))];
      }),
    );

    // The state topic is compacted: followed from its beginning, it holds every message's latest state.
    // The poller keeps its own index of stuck ones, not the states; a record it cannot read is counted
    // and logged by the store, and never stops it.
    const store = yield* followState(names.state, {
      keepStates: false,
      onApplied: ({ messageId, state, timestamp }) => stuck.observe(messageId, state, timestamp),
    });
    const followAll = Effect.gen(function* () {
      const partitions = (yield* admin.partitionRanges(names.state)).map((range) => range.partition);
      yield* store.hold(partitions);
      let bad = 0;
      // Counted in the poller's metrics as the store counts them.
      return yield* Effect.forever(
        Effect.sync(() => {
          for (; bad < store.badRecords(); bad++) metrics.badStateRecord();
        }).pipe(Effect.zipRight(Effect.sleep('1 second'))),
      );
    });
    yield* Effect.logInfo('poller started').pipe(Effect.annotateLogs({ providers: [...polled].join(', ') || 'none configured' }));
    return yield* runTogether({ 'state follower': followAll, ...loops });
  }).pipe(Effect.scoped, Effect.withLogSpan('poller'));
