import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';

/** One answer, serialized and gzipped once, with its entity tag. */
export interface EncodedAnswer {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

/**
 * Answers that never change once written (a complete forecast run is immutable: its id hashes its request and
 * a complete run is never rewritten), kept serialized and gzipped, least recently used dropped first beyond
 * `maxBytes`. Each read then costs a Map lookup and a socket write: no query, no JSON, no compression.
 */
export class EncodedAnswerCache {
  private readonly answers: LRUCache<string, EncodedAnswer>;

  constructor(maxBytes: number) {
    // An answer heavier than the whole budget is not kept (lru-cache's maxEntrySize defaults to maxSize).
    this.answers = new LRUCache({ maxSize: maxBytes, sizeCalculation: (a) => a.json.length + a.gzip.length });
  }

  get size(): number {
    return this.answers.size;
  }

  get(key: string): EncodedAnswer | undefined {
    return this.answers.get(key);
  }

  /** Serializes `value` and keeps it (unless it alone exceeds the budget). */
  put(key: string, value: unknown): EncodedAnswer {
    const answer = encodeAnswer(value);
    this.answers.set(key, answer);
    return answer;
  }
}

export function encodeAnswer(value: unknown): EncodedAnswer {
  const json = Buffer.from(JSON.stringify(value));
  const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`;
  return { json, gzip: gzipSync(json, { level: 6 }), etag };
}

/** Whether the client takes gzip (a `gzip;q=0` refuses it); codings are case-insensitive (RFC 9110). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return negotiate(value.toLowerCase(), ['gzip']) === 'gzip';
}

/**
 * Sends an encoded answer: 304 when the client already has it (If-None-Match), gzip when accepted. The tag
 * names the content, not the bytes, so it is weak across the two encodings.
 */
export function sendEncoded(req: FastifyRequest, reply: FastifyReply, answer: EncodedAnswer): FastifyReply {
  const etag = `W/${answer.etag}`;
  const vary = reply.getHeader('vary');
  reply
    .header('etag', etag)
    .header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding')
    .header('cache-control', 'private, no-cache');
  const match = req.headers['if-none-match'];
  if (match?.split(',').some((t) => t.trim() === etag || t.trim() === answer.etag || t.trim() === '*'))
    return reply.status(304).send();
  reply.type('application/json; charset=utf-8');
  if (acceptsGzip(req.headers['accept-encoding']))
    return reply.header('content-encoding', 'gzip').send(answer.gzip);
  return reply.send(answer.json);
}
