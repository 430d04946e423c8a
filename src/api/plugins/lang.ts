import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Lang, localize, pickLang } from '../../core/messages.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of the answer's texts: Accept-Language (vi or en), else en. */
    lang: Lang;
  }
  interface FastifyContextConfig {
    /** false: the route's answers carry no server text (large data reads): skip `localize`. */
    localize?: boolean;
  }
}

/** The request's language (also before routing, for errors). */
export function requestLang(req: FastifyRequest): Lang {
  return req.lang ?? pickLang(req.headers['accept-language']);
}

/**
 * Server texts in the caller's language: the language is chosen once per request, every answer says it in
 * `Content-Language` and `Vary: Accept-Language`, and JSON answers render their texts from the messages
 * stored beside them (core/messages.ts `localize`), which also drops the messages: English answers are
 * what they were before messages existed.
 */
export function registerLang(app: FastifyInstance): void {
  app.decorateRequest('lang', undefined as unknown as Lang);
  app.addHook('onRequest', async (req, reply) => {
    req.lang = pickLang(req.headers['accept-language']);
    reply.header('content-language', req.lang);
    reply.header('vary', 'Accept-Language');
  });
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (req.routeOptions.config?.localize === false) return payload;
    return localize(payload, req.lang ?? 'en');
  });
}
