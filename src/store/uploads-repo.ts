import { createHash } from 'node:crypto';
import type { Queryable } from './db.ts';

export type UploadKind = 'points' | 'staff' | 'volumes' | 'dossiers' | 'tickets' | 'attendance';

/** Stores a file (CSV, or an .xlsx register) for an import job under its content hash (idempotent); returns the id. */
export async function saveUpload(
  db: Queryable,
  kind: UploadKind,
  content: Buffer,
  by?: string,
): Promise<string> {
  const id = `${kind}-${createHash('sha256').update(content).digest('hex')}`;
  await db.query(
    `INSERT INTO uploads (id, kind, bytes, content, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING`,
    [id, kind, content.length, content, by ?? null],
  );
  return id;
}

export async function loadUpload(
  db: Queryable,
  id: string,
): Promise<{ kind: UploadKind; content: Buffer } | undefined> {
  const [row] = await db.query<{ kind: UploadKind; content: Uint8Array }>(
    'SELECT kind, content FROM uploads WHERE id = $1',
    [id],
  );
  return row ? { kind: row.kind, content: Buffer.from(row.content) } : undefined;
}
