import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../core/errors.ts';
import { msg } from '../core/messages.ts';
import type { CopyData, CopyFormat, Db, Queryable } from './db.ts';
import { getMeta, setMeta } from './meta-repo.ts';

/**
 * The store knows itself (issue #18). A store gets an id when it is created, kept in its `meta` table and,
 * for the embedded store, in a file of its folder. The server checks that both still name the store it
 * opened — on every `/ready`, before every write and every few seconds — and that the folder is still
 * there and writable. A folder that vanished, became unwritable or was swapped (another folder in its place),
 * or a PostgreSQL schema dropped or replaced under the server, makes the store *lost*: from then on every
 * query fails with STORE_UNAVAILABLE (503), and the server exits after a grace period so that a supervisor
 * restarts it. A folder whose store vanished under a running server gets a tombstone file, so that the next
 * start refuses to build a fresh sample store in its place (demo keys would change silently); only
 * `dieuphoi init --reset` starts a new store there.
 */

/** The identity file in the embedded store's folder. */
export const IDENTITY_FILE = 'store-id.json';
/** Written into a folder whose store vanished under the running server. */
export const LOST_FILE = 'STORE-LOST.json';
/** Meta keys: the identity, and whether the sample data is still to be loaded (only into a new store). */
export const IDENTITY_KEY = 'store_identity';
export const SAMPLE_SEED_KEY = 'sample_seed';
/** A PostgreSQL data folder (PGlite's too) always has this file. */
const PG_MARKER = 'PG_VERSION';

export interface StoreIdentity {
  id: string;
  createdAt: string;
}

export interface LostRecord extends StoreIdentity {
  lostAt: string;
  reason: string;
}

function unavailable(reason: string): DomainError {
  return new DomainError('STORE_UNAVAILABLE', msg('store.lost', { reason }));
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Before the embedded store's folder is opened: refuses a folder whose store was lost (tombstone, or an
 * identity file without the data it named), unless `reset`, which clears it for a new store. Returns whether
 * the folder never held a store (PGlite then creates one).
 */
export function prepareFolder(dir: string, opts: { reset?: boolean } = {}): { fresh: boolean } {
  const hasData = existsSync(join(dir, PG_MARKER));
  const lost = readJson<LostRecord>(join(dir, LOST_FILE));
  const idFile = readJson<StoreIdentity>(join(dir, IDENTITY_FILE));
  if (hasData) {
    // A store was put back (a backup restored): it is checked against its identity once open.
    if (lost) rmSync(join(dir, LOST_FILE), { force: true });
    return { fresh: false };
  }
  if (lost || idFile) {
    if (!opts.reset) {
      const id = lost?.id ?? idFile?.id ?? '?';
      throw new DomainError(
        'STORE_UNAVAILABLE',
        lost
          ? msg('store.lost_before', { id, dir, at: lost.lostAt, reason: lost.reason })
          : msg('store.data_missing', { id, dir }),
      );
    }
    for (const f of [LOST_FILE, IDENTITY_FILE, 'demo-keys.json']) rmSync(join(dir, f), { force: true });
  }
  return { fresh: true };
}

/**
 * After the store is open and migrated: reads its identity, or gives it one. `fresh` (the folder or schema
 * never held a store) marks the sample data as still to load; an older store without an identity gets one
 * and counts as seeded when it holds points. @throws DomainError STORE_UNAVAILABLE when the folder's identity
 * file names another store than the one inside it.
 */
export async function establishIdentity(
  db: Queryable,
  opts: { dir?: string; fresh: boolean },
): Promise<{ identity: StoreIdentity; created: boolean }> {
  const file = opts.dir ? join(opts.dir, IDENTITY_FILE) : undefined;
  const inFile = file ? readJson<StoreIdentity>(file) : undefined;
  const inDb = await getMeta<StoreIdentity>(db, IDENTITY_KEY);
  if (inDb && inFile && inDb.id !== inFile.id)
    throw unavailable(
      `the folder's ${IDENTITY_FILE} names store ${inFile.id}, the store inside is ${inDb.id}`,
    );
  if (!inDb && inFile)
    throw unavailable(
      `the folder's ${IDENTITY_FILE} names store ${inFile.id}, the store inside has no identity`,
    );
  let identity = inDb;
  let created = false;
  if (!identity) {
    identity = { id: randomUUID(), createdAt: new Date().toISOString() };
    await setMeta(db, IDENTITY_KEY, identity);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM points');
    const seeded = !opts.fresh && (row?.n ?? 0) > 0;
    await setMeta(db, SAMPLE_SEED_KEY, { state: seeded ? 'done' : 'pending' });
    created = opts.fresh;
  }
  if (file && !inFile) writeFileSync(file, `${JSON.stringify(identity)}\n`);
  return { identity, created };
}

/** Whether the sample data may be loaded: only into a store created for it, until the load completes. */
export async function sampleSeedPending(db: Queryable): Promise<boolean> {
  const s = await getMeta<{ state: string }>(db, SAMPLE_SEED_KEY);
  return s?.state === 'pending';
}

