import { DomainError } from '../../src/core/errors.ts';
export function square(x: number): number {
  return x * x;
}
export function fail(): never {
  throw new DomainError('INPUT_INVALID', 'bad input', [{ field: '/x', reason: 'must be a number' }]);
}
/** Ends the worker thread (as a crash would) while its call is running. */
export function crash(code = 3): Promise<never> {
  return new Promise(() => {
    setTimeout(() => process.exit(code), 10);
  });
}
/** An uncaught error in the worker thread after its call started. */
export function throwLater(): Promise<never> {
  return new Promise(() => {
    setTimeout(() => {
      throw new Error('boom in the worker');
    }, 10);
  });
}
/** This thread's Linux nice value (field 19 of /proc/thread-self/stat). */
export async function niceness(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}
