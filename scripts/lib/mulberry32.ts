/**
 * mulberry32, the small seeded generator of the benchmarks' synthetic weeks and the optimiser tests. Its
 * one implementation moves here from core/forecast/synthetic.ts (test data, not product code); until that
 * move lands this module names it, so every user already imports it from here.
 */
export { mulberry32 } from '../../src/core/forecast/synthetic.ts';
