/**
 * Each message's latest state, from the compacted state topic, for the partitions an instance
 * holds (`followState`): the projector's restores and warm standbys, the lookup API's answers and
 * the poller's watch all read it here, by one rule (`stateRecords`), so none keeps a reader of its own.
 */
export { followState } from './followState.js';
export type { FollowStateOptions, HeldState, Holding, StateApplied, StateStore } from './followState.js';
export { StateCopies } from './StateCopies.js';
export type { BadStateRecord } from './StateCopies.js';
