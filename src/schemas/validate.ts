import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DomainError, type ErrorDetail } from '../core/errors.ts';
import { type Msg, msg } from '../core/messages.ts';

/** A failed JSON-schema keyword as both validators report it (ajv for requests, TypeBox's Value for files). */
export interface SchemaFailure {
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

const KEYWORDS = new Set([
  'required',
  'additionalProperties',
  'type',
  'format',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'enum',
  'const',
  'anyOf',
]);

/**
 * One owner of "what a schema failure says": a catalogue message for the keywords the catalogue words
 * (`schema.<keyword>`), the validator's English for the rare others.
 */
export function schemaReason(f: SchemaFailure): Msg | string {
  const k = f.keyword ?? '';
  if (!KEYWORDS.has(k)) return f.message ?? msg('schema.invalid');
  const p = f.params ?? {};
  const params: Record<string, string | number> = {};
  if (k === 'required') {
    // ajv names one missing property, TypeBox lists them all.
    const many = p.requiredProperties as unknown[] | undefined;
    params.property = many ? many.join(', ') : String(p.missingProperty ?? '');
  }
  if (k === 'type') params.type = String(p.type ?? '');
  if (k === 'format') params.format = String(p.format ?? '');
  if (k === 'pattern') params.pattern = String(p.pattern ?? '');
  if (k === 'minimum' || k === 'maximum') {
    params.comparison = String(p.comparison ?? (k === 'minimum' ? '>=' : '<='));
    params.limit = Number(p.limit);
  }
  if (k === 'minLength' || k === 'maxLength' || k === 'minItems' || k === 'maxItems')
    params.limit = Number(p.limit);
  return msg(`schema.${k}` as Msg['key'], params);
}

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
    details.push({ field: `${prefix}${path}` || '/', reason: schemaReason(e) });
  }
  return details;
}

/**
 * The error for an input that failed its checks: "<what> is invalid: <first field>: <its reason> (and N more)",
 * every detail kept.
 */
export function invalidInput(what: string | Msg, details: ErrorDetail[]): DomainError {
  const first = details[0];
  return new DomainError(
    'INPUT_INVALID',
    msg('input.invalid', {
      what,
      field: first?.field ?? '/',
      reason: first?.reason ?? msg('schema.invalid'),
      more: details.length > 1 ? msg('input.invalid_more', { count: details.length - 1 }) : '',
    }),
    details,
  );
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
  throw invalidInput(what, schemaErrors(schema, value));
}
