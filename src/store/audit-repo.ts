import type { Queryable } from './db.ts';

export interface AuditEntry {
  keyId: string;
  role: string;
  action: string;
  target?: string;
  status: number;
  requestId: string;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: string;
  key_id: string;
  role: string;
  action: string;
  target: string;
  status: number;
  request_id: string;
  details: Record<string, unknown>;
}

export async function insertAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (key_id, role, action, target, status, request_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [e.keyId, e.role, e.action, e.target ?? '', e.status, e.requestId, JSON.stringify(e.details ?? {})],
  );
}

export async function listAudit(
  db: Queryable,
  opts: { limit?: number; keyId?: string; before?: number } = {},
): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.keyId) {
    params.push(opts.keyId);
    where.push(`key_id = $${params.length}`);
  }
  if (opts.before) {
    params.push(opts.before);
    where.push(`id < $${params.length}`);
  }
  params.push(opts.limit ?? 100);
  return db.query<AuditRow>(
    `SELECT id::int AS id, at, key_id, role, action, target, status, request_id, details FROM audit_log
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
}
