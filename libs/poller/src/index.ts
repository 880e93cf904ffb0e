/**
 * The reconciliation poller: messages stuck in a non-terminal state longer than configured are
 * asked for at the provider's status API (8x8's message details, paced per sub-account and
 * honouring its quota answers; AlphaSMS's status call in batches), and the answers go to the raw
 * topics, so the rest of the pipeline treats them as any raw event.
 */
export { runPoller, polledProviders } from './runPoller.js';
export { runTogether, WorkerStoppedError } from './runTogether.js';
export type { PollerOptions } from './runPoller.js';
export { pollerConfig, pollerVariables } from './pollerConfig.js';
export type { PollerSettings } from './pollerConfig.js';
export { StuckMessages } from './StuckMessages.js';
export type { StuckPolicy, TrackedMessage } from './StuckMessages.js';
export { Pacer } from './Pacer.js';
export { pollAlphaSms, pollEightByEight, retryAfterSeconds } from './statusApis.js';
export type { AlphaSmsApi, EightByEightApi, PollAnswer } from './statusApis.js';
