/** Test support for provider normalizers. Not for production code. */
export { normalizerSpecification } from './normalizerSpecification.js';
