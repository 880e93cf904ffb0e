import { Metrics } from '@msgstatus/app-runtime';
import * as Effect from 'effect/Effect';
import * as Option from 'effect/Option';
import { Counter, Gauge } from 'prom-client';
import type { PollAnswer } from './askStatusApi.js';
import type { StuckMessages } from './StuckMessages.js';

export interface PollerMetrics {
  readonly polled: (provider: string, outcome: PollAnswer['_tag'], messages: number) => void;
  readonly badStateRecord: () => void;
  /** A status API answered that the quota is used up (each answer, retried or not). */
  readonly quotaAnswer: (provider: string) => void;
}

/**
 * The poller's Prometheus metrics in the app's registry: messages asked for, by provider and
 * outcome (`Answered`, `RetryLater`), quota answers, how many messages it watches, and state
 * records it could not read. None without `Metrics`.
 */
export const pollerMetricsOf = (stuck: StuckMessages): Effect.Effect<PollerMetrics> =>
  Effect.map(Effect.serviceOption(Metrics), (metrics) => {
    if (Option.isNone(metrics)) return { polled: () => undefined, badStateRecord: () => undefined, quotaAnswer: () => undefined };
    const registers = [metrics.value.registry];
    const polls = new Counter({ name: 'msgstatus_poller_polled_messages_total', help: 'Messages asked for at a status API, by outcome', labelNames: ['provider', 'outcome'], registers });
    new Gauge({
      name: 'msgstatus_poller_watched_messages',
      help: 'Messages in a stuck state that the poller watches (polled once they are old enough)',
      registers,
      collect() {
        this.set(stuck.size);
      },
    });
    const badStates = new Counter({ name: 'msgstatus_poller_bad_state_records_total', help: 'State records the poller could not read (skipped, logged)', registers });
    const quotaAnswers = new Counter({
      name: 'msgstatus_poller_quota_answers_total',
      help: "Answers of a status API that its quota is used up (429 or the provider's own words), each one, before the lane is held back",
      labelNames: ['provider'],
      registers,
    });
    return {
      polled: (provider, outcome, messages) => polls.inc({ provider, outcome }, messages),
      badStateRecord: () => badStates.inc(),
      quotaAnswer: (provider) => quotaAnswers.inc({ provider }),
    };
  });
