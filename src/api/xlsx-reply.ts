import type { FastifyRequest } from 'fastify';
import type { Lang } from '../core/messages.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel reports are for the Center's offices: Vietnamese unless the request asks for another language. */
export function xlsxLang(req: FastifyRequest): Lang {
  return req.headers['accept-language'] ? req.lang : 'vi';
}
