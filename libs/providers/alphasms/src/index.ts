/**
 * AlphaSMS: zod schemas of the `/api/json.php` status answers and `alphaSms`, their normalizer to
 * canonical observations (all 17 status words mapped or ignored on purpose).
 */
export { alphaSms } from './alphaSms.js';
