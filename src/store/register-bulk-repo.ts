import type { Queryable } from './db.ts';
import { ident } from './db.ts';
import { refreshRegisterVolumes } from './dossiers-repo.ts';
import { refreshRegisterDailyBeyond } from './register-daily-repo.ts';

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

/** Builds the indexes, each with room to sort in memory (one statement: the same pooled connection). */
export async function createIndexes(db: Queryable, defs: readonly IndexDef[]): Promise<void> {
  for (const d of defs)
    await db.exec(`SET maintenance_work_mem = '256MB'; ${d.sql}; RESET maintenance_work_mem`);
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

/**
 * In a transaction: its commit does not wait for the WAL flush. For regenerable bulk loads only (the
 * sample): a crash may lose the last chunks, which the load's `loading` marker then redoes.
 */
export async function asyncCommit(tx: Queryable): Promise<void> {
  await tx.exec('SET LOCAL synchronous_commit = off');
}

/** Both register tables hold no row. */
export async function registerTablesEmpty(db: Queryable): Promise<boolean> {
  return (await tableEmpty(db, 'dossiers')) && (await tableEmpty(db, 'tickets'));
}

/** Empties both register tables (only for an interrupted sample load: the caller checks its marker). */
export async function clearRegisterTables(db: Queryable): Promise<void> {
  await db.exec('TRUNCATE tickets, dossiers');
}

/**
 * The register's daily volumes (register_volumes) and coverage of the days `from`…`to`, in the caller's
 * transaction, through dossiers-repo's `refreshRegisterVolumes` (the days go into the `register_touched`
 * table it reads, as `upsertDossiersCsv` would note them). Returns the days recomputed.
 */
export async function refreshSampleRegisterVolumes(tx: Queryable, from: string, to: string): Promise<number> {
  await tx.exec(
    'CREATE TEMP TABLE IF NOT EXISTS register_touched (date date PRIMARY KEY) ON COMMIT DELETE ROWS',
  );
  await tx.query(
    `INSERT INTO register_touched (date)
     SELECT d::date FROM generate_series($1::date, $2::date, interval '1 day') AS d ON CONFLICT DO NOTHING`,
    [from, to],
  );
  // The indicators read every register day, the quarter before the last 90 days too.
  await refreshRegisterDailyBeyond(tx, from, to);
  return refreshRegisterVolumes(tx);
}

/** True when no dossier is stored. */
export async function dossiersEmpty(db: Queryable): Promise<boolean> {
  return tableEmpty(db, 'dossiers');
}
