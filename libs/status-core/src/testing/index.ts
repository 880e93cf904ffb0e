/** Test support for the core: Given/When/Then specifications of the projection. */
export { given } from './given.js';
