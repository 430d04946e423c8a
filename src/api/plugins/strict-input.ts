import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { findRefusedChar } from '../../core/text.ts';

/**
 * Validates every request part against its TypeBox schema without coercing what a schema does not declare:
 * a JSON body must carry the declared JSON types (`null` is not `false`, `true` is not `1`, `"123"` is not a
 * number); query strings, path parameters and headers arrive as text, so their numbers and booleans are read
 * from text — as written numbers only (`"Infinity"`, `"NaN"` stay text and fail). Errors keep Ajv's shape
 * (keyword, instancePath, params, message) for the error handler.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    // Defaults as Ajv's useDefaults gave them; conversion only for the parts that arrive as text.
    const withDefaults = Value.Default(schema, value);
    const converted = httpPart === 'body' ? withDefaults : Value.Convert(schema, withDefaults);
    if (check.Check(converted)) return { value: converted };
    return { error: ajvShaped(check.Errors(converted)) as unknown as Error };
  };
};

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * TypeBox's errors in Ajv's shape, which the error handler (and its catalogue reasons) reads: one error per
 * missing or unknown property (`missingProperty`, `additionalProperty`), and the duplicate `schema is false`
 * report of an unknown property dropped.
 */
function ajvShaped(errors: Iterable<SchemaError>): SchemaError[] {
  const out: SchemaError[] = [];
  for (const e of errors) {
    const names = (key: string) => (Array.isArray(e.params[key]) ? (e.params[key] as unknown[]) : undefined);
    const required = e.keyword === 'required' ? names('requiredProperties') : undefined;
    const extra = e.keyword === 'additionalProperties' ? names('additionalProperties') : undefined;
    if (e.keyword === 'boolean') continue;
    if (required)
      for (const p of required)
        out.push({
          ...e,
          params: { missingProperty: p },
          message: `must have required property '${String(p)}'`,
        });
    else if (extra)
      for (const p of extra)
        out.push({ ...e, params: { additionalProperty: p }, message: 'must NOT have additional properties' });
    else out.push(e);
  }
  return out;
}

/**
 * Strict input for every route: the validator above, and a NUL character or an unpaired surrogate (which
 * PostgreSQL refuses in text and jsonb) anywhere in the path parameters, query string or JSON body is a 400
 * naming the field before any handler sees it. CSV bodies are checked by the CSV reader (line and column).
 */
export function registerStrictInput(app: FastifyInstance): void {
  app.setValidatorCompiler(strictValidatorCompiler);
  app.addHook('preValidation', async (req) => {
    const body =
      req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body) ? req.body : {};
    for (const [part, value] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', body],
    ] as const) {
      const hit = findRefusedChar(value);
      if (hit) {
        const field = `${part}${hit.path === '/' ? '' : hit.path}`;
        throw new DomainError('INPUT_INVALID', msg('api.refused_char', { field, char: hit.char }), [
          { field, reason: msg('api.refused_char_reason', { char: hit.char }) },
        ]);
      }
    }
  });
}
