import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { hashKey } from '../../usecases/api-keys.ts';

/** Largest JSON body: every JSON payload of the API is small (CSV uploads have their own limit). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Security headers, rate limiting per API key (or address), strict UTF-8 JSON, CSV bodies as raw bytes
 * (`text/csv`) or a multipart file, and size limits on both.
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    // swagger-ui needs its own inline styles and scripts; the dashboard (docs/dashboard.md) serves self-hosted assets.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
  });
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    await app.register(rateLimit, {
      global: true,
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: '1 minute',
      keyGenerator: (req) => {
        const auth = req.headers.authorization;
        return auth ? `key:${hashKey(auth)}` : `ip:${req.ip}`;
      },
      allowList: (req) => req.url === '/health' || req.url === '/ready',
    });
  }
  const uploadLimit = config.UPLOAD_LIMIT_MB * 1024 * 1024;
  await app.register(multipart, { limits: { fileSize: uploadLimit, files: 1, fields: 5, parts: 6 } });

  // JSON must be valid UTF-8: an invalid byte is a 400, never silently stored as U+FFFD.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT },
    (req, body, done) => {
      let text: string;
      try {
        text = decoder.decode(body as Buffer);
      } catch {
        done(
          new DomainError('INPUT_INVALID', msg('api.not_utf8'), [
            { field: 'body', reason: msg('import.not_utf8_row') },
          ]),
          undefined,
        );
        return;
      }
      parseJson(req, text, done);
    },
  );
  // CSV arrives as bytes: the import decodes it strictly and reports the first bad line. A register may also come
  // as an .xlsx body.
  app.addContentTypeParser(
    ['text/csv', 'application/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    { parseAs: 'buffer', bodyLimit: uploadLimit },
    (_req, body, done) => done(null, body),
  );
}
