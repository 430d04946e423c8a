import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { readXlsx } from '../../src/usecases/xlsx.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { ensureRegisterTables, insertDossiers, setCoverage } from '../helpers/register-rows.ts';

describe('GET /indicators, /indicators.xlsx', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    await ensureRegisterTables(db);
    await insertDossiers(db, [
      {
        code: 'x1',
        channel: 'online',
        online_level: 'full',
        receiving_point: 'P1',
        received_on: '2025-07-01',
        due_on: '2025-07-02',
        finished_on: '2025-07-02',
        digitised: true,
        electronic_result: true,
        procedure_code: '1.000001',
        procedure_name: '=HYPERLINK("http://x","y")',
      },
      {
        code: 'x2',
        channel: 'in_person',
        receiving_point: 'P2',
        received_on: '2025-07-01',
        due_on: '2025-07-01',
        finished_on: '2025-07-03',
        digitised: false,
        electronic_result: false,
      },
    ]);
    await setCoverage(db, 'P1', '2025-07-01', '2025-07-01');
    await setCoverage(db, 'P2', '2025-07-01', '2025-07-01');
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  const q = '?level=point&period=quarter&from=2025-07-01&to=2025-07-31';

  it('answers every role that reads, names in the asked language', async () => {
    for (const role of ['viewer', 'planner', 'manager', 'scheduler', 'admin'] as const)
      expect((await t.as(role, `/indicators${q}`)).statusCode).toBe(200);
    expect((await t.as(undefined, `/indicators${q}`)).statusCode).toBe(401);
    const vi = await t.as('viewer', { url: `/indicators${q}`, headers: { 'accept-language': 'vi' } });
    const body = vi.json();
    const def = body.definitions.find((d: { id: string }) => d.id === 'resolved_in_time_share');
    expect(def.name).toBe('Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn');
    expect(def.decision_766).toBe(true);
    expect(def).not.toHaveProperty('name_msg');
    const p2 = body.rows.find((r: { key: string }) => r.key === 'P2');
    expect(p2.values.resolved_overdue_share).toBe(1);
    expect(p2.ranks.resolved_overdue_share).toBe(2);
    expect(p2.unavailable.find((u: { id: string }) => u.id === 'tickets').reason).toContain(
      'phiếu số thứ tự',
    );
  });

  it('refuses a bad level or range', async () => {
    expect(
      (await t.as('viewer', '/indicators?level=ward&period=day&from=2025-07-01&to=2025-07-02')).statusCode,
    ).toBe(400);
    const r = await t.as('viewer', '/indicators?level=city&period=day&from=2025-07-03&to=2025-07-02');
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('INPUT_INVALID');
  });

  it('the workbook has the values, ranks, procedures and definitions, formula text neutralised', async () => {
    const res = await t.as('viewer', `/indicators.xlsx${q}`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = await readXlsx(res.rawPayload);
    expect([...wb.keys()]).toEqual(['Chỉ số', 'Xếp hạng', 'Thời gian theo thủ tục', 'Định nghĩa']);
    const values = wb.get('Chỉ số')!;
    expect(values[0]!.slice(0, 4)).toEqual(['Mã', 'Tên', 'Kỳ từ ngày', 'Số hồ sơ tiếp nhận']);
    expect(values).toHaveLength(3);
    expect(values.find((r) => r[0] === 'P1')![3]).toBe(1);
    const proc = wb.get('Thời gian theo thủ tục')!;
    expect(proc.find((r) => r[0] === '1.000001')![1]).toBe(`'=HYPERLINK("http://x","y")`);
  });
});
