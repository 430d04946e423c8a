export * from './erlang-c.ts';
export * from './requirements.ts';
