import type { FastifyError, FastifyInstance } from 'fastify';
import { type ErrorCode, isDomainError } from '../core/errors.ts';

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
  NOT_AVAILABLE: 501,
};

/**
 * Errors as application/problem+json: domain codes map to 4xx with their details (field paths, rows);
 * fastify validation errors list every field path; anything else is a generic 500 with the request id
 * (the full error goes to the log only).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const problem = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
      reply
        .status(status)
        .type('application/problem+json')
        .send({
          type: `about:blank#${code}`,
          title: code,
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
      return problem(status, err.code, err.message, { details: err.details });
    }
    if (err.validation) {
      const details = err.validation.map((v) => ({
        field: `${err.validationContext ?? 'body'}${v.instancePath || ''}`,
        reason: v.message ?? 'is invalid',
      }));
      return problem(
        400,
        'INPUT_INVALID',
        `request ${err.validationContext ?? 'body'} is invalid: ${details[0]?.field}: ${details[0]?.reason}`,
        { details },
      );
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      return problem(status, err.code ?? 'BAD_REQUEST', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return problem(500, 'INTERNAL', `internal error; quote request id ${req.id}`);
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'about:blank#NOT_FOUND',
        title: 'NOT_FOUND',
        status: 404,
        statusCode: 404,
        code: 'NOT_FOUND',
        error: 'NOT_FOUND',
        message: `no route ${req.method} ${req.url}`,
        requestId: req.id,
      }),
  );
}
