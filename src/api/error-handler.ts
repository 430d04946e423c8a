import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, isDomainError } from '../core/errors.ts';
import {
  errorTitle,
  type Lang,
  type MessageKey,
  type Msg,
  msg,
  render,
  renderTexts,
} from '../core/messages.ts';
import { type SchemaFailure, schemaReason } from '../schemas/validate.ts';
import { requestLang } from './plugins/lang.ts';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INPUT_INVALID: 400,
  IMPORT_INVALID: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORECAST_HISTORY_TOO_SHORT: 422,
  PLAN_INFEASIBLE: 422,
  STORE_UNAVAILABLE: 503,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  QUEUE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  NOT_AVAILABLE: 501,
};

/**
 * Errors as application/problem+json: domain codes map to 4xx with their details (field paths, rows);
 * fastify validation errors list every field path; anything else is a generic 500 with the request id
 * (the full error goes to the log only). Texts follow the request's language (plugins/lang.ts): in English
 * `title` is the code and `message` the error's own text, as always; in Vietnamese `title` is the code's
 * title and `message`/`details[].reason` are rendered from their catalogue messages (an error raised with
 * plain English text keeps it).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = requestLang(req);
    const text = (english: string, m?: Msg) => (m && lang !== 'en' ? render(m, lang) : english);
    const problem = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
      reply
        .status(status)
        .header('content-language', lang)
        .type('application/problem+json')
        .send({
          type: `about:blank#${code}`,
          title: titleOf(code, lang),
          status,
          statusCode: status,
          code,
          error: code,
          message,
          detail: message,
          instance: req.url,
          requestId: req.id,
          ...extra,
        });

    if (isDomainError(err)) {
      const status = STATUS[err.code] ?? 400;
      if (status >= 500) req.log.warn({ err }, 'domain error');
      return problem(status, err.code, text(err.message, err.msg), {
        details: renderTexts(err.details, lang),
      });
    }
    if (err.validation) {
      const part = err.validationContext ?? 'body';
      const details = err.validation.map((v) => ({
        field: `${part}${v.instancePath || ''}`,
        reason: lang === 'en' ? (v.message ?? 'is invalid') : validationReason(v, lang),
      }));
      const first = details[0];
      return problem(
        400,
        'INPUT_INVALID',
        text(`request ${part} is invalid: ${first?.field}: ${first?.reason}`, {
          key: 'api.request_invalid',
          params: {
            part: PARTS.has(part) ? msg(`api.part.${part}` as MessageKey) : part,
            field: first?.field ?? '',
            reason: first?.reason ?? '',
          },
        }),
        { details },
      );
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      // Fastify's and its plugins' own refusals (media type, body size, JSON, rate limit): English keeps
      // their text; other languages get the catalogue's, also as the title.
      const m = frameworkMsg(err, status);
      return problem(
        status,
        status === 429 ? 'RATE_LIMITED' : (err.code ?? 'BAD_REQUEST'),
        text(err.message, m),
        m && lang !== 'en' ? { title: render(m, lang) } : {},
      );
    }
    req.log.error({ err }, 'unhandled error');
    return problem(
      500,
      'INTERNAL',
      text(`internal error; quote request id ${req.id}`, { key: 'api.internal', params: { id: req.id } }),
    );
  });
  app.setNotFoundHandler((req, reply) => {
    const lang = requestLang(req);
    return reply
      .status(404)
      .header('content-language', lang)
      .type('application/problem+json')
      .send({
        type: 'about:blank#NOT_FOUND',
        title: titleOf('NOT_FOUND', lang),
        status: 404,
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'NOT_FOUND',
        message: render({ key: 'api.no_route', params: { method: req.method, url: req.url } }, lang),
        requestId: req.id,
      });
  });
}

const FRAMEWORK_CODES = new Set([
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_ERR_CTP_EMPTY_JSON_BODY',
  'FST_ERR_CTP_INVALID_JSON_BODY',
  'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
  'FST_REQ_FILE_TOO_LARGE',
  'FST_INVALID_MULTIPART_CONTENT_TYPE',
]);

/** A fastify (or plugin) 4xx as a catalogue message, when the catalogue has it. */
function frameworkMsg(err: FastifyError, status: number): Msg | undefined {
  if (err.code && FRAMEWORK_CODES.has(err.code)) return msg(`fastify.${err.code}` as MessageKey);
  if (status === 429) return msg('fastify.rate_limit');
  if (status === 400 && err instanceof SyntaxError)
    return msg('fastify.invalid_json', { error: err.message });
  return undefined;
}

/** English keeps the code as the title (as before); other languages get the code's title. */
export function titleOf(code: string, lang: Lang): string {
  return lang === 'en' ? code : errorTitle(code, lang);
}

const PARTS = new Set(['body', 'querystring', 'params', 'headers']);

/** A JSON-schema (ajv) failure in the catalogue's words (schemas/validate.ts owns the wording). */
function validationReason(v: SchemaFailure, lang: Lang): string {
  const r = schemaReason(v);
  return typeof r === 'string' ? r : render(r, lang);
}
