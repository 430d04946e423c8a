import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Permission, type Role } from '../../core/access.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { touchApiKey } from '../../store/api-keys-repo.ts';
import { insertAudit } from '../../store/audit-repo.ts';
import type { Queryable } from '../../store/db.ts';
import type { KeyVerifier } from '../../usecases/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once its bearer key is verified. */
    auth?: { keyId: string; role: Role; name: string };
    /** What a write changed, for the audit log (set by the route). */
    audit?: { target?: string; details?: Record<string, unknown> };
  }
  interface FastifyContextConfig {
    /** Permission needed (default `read`); `public` routes need no key. */
    permission?: Permission | 'public';
  }
}

/** Paths served without a key: liveness, readiness, metrics, the API docs and demo logins. */
const PUBLIC_PREFIXES = ['/health', '/ready', '/metrics', '/docs', '/auth/demo-keys'];
const isPublicPath = (url: string) =>
  PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How often at most a key's `last_used_at` is written (per key and API process). */
export const LAST_USED_EVERY_MS = 60_000;

/**
 * Records when each key was last used, cheaply: at most one write per key every `everyMs` (an in-memory
 * throttle: a burst of requests writes once), started after the key is verified and never awaited by the
 * request, whose answer does not depend on it; a failed write is logged and tried again on the next use.
 */
class LastUsed {
  private readonly written = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  constructor(
    private readonly db: Queryable,
    private readonly everyMs: number,
  ) {}

  touch(keyId: string, log: FastifyRequest['log']): void {
    const now = Date.now();
    const last = this.written.get(keyId);
    if (last !== undefined && now - last < this.everyMs) return;
    if (this.written.size > 10_000) this.written.clear();
    this.written.set(keyId, now);
    const p = touchApiKey(this.db, keyId)
      .catch((err) => {
        if (this.written.get(keyId) === now) this.written.delete(keyId);
        log.warn({ err, keyId }, 'last use of the API key not recorded');
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits for the writes under way (the app closes after them, before its store). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/**
 * Bearer API keys: every route needs a key whose role holds the route's permission (`config.permission`,
 * default `read`), checked before the body is read. Every write by a known key is audited (who, when,
 * what, outcome), also when it fails. A known key's last use is recorded (`LastUsed`), also when its role
 * is refused.
 */
export function registerAuth(
  app: FastifyInstance,
  deps: { db: Queryable; verifier: KeyVerifier; lastUsedEveryMs?: number },
): void {
  const lastUsed = new LastUsed(deps.db, deps.lastUsedEveryMs ?? LAST_USED_EVERY_MS);
  app.addHook('onClose', async () => lastUsed.settle());
  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config?.permission;
    if (permission === 'public' || (permission === undefined && isPublicPath(req.url))) return;
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw new DomainError('UNAUTHORIZED', msg('api.no_key'));
    const row = await deps.verifier.verify(m[1]!);
    if (!row) throw new DomainError('UNAUTHORIZED', msg('api.unknown_key'));
    req.auth = { keyId: row.id, role: row.role, name: row.name };
    lastUsed.touch(row.id, req.log);
    const needed: Permission = req.url.startsWith('/admin/') ? 'admin' : (permission ?? 'read');
    if (!can(row.role, needed)) {
      throw new DomainError(
        'FORBIDDEN',
        needed === 'read'
          ? msg('api.forbidden_read', { role: row.role })
          : msg('api.forbidden', { role: row.role, permission: needed }),
      );
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    if (!req.auth || !WRITE.has(req.method)) return;
    try {
      await insertAudit(deps.db, {
        keyId: req.auth.keyId,
        role: req.auth.role,
        action: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
        target: req.audit?.target ?? paramsTarget(req),
        status: reply.statusCode,
        requestId: req.id,
        details: req.audit?.details,
      });
    } catch (err) {
      req.log.warn({ err }, 'audit entry not written');
    }
  });
}

function paramsTarget(req: FastifyRequest): string {
  const p = req.params as Record<string, string> | undefined;
  return p ? Object.values(p).join('/').slice(0, 200) : '';
}
