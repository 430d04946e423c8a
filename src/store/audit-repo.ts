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
  /** the key's name when the key still exists */
  key_name: string | null;
}

export interface AuditQuery {
  limit?: number;
  keyId?: string;
  /** exact action, e.g. `POST /calendar/closures` */
  action?: string;
  /** first and last day (Hanoi time), inclusive */
  from?: string;
  to?: string;
  before?: number;
}

export async function insertAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (key_id, role, action, target, status, request_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [e.keyId, e.role, e.action, e.target ?? '', e.status, e.requestId, JSON.stringify(e.details ?? {})],
  );
}

export async function listAudit(db: Queryable, opts: AuditQuery = {}): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (opts.keyId) add('a.key_id = ?', opts.keyId);
  if (opts.action) add('a.action = ?', opts.action);
  if (opts.from) add(`a.at >= (?::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`, opts.from);
  if (opts.to) add(`a.at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`, opts.to);
  if (opts.before) add('a.id < ?', opts.before);
  params.push(opts.limit ?? 100);
  return db.query<AuditRow>(
    `SELECT a.id::int AS id, a.at, a.key_id, a.role, a.action, a.target, a.status, a.request_id, a.details,
       k.name AS key_name
     FROM audit_log a LEFT JOIN api_keys k ON k.id = a.key_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT $${params.length}`,
    params,
  );
}
