export * from './evaluate.ts';
export * from './mip.ts';
export * from './network-simplex.ts';
export * from './problem.ts';
export * from './roster.ts';
export * from './stage1.ts';
export * from './travel.ts';
export * from './weekly-plan.ts';