export async function markSampleSeeded(db: Queryable): Promise<void> {
  await setMeta(db, SAMPLE_SEED_KEY, { state: 'done' });
}

/** PostgreSQL's codes for a table or schema that does not exist (dropped under the server). */
const GONE = new Set(['42P01', '3F000']);

/**
 * Watches one open store. `assertUsable` is synchronous and cheap (a few `stat`s; a probe file for writes):
 * the Db wrapper calls it before every statement. `check` adds a read of the identity inside the store. The
 * first failure is final: the store stays lost (a restart must decide), listeners are told once.
 */
export class StoreGuard {
  private lostReason?: string;
  private readonly listeners: Array<(reason: string) => void> = [];
  private readonly dirStat?: Stats;

  constructor(
    readonly identity: StoreIdentity,
    private readonly opts: { kind: 'pglite' | 'pg'; dir?: string },
  ) {
    if (opts.dir) this.dirStat = statSync(opts.dir);
  }

  /** Why the store is lost, or undefined while it is fine. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  onLost(fn: (reason: string) => void): void {
    this.listeners.push(fn);
  }

  /** @throws DomainError STORE_UNAVAILABLE once the store is lost. */
  assertUsable(write: boolean): void {
    if (this.lostReason) throw unavailable(this.lostReason);
    const reason = this.folderProblem(write);
    if (reason) {
      this.markLost(reason);
      throw unavailable(reason);
    }
  }

  /** Folder checks, then the identity inside the store. @throws DomainError STORE_UNAVAILABLE */
  async check(db: Queryable): Promise<void> {
    this.assertUsable(true);
    let inDb: StoreIdentity | undefined;
    try {
      inDb = await getMeta<StoreIdentity>(db, IDENTITY_KEY);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      // Unreachable (a PostgreSQL restart, a network cut) is transient: /ready says so, nothing is lost.
      if (!GONE.has(code)) throw err;
      const reason = `the store's tables are gone (${(err as Error).message})`;
      this.markLost(reason);
      throw unavailable(reason);
    }
    if (inDb?.id !== this.identity.id) {
      const reason = inDb
        ? `the store was replaced: it is now ${inDb.id}, not ${this.identity.id}`
        : `the store was replaced: ${this.identity.id} has no identity any more`;
      this.markLost(reason);
      throw unavailable(reason);
    }
  }

  private folderProblem(write: boolean): string | undefined {
    const dir = this.opts.dir;
    if (!dir || !this.dirStat) return undefined;
    let st: Stats;
    try {
      st = statSync(dir);
    } catch (err) {
      return `the folder ${dir} vanished (${(err as NodeJS.ErrnoException).code})`;
    }
    if (st.ino !== this.dirStat.ino || st.dev !== this.dirStat.dev)
      return `the folder ${dir} was replaced by another one`;
    let inFile: StoreIdentity | undefined;
    try {
      inFile = readJson<StoreIdentity>(join(dir, IDENTITY_FILE));
    } catch (err) {
      return `${IDENTITY_FILE} in ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? err})`;
    }
    if (!inFile || !existsSync(join(dir, PG_MARKER))) return `the store's files in ${dir} vanished`;
    if (inFile.id !== this.identity.id)
      return `the folder ${dir} now holds store ${inFile.id}, not ${this.identity.id}`;
    if (write) {
      const probe = join(dir, '.write-probe');
      try {
        writeFileSync(probe, '');
        unlinkSync(probe);
      } catch (err) {
        return `the folder ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? err})`;
      }
    }
    return undefined;
  }

  private markLost(reason: string): void {
    if (this.lostReason) return;
    this.lostReason = reason;
    const dir = this.opts.dir;
    // The store's data vanished: leave a tombstone so that no start silently builds a new store here.
    if (dir && !existsSync(join(dir, PG_MARKER))) {
      try {
        mkdirSync(dir, { recursive: true });
        const record: LostRecord = { ...this.identity, lostAt: new Date().toISOString(), reason };
        writeFileSync(join(dir, LOST_FILE), `${JSON.stringify(record, null, 2)}\n`);
      } catch {
        // an unwritable place: the next start finds no store and no tombstone; nothing more can be done
      }
    }
    for (const l of this.listeners) l(reason);
  }
}

/** Statements that only read: every other statement (and every transaction, exec and COPY) is a write. */
const READ_ONLY = /^\s*(SELECT|SHOW|EXPLAIN)\b/i;

/** The store behind its guard: every statement is checked first (see StoreGuard). */
export function guardDb(db: Db, guard: StoreGuard): Db {
  const wrap = (q: Queryable): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      guard.assertUsable(!READ_ONLY.test(sql));
      return q.query<T>(sql, params);
    },
    async exec(sql: string) {
      guard.assertUsable(true);
      return q.exec(sql);
    },
    async copyCsv(table: string, columns: string[], csv: CopyData, format?: CopyFormat) {
      guard.assertUsable(true);
      return q.copyCsv(table, columns, csv, format);
    },
  });
  return {
    kind: db.kind,
    ...wrap(db),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      guard.assertUsable(true);
      return db.transaction((tx) => fn(wrap(tx)));
    },
    close: () => db.close(),
    guard,
  };
}
