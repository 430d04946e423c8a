import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DomainError, type ErrorDetail } from '../core/errors.ts';

/** Converts TypeBox errors to domain details naming the JSON path (`/points/3/lat`). */
export function schemaErrors(schema: TSchema, value: unknown, prefix = ''): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const e of Value.Errors(schema, value)) {
    // additionalProperties reports twice (once as `schema is false`); keep the readable one.
    if (e.keyword === 'boolean') continue;
    let path = e.instancePath;
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      path = `${path}/${extra.join(',')}`;
    }
    const key = `${path}:${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ field: `${prefix}${path}` || '/', reason: e.message });
  }
  return details;
}

/**
 * Validates `value` against `schema` at a boundary and returns it typed.
 * @throws DomainError INPUT_INVALID listing every invalid path.
 */
export function parseOrThrow<T extends TSchema>(
  schema: T,
  value: unknown,
  what: string,
): import('typebox').Static<T> {
  if (Value.Check(schema, value)) return value as import('typebox').Static<T>;
  const details = schemaErrors(schema, value);
  const first = details[0];
  throw new DomainError(
    'INPUT_INVALID',
    `${what} is invalid: ${first ? `${first.field}: ${first.reason}` : 'does not match its schema'}${
      details.length > 1 ? ` (and ${details.length - 1} more)` : ''
    }`,
    details,
  );
}
