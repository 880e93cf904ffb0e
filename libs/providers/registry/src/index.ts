/**
 * The supported providers behind one interface: `normalizeRawEvent` turns any raw event into
 * canonical items in the order the machine must apply them. Use it wherever raw events enter.
 */
export { providers } from './providers.js';
export { normalizeRawEvent, normalizerOf, providerIds } from './normalizeRawEvent.js';
export { rawRecordKey } from './rawRecordKey.js';
