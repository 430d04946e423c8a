import type { Queryable } from './db.ts';
import { ident } from './db.ts';
import { buildRegisterVolumes } from './dossiers-repo.ts';
import { refreshRegisterDaily } from './register-daily-repo.ts';

/**
 * Bulk loading of the register tables (migrations 006/007) for the generated sample: straight COPY into an
 * empty table, no staging or upsert (the rows are fresh and their codes unique). Kept apart from
 * dossiers-repo.ts / tickets-repo.ts, which own the import's validated upsert path.
 */

export interface IndexDef {
  name: string;
  sql: string;
  /** A primary key: the table it constrains (dropped and added back as a constraint; `sql` its definition). */
  table?: string;
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

/**
 * The primary keys of `tables` as `IndexDef`s with their table: a first load into empty tables drops them too
 * (the sample register: its COPY costs ~2.4× the CPU with the key maintained row by row) and adds them back at
 * the end.
 */
export async function primaryKeys(db: Queryable, tables: readonly string[]): Promise<IndexDef[]> {
  const out: IndexDef[] = [];
  for (const table of tables) {
    const [pk] = await db.query<{ name: string; sql: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS sql FROM pg_constraint
       WHERE conrelid = to_regclass($1) AND contype = 'p'`,
      [table],
    );
    if (pk) out.push({ ...pk, table });
  }
  return out;
}

export async function dropIndexes(db: Queryable, defs: readonly IndexDef[]): Promise<void> {
  for (const d of defs)
    await db.exec(
      d.table
        ? `ALTER TABLE ${ident(d.table)} DROP CONSTRAINT IF EXISTS ${ident(d.name)}`
        : `DROP INDEX IF EXISTS ${ident(d.name)}`,
    );
}

/**
 * Builds the indexes (and primary keys) that do not exist, each with room to sort in memory (one statement: the
 * same pooled connection). Those that exist are left as they are: a load interrupted while it rebuilt them
 * restores the rest at its next start.
 */
export async function createIndexes(db: Queryable, defs: readonly IndexDef[]): Promise<void> {
  for (const d of defs) {
    const [found] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [d.name]);
    if (found?.ok) continue;
    const sql = d.table ? `ALTER TABLE ${ident(d.table)} ADD CONSTRAINT ${ident(d.name)} ${d.sql}` : d.sql;
    await db.exec(`SET maintenance_work_mem = '256MB'; ${sql}; RESET maintenance_work_mem`);
  }
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

export async function copyBinary(
  db: Queryable,
  table: string,
  columns: string[],
  rows: Uint8Array,
): Promise<void> {
  await db.copyCsv(table, columns, rows, 'binary');
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
 * The aggregates of a register just loaded into empty tables (the sample), in the caller's transaction: the
 * indicators' daily aggregates and the daily volumes of every day and the coverage's spans (the sample's report
 * quarter and its last 90 days), one pass each without a day filter, with room to hash and sort in memory.
 * Returns the days whose volumes now come from the register.
 */
export async function buildSampleRegisterAggregates(tx: Queryable): Promise<number> {
  await tx.exec("SET LOCAL work_mem = '64MB'");
  await refreshRegisterDaily(tx, 'every');
  return buildRegisterVolumes(tx);
}

/** True when no dossier is stored. */
export async function dossiersEmpty(db: Queryable): Promise<boolean> {
  return tableEmpty(db, 'dossiers');
}
