import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { resetStore } from '../../src/store/maintenance.ts';
import { describeStores } from '../helpers/backends.ts';

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
