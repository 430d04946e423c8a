import { DomainError } from '../../src/core/errors.ts';
export function square(x: number): number {
  return x * x;
}
export function fail(): never {
  throw new DomainError('INPUT_INVALID', 'bad input', [{ field: '/x', reason: 'must be a number' }]);
}
