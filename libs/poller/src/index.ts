/**
 * The reconciliation poller: messages stuck in a non-terminal state longer than configured are
 * asked for at their provider's status API, as the provider declares it (`ProviderNormalizer.statusApi`:
 * requests, lanes and their pacing, quota answers), and the answers go to the raw topics, so the
 * rest of the pipeline treats them as any raw event. It names no provider.
 */
export { runPoller } from './runPoller.js';
export { runTogether, WorkerStoppedError } from './runTogether.js';
export type { PollerOptions } from './runPoller.js';
export { pollerConfig, pollerVariables, plainSettings } from './pollerConfig.js';
export type { PollerSettings, PolledProvider } from './pollerConfig.js';
export { StuckMessages } from './StuckMessages.js';
export type { StuckPolicy, TrackedMessage } from './StuckMessages.js';
export { Pacer } from './Pacer.js';
export { askStatusApi } from './askStatusApi.js';
export type { PollAnswer } from './askStatusApi.js';
