/**
 * The reconciliation poller: messages stuck in a non-terminal state longer than configured are
 * asked for at their provider's status API, as the provider declares it (`ProviderNormalizer.statusApi`:
 * requests, lanes and their pacing, quota answers), and the answers go to the raw topics, so the
 * rest of the pipeline treats them as any raw event. It names no provider.
 */
export { runPoller } from './runPoller.js';
export { WorkerStoppedError } from './runTogether.js';
export type { PollerOptions } from './runPoller.js';
export { pollerConfig, pollerVariables } from './pollerConfig.js';
export type { PollerSettings, PolledProvider } from './pollerConfig.js';
export type { PollAnswer } from './askStatusApi.js';
