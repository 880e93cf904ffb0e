/**
 * The status lookup API of the projector instances (`lookupRoutes`, served beside `/metrics`) and
 * its configuration: the standby replicas it answers from during a rebalance, and the URL other
 * instances forward to.
 */
export { lookupRoutes, forwardedHeader, maxBatch, maxMessageIdLength } from './lookupRoutes.js';
export type { Freshness, LookupAnswer, LookupOptions } from './lookupRoutes.js';
export { lookupConfig, lookupVariables } from './lookupConfig.js';
