import type { Role } from '../core/access.ts';
import type { Queryable } from './db.ts';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  key_prefix: string;
  demo: boolean;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
  /** last request made with the key, to the minute (null: never used since it was recorded) */
  last_used_at: string | null;
}

const COLS = 'id, name, role, key_prefix, demo, created_at, created_by, revoked_at, last_used_at';

export async function insertApiKey(
  db: Queryable,
  k: {
    id: string;
    name: string;
    role: Role;
    keyHash: string;
    keyPrefix: string;
    demo?: boolean;
    createdBy?: string;
  },
): Promise<ApiKeyRow> {
  const [row] = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, name, role, key_hash, key_prefix, demo, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLS}`,
    [k.id, k.name, k.role, k.keyHash, k.keyPrefix, k.demo ?? false, k.createdBy ?? null],
  );
  return row!;
}

/** The live (not revoked) key with this hash. */
export async function findKeyByHash(db: Queryable, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.query<ApiKeyRow>(
    `SELECT ${COLS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [keyHash],
  );
  return row;
}

export async function listApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(`SELECT ${COLS} FROM api_keys ORDER BY created_at, id`);
}

/** Revokes a key; returns it, or undefined when there is no such key. */
export async function revokeApiKey(db: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLS}`,
    [id],
  );
  return row;
}

/** Records that a key was used now (the caller throttles: this is one small write). */
export async function touchApiKey(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
}

/** Deletes a key outright (a demo key being recreated); revoke keeps the others in the audit trail. */
export async function deleteApiKey(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE FROM api_keys WHERE id = $1`, [id]);
}
