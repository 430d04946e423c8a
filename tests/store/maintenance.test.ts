import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { analyseUnanalysed, refreshStatistics, resetStore } from '../../src/store/maintenance.ts';
import { importCsv } from '../../src/usecases/import/import.ts';
import { describeStores } from '../helpers/backends.ts';
import { IMPORT_CTX, TWO_POINTS_CSV } from '../helpers/register-rows.ts';

const ctx = IMPORT_CTX;
const POINTS = TWO_POINTS_CSV;

/**
 * `init --reset` empties the planning data, and with the register everything derived from it: an overdue-risk
 * list or a daily aggregate left behind would describe dossiers the store no longer holds.
 */
describeStores('resetting the store', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose(db));

  it('empties the register, its derived tables, the risks and attendance, and keeps the API keys', async () => {
    const derived = [
      'register_daily',
      'register_past_due',
      'register_result_days',
      'overdue_risks',
      'attendance',
    ];
    // One row in each: columns from the catalogue, NOT NULL ones given a value of their type.
    for (const table of derived) {
      const cols = await db.query<{ name: string; type: string }>(
        `SELECT column_name AS name, data_type AS type FROM information_schema.columns
         WHERE table_name = $1 AND table_schema = current_schema() AND is_nullable = 'NO' AND column_default IS NULL
           AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      );
      const value = (t: string) =>
        /int|numeric|double|real/.test(t)
          ? '1'
          : t === 'date'
            ? "'2025-07-01'"
            : t === 'boolean'
              ? 'true'
              : /time/.test(t)
                ? "'2025-07-01 08:00'"
                : t === 'jsonb' || t === 'json'
                  ? "'{}'"
                  : "'P001'";
      await db.exec(
        `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) VALUES (${cols
          .map((c) => (table === 'overdue_risks' && c.name === 'unit' ? "'days'" : value(c.type)))
          .join(', ')})`,
      );
    }
    const count = async (t: string) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
    for (const t of derived) expect(await count(t)).toBe(1);
    const keys = await count('api_keys');
    await resetStore(db);
    for (const t of derived) expect(await count(t), t).toBe(0);
    expect(await count('api_keys')).toBe(keys);
  });
});

/**
 * The embedded store has no autovacuum: the imports give the planner its statistics (refreshStatistics), where a
 * server's autovacuum does it there.
 */
describeStores('planner statistics', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose(db));

  const analysed = async (table: string) => {
    const [row] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1',
      [table],
    );
    return row!.n > 0;
  };

  it('analyses the tables named on the embedded store when they never were or a write changed enough', async () => {
    await db.exec(
      'CREATE TABLE stats_probe (n integer); INSERT INTO stats_probe SELECT generate_series(1, 500)',
    );
    if (backend.name === 'postgres') {
      // A server has autovacuum (which may analyse this table any moment): nothing is done by hand.
      expect(await refreshStatistics(db, ['stats_probe'], 500)).toEqual([]);
      return;
    }
    expect(await analysed('stats_probe')).toBe(false);
    expect(await refreshStatistics(db, ['stats_probe'], 500)).toEqual(['stats_probe']);
    expect(await analysed('stats_probe')).toBe(true);
    // 500 rows analysed: 99 changed is under autovacuum's threshold (50 + 10%), 101 over it.
    expect(await refreshStatistics(db, ['stats_probe'], 99)).toEqual([]);
    expect(await refreshStatistics(db, ['stats_probe'], 101)).toEqual(['stats_probe']);
    expect(await refreshStatistics(db, ['stats_probe'], 0)).toEqual([]);
  });

  it('a store opened with tables never analysed has them analysed once', async () => {
    await db.exec('CREATE TABLE stats_old (n integer); INSERT INTO stats_old SELECT generate_series(1, 50)');
    if (backend.name === 'postgres') {
      expect(await analyseUnanalysed(db)).toEqual([]);
      return;
    }
    expect(await analyseUnanalysed(db)).toContain('stats_old');
    expect(await analysed('stats_old')).toBe(true);
    expect(await analyseUnanalysed(db)).not.toContain('stats_old');
  });

  it('a points import leaves the points analysed on the embedded store', async () => {
    await importCsv(db, 'points', [POINTS], ctx);
    expect(await analysed('points')).toBe(backend.name === 'pglite');
  });
});
