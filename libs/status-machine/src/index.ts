/**
 * The canonical message-status machine: which provider observations change a message's status.
 * Use `decide` to fold observations one message at a time; `statusMachine` is the XState definition
 * it is compiled from; `finalReason` says when a message is done, `closeWindow` ends one whose
 * receipts stopped. Pure and synchronous: it knows nothing of Kafka, providers or clocks.
 */
export { statuses, details, deliveredDetails, undeliveredDetails, isFailure, detailFor } from './statuses.js';
export type { Status, Detail, FailureStatus } from './statuses.js';
export type { StatusObservation, MessageStatus, StatusChange } from './StatusObservation.js';
export { resolveAttempt, sameChannel } from './attempts.js';
export type { AttemptRelation, ResolvedAttempt } from './attempts.js';
export { decisionRules, explain } from './decisionRules.js';
export type { DecisionKind, DecisionRule } from './decisionRules.js';
export { statusMachine, statusObserved } from './statusMachine.js';
export type { StatusContext, StatusObserved, WindowClosed } from './statusMachine.js';
export { finalReasons } from './statuses.js';
export { finalReason, isFinal } from './finality.js';
export type { FinalReason } from './statuses.js';
export type { FinalityOptions } from './finality.js';
export type { Decision, Accepted, Ignored } from './Decision.js';
export { decide, closeWindow } from './decide.js';
export { decideWithMachine } from './decideWithMachine.js';
export { StatusInputError, parseObservation, parseMessageStatus } from './statusInput.js';
export type { StatusInputProblem, StatusInputResult } from './statusInput.js';
