import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { readXlsx } from '../../src/usecases/xlsx.ts';
import { TEST_POINTS } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { ensureRegisterTables, insertDossiers } from '../helpers/register-rows.ts';

describe('dieuphoi indicators', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dieuphoi-ind-'));
  const env = { DATA_DIR: join(dir, 'store'), DATABASE_URL: '' };
  beforeAll(async () => {
    const db = await openDb({ dataDir: env.DATA_DIR });
    await migrate(db);
    await upsertPoints(db, TEST_POINTS);
    await ensureRegisterTables(db);
    await insertDossiers(db, [
      {
        code: 'c1',
        channel: 'online',
        receiving_point: 'P1',
        received_on: '2025-07-01',
        due_on: '2025-07-02',
        finished_on: '2025-07-02',
      },
      {
        code: 'c2',
        channel: 'in_person',
        receiving_point: 'P1',
        received_on: '2025-07-02',
        due_on: '2025-07-02',
        finished_on: '2025-07-04',
      },
    ]);
    await db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints CSV by default, one row per key and period, and writes an xlsx', () => {
    const r = runCli(
      ['indicators', '--level', 'point', '--period', 'month', '--from', '2025-07-01', '--to', '2025-07-31'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]!.startsWith('key,name,period,received,')).toBe(true);
    expect(lines).toHaveLength(3);
    const p1 = lines.find((l) => l.startsWith('P1,'))!.split(',');
    const header = lines[0]!.split(',');
    expect(p1[header.indexOf('received')]).toBe('2');
    expect(p1[header.indexOf('resolved_overdue_share')]).toBe('0.5');
    const file = join(dir, 'ind.xlsx');
    const x = runCli(
      [
        'indicators',
        '--level',
        'city',
        '--period',
        'day',
        '--from',
        '2025-07-01',
        '--to',
        '2025-07-04',
        '--xlsx',
        file,
      ],
      env,
    );
    expect(x.code, x.stderr).toBe(0);
    return readXlsx(readFileSync(file)).then((wb) => expect(wb.get('indicators')!).toHaveLength(5));
  });

  it('refuses an unknown level with a one-line reason', () => {
    const r = runCli(['indicators', '--level', 'ward', '--from', '2025-07-01', '--to', '2025-07-31'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--level');
  });
});
