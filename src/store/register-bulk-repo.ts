import type { Queryable } from './db.ts';
import { ident } from './db.ts';

/**
 * Bulk loading of the register tables (migrations 006/007) for the generated sample: straight COPY into an
 * empty table, no staging or upsert (the rows are fresh and their codes unique). Kept apart from
 * dossiers-repo.ts / tickets-repo.ts, which own the import's validated upsert path.
 */

export interface IndexDef {
  name: string;
  sql: string;
}

/**
 * The secondary indexes of `table` (not those backing a primary key or unique constraint): a bulk load into an
 * empty table drops them first and builds them once at the end, ~2× faster than maintaining them row by row.
 */
export async function secondaryIndexes(db: Queryable, table: string): Promise<IndexDef[]> {
  return db.query<IndexDef>(
    `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS sql
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.oid = to_regclass($1) AND NOT x.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
     ORDER BY i.relname`,
    [table],
  );
}

export async function dropIndexes(db: Queryable, defs: readonly IndexDef[]): Promise<void> {
  for (const d of defs) await db.exec(`DROP INDEX IF EXISTS ${ident(d.name)}`);
}

export async function createIndexes(db: Queryable, defs: readonly IndexDef[]): Promise<void> {
  for (const d of defs) await db.exec(d.sql);
}

export async function tableEmpty(db: Queryable, table: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM ${ident(table)} LIMIT 1`);
  return rows.length === 0;
}

export async function tableExists(db: Queryable, table: string): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
  return row?.ok === true;
}

export async function copyRows(db: Queryable, table: string, columns: string[], csv: string): Promise<void> {
  if (csv.length > 0) await db.copyCsv(table, columns, csv);
}

/** Both register tables hold no row. */
export async function registerTablesEmpty(db: Queryable): Promise<boolean> {
  return (await tableEmpty(db, 'dossiers')) && (await tableEmpty(db, 'tickets'));
}

/** Empties both register tables (only for an interrupted sample load: the caller checks its marker). */
export async function clearRegisterTables(db: Queryable): Promise<void> {
  await db.exec('TRUNCATE tickets, dossiers');
}
