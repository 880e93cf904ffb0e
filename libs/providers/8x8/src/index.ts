/**
 * 8x8 (SMS and Chat Apps): zod schemas of every payload 8x8 sends us, and `eightByEight`, its
 * normalizer to canonical observations. Raw 8x8 types stay in here.
 */
export { eightByEight } from './eightByEight.js';
