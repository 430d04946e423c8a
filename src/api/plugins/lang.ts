import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LANGS, type Lang, renderTexts } from '../../core/messages.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language of the answer's texts: Accept-Language (vi or en), else en. */
    lang: Lang;
  }
  interface FastifyContextConfig {
    /** false: the route's answers carry no server text (large data reads): skip rendering. */
    localize?: boolean;
  }
}

const negotiator = new Negotiator<Lang>({ supportedValues: [...LANGS] });

/**
 * The language of an Accept-Language header: the served language (en, vi) of highest q-value, a regional
 * tag counting as its language (`vi-VN` is vi); English when none is served or there is no header.
 * @example acceptedLang('fr-FR, vi-VN;q=0.4') // 'vi'
 */
export function acceptedLang(header: string | undefined): Lang {
  if (!header) return 'en';
  // `vi-VN;q=0.8` → `vi;q=0.8`: the negotiator matches whole tags.
  const primary = header.toLowerCase().replace(/([a-z*]+)[-_][a-z0-9-]*/g, '$1');
  return negotiator.negotiate(primary) ?? 'en';
}

/** The request's language (also before routing, for errors). */
export function requestLang(req: FastifyRequest): Lang {
  return req.lang ?? acceptedLang(req.headers['accept-language']);
}

/**
 * Server texts in the caller's language: the language is chosen once per request, every answer says it in
 * `Content-Language` and `Vary: Accept-Language`, and JSON answers have each catalogue message rendered in
 * it (core/messages.ts `renderTexts`), so clients read strings, as the response schemas say.
 */
export function registerLang(app: FastifyInstance): void {
  app.decorateRequest('lang', undefined as unknown as Lang);
  app.addHook('onRequest', async (req, reply) => {
    req.lang = acceptedLang(req.headers['accept-language']);
    reply.header('content-language', req.lang);
    reply.header('vary', 'Accept-Language');
  });
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (req.routeOptions.config?.localize === false) return payload;
    return renderTexts(payload, req.lang ?? 'en');
  });
}
