import type { BinaryCopy } from './copy-bytes.ts';
import type { Queryable } from './db.ts';
import { ident } from './db.ts';
import {
  DOSSIER_STAGING_COLUMNS,
  type DossierRecord,
  encodeDossier,
  refreshRegisterVolumes,
  upsertDossiers,
} from './dossiers-repo.ts';
import { RegisterAggregates } from './register-aggregates.ts';
import { createIndexes, dropIndexes, secondaryIndexes, tableEmpty } from './register-bulk-repo.ts';

/**
 * A dossier import's writes, in the caller's transaction, batch by batch as the import validates them (so an
 * import never holds the whole file): the caller rolls the transaction back when a later row turns out bad.
 * `end` finishes the write and the register's derived tables of the days it touched.
 */
export interface DossierWrite {
  /** `bulk`: the table was empty — straight COPY, keys and indexes built once in `end`; else staged upserts. */
  readonly mode: 'bulk' | 'upsert';
  /**
   * Encodes a valid dossier into `into` (and counts it into the derived tables of a first import): the import
   * encodes each row as it validates it, so no record outlives its row.
   */
  encode(row: DossierRecord, into: BinaryCopy): void;
  /** Writes a batch (`into`'s bytes; codes unique across the whole write: the import checks them). */
  write(rows: Uint8Array): Promise<void>;
  /**
   * Finishes the write and the derived daily tables (volumes, coverage, the indicators' aggregates); returns
   * how many dossiers were inserted or changed and how many register days were recomputed.
   */
  end(): Promise<{ changed: number; days: number }>;
}

/**
 * Room for the refresh that follows (`refreshRegisterVolumes` and the indicators' aggregates) to hash and sort in
 * memory, for the rest of the transaction: with the default 4 MB a first import of 1,000,000 dossiers spilled
 * every aggregate to disk (external merge sorts of 30–120 MB) — measured on PGlite, the refresh's statements ran
 * in about half the time with 64 MB, which they use at most ~90 MB of (one hash table of 500,000 groups).
 */
async function roomToAggregate(tx: Queryable): Promise<void> {
  await tx.exec("SET LOCAL work_mem = '64MB'");
}

/**
 * Starts a dossier write. Concurrent imports wait for each other (EXCLUSIVE lock: readers are not blocked).
 * Into an empty table (a first import) the rows are COPYed straight in with the primary key and the secondary
 * indexes dropped and built once at the end — measured on PGlite (200,000 sample dossiers): the COPY costs
 * 1.8 CPU-s instead of 4.4 with the key maintained row by row, the key built afterwards 0.3 — and the derived
 * daily tables are counted from the rows as they are written (register-aggregates.ts) instead of recomputed
 * from the table afterwards. Otherwise each batch goes through `upsertDossiers` (staging table, upsert by
 * code, changed days noted) and `end` recomputes the noted days (`refreshRegisterVolumes`).
 */
export async function startDossierWrite(tx: Queryable): Promise<DossierWrite> {
  await tx.exec('LOCK TABLE dossiers IN EXCLUSIVE MODE');
  if (!(await tableEmpty(tx, 'dossiers'))) {
    let changed = 0;
    return {
      mode: 'upsert',
      encode: (row, into) => encodeDossier(into, row),
      async write(rows) {
        changed += await upsertDossiers(tx, rows);
      },
      async end() {
        await roomToAggregate(tx);
        return { changed, days: await refreshRegisterVolumes(tx) };
      },
    };
  }
  const indexes = await secondaryIndexes(tx, 'dossiers');
  const [pk] = await tx.query<{ name: string; sql: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS sql FROM pg_constraint
     WHERE conrelid = to_regclass('dossiers') AND contype = 'p'`,
  );
  await dropIndexes(tx, indexes);
  if (pk) await tx.exec(`ALTER TABLE dossiers DROP CONSTRAINT ${ident(pk.name)}`);
  const counts = new RegisterAggregates();
  let written = 0;
  return {
    mode: 'bulk',
    encode(row, into) {
      written++;
      counts.addOne(row);
      encodeDossier(into, row);
    },
    async write(rows) {
      await tx.copyCsv('dossiers', [...DOSSIER_STAGING_COLUMNS], rows, 'binary');
    },
    async end() {
      // The store builds the key and indexes while this thread encodes the derived tables' rows.
      const building = (async () => {
        if (pk)
          await tx.exec(
            `SET maintenance_work_mem = '256MB'; ALTER TABLE dossiers ADD CONSTRAINT ${ident(pk.name)} ${pk.sql}; RESET maintenance_work_mem`,
          );
        await createIndexes(tx, indexes);
      })();
      building.catch(() => {}); // awaited below, after the encoding
      const batches = counts.encode();
      await building;
      await counts.write(tx, batches);
      return { changed: written, days: counts.days() };
    },
  };
}
