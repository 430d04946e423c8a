/**
 * The module worker threads load (src/parallel/pool.ts): plain-data chunk jobs in, accumulator arrays out.
 * Its import graph stays small (no typebox, no calendar) so that threads start fast.
 */
export { simulateChunk } from './chunk.ts';
