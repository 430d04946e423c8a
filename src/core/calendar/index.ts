export * from './calendar.ts';
export * from './dates.ts';
export * from './lunar.ts';
