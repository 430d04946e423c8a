export * from './curve.ts';
export * from './mip.ts';
export * from './quarter.ts';
export * from './roadmap.ts';
export * from './workload.ts';
