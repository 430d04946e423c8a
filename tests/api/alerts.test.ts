import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { overdueRiskJobId } from '../../src/jobs/processors/alerts.ts';
import type { Db } from '../../src/store/db.ts';
import { loadCalendarModel } from '../../src/store/model-files.ts';
import { refreshOverdueRisk } from '../../src/usecases/alerts.ts';
import { readXlsx } from '../../src/usecases/xlsx.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { ensureRegisterTables, insertDossiers, type TestDossier } from '../helpers/register-rows.ts';

const cal = new WorkCalendar(loadCalendarModel());
const AS_OF = '2025-09-10 17:00';

/** 60 working days of land dossiers at P1 (term 5, results after 3–7 working days), then a few pending. */
function register(): TestDossier[] {
  const out: TestDossier[] = [];
  let day = '2025-06-02';
  let i = 0;
  while (day <= '2025-09-10') {
    if (cal.isWorkday(day))
      for (let k = 0; k < 8; k++, i++) {
        const finish = cal.addWorkingDays(day, 3 + (i % 5));
        out.push({
          code: `H${i}`,
          procedure_code: '1.000001',
          field: 'land',
          channel: 'in_person',
          receiving_point: 'P1',
          received_on: day,
          due_on: cal.addWorkingDays(day, 5),
          finished_on: finish <= '2025-09-10' ? finish : null,
        });
      }
    day = cal.addWorkingDays(day, 1);
  }
  // at P2: a civil-status dossier past due, filed at P1
  out.push({
    code: 'LATE',
    procedure_code: '2.000001',
    field: 'civil_status',
    channel: 'online',
    receiving_point: 'P1',
    competent_unit: 'P2',
    received_on: '2025-09-01',
    due_on: '2025-09-04',
  });
  return out;
}

describe('overdue-risk alerts', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    await ensureRegisterTables(db);
    await insertDossiers(db, register());
    const r = await refreshOverdueRisk(db, {}, { asOf: AS_OF, backtest: true, id: 'alerts-test' });
    expect(r.pending).toBeGreaterThan(20);
    expect(r.calibration!.dossiers).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('lists pending dossiers nearest their deadline first, with days left and probability', async () => {
    const res = await t.as('viewer', '/alerts/overdue-risk');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.refresh.id).toBe('alerts-test');
    expect(body.items[0].code).toBe('LATE');
    expect(body.items[0].probability).toBe(1);
    expect(body.items[0].left).toBeLessThan(0);
    for (let i = 1; i < body.items.length; i++)
      expect(body.items[i].left).toBeGreaterThanOrEqual(body.items[i - 1].left);
    // a dossier received today with results after 3–7 days (5 of 8 within term 5): P(miss) = 2/5
    const fresh = body.items.find((x: { received_on: string }) => x.received_on === '2025-09-10');
    expect(fresh.left).toBe(5);
    expect(fresh.unit).toBe('days');
    expect(fresh.probability).toBeCloseTo(0.4, 1);
    const counts = Object.fromEntries(body.counts.map((c: { point: string }) => [c.point, c]));
    expect(counts.P2).toMatchObject({ pending: 1, past_due: 1 });
    expect(counts.P1.pending).toBe(body.total - 1);
  });

  it('filters by point, field and minimum probability', async () => {
    const p2 = (await t.as('viewer', '/alerts/overdue-risk?point=P2')).json();
    expect(p2.items.map((x: { code: string }) => x.code)).toEqual(['LATE']);
    const land = (await t.as('viewer', '/alerts/overdue-risk?field=land&min_probability=0.5')).json();
    expect(land.items.length).toBeGreaterThan(0);
    for (const x of land.items) expect(x.probability).toBeGreaterThanOrEqual(0.5);
    expect(land.items.every((x: { field: string }) => x.field === 'land')).toBe(true);
    expect((await t.as('viewer', '/alerts/overdue-risk?field=weather')).statusCode).toBe(400);
  });

  it('exports the list as xlsx in Vietnamese', async () => {
    const res = await t.as('manager', '/alerts/overdue-risk.xlsx?point=P2');
    expect(res.statusCode).toBe(200);
    const rows = (await readXlsx(res.rawPayload)).get('Nguy cơ quá hạn')!;
    expect(rows[0]![0]).toBe('Mã hồ sơ');
    expect(rows[1]![0]).toBe('LATE');
    expect(rows[1]![10]).toBe(100);
  });

  it('a scheduler queues a refresh with a deterministic id; a viewer may not', async () => {
    expect((await t.as('viewer', { method: 'POST', url: '/alerts/overdue-risk/refresh' })).statusCode).toBe(
      403,
    );
    const a = await t.as('scheduler', { method: 'POST', url: '/alerts/overdue-risk/refresh' });
    expect(a.statusCode, a.body).toBe(202);
    expect(a.json().job.id).toMatch(/^alerts-overdue-risk-\d{4}-\d{2}-\d{2}-i[0-9a-f]{8}$/);
    const b = await t.as('scheduler', { method: 'POST', url: '/alerts/overdue-risk/refresh' });
    expect(b.json().job.id).toBe(a.json().job.id);
    expect(overdueRiskJobId({ asOf: '2026-12-03 01:30' })).toBe('alerts-overdue-risk-2026-12-03-nightly');
  });
});

describe('forecast against actuals', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    // one run as of Friday 2025-09-05 for Mon..Thu; P1 is above p90 on Tue and Wed, P2 above only on Tue
    await db.query(
      `INSERT INTO forecast_runs (id, as_of, horizon, method, quantiles, parameters, inputs) VALUES ('run-1', '2025-09-05', 14, 'theta', '{0.1,0.5,0.9}', '{}', '{}')`,
    );
    const actual: Record<string, number[]> = { P1: [100, 150, 160, 100], P2: [100, 150, 100, 100] };
    const days = ['2025-09-08', '2025-09-09', '2025-09-10', '2025-09-11'];
    for (const p of ['P1', 'P2'])
      for (const [i, d] of days.entries()) {
        await db.query(
          `INSERT INTO forecast_values (run_id, level, point, date, mean, quantiles, method) VALUES ('run-1', 'point', $1, $2, 100, '{"0.1": 80, "0.5": 100, "0.9": 120}', 'theta')`,
          [p, d],
        );
        await db.query(
          `INSERT INTO daily_volumes (point, date, channel_id, field_id, received, resolved, on_time, overdue) VALUES ($1, $2, 1, 1, $3, 0, 0, 0)`,
          [p, d, actual[p]![i]],
        );
      }
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('alerts when a point leaves its band two working days in a row', async () => {
    const res = await t.as('viewer', {
      url: '/alerts/forecast-band?from=2025-09-08&to=2025-09-11',
      headers: { 'accept-language': 'vi' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.days).toHaveLength(8);
    expect(b.coverage).toBe(0.625);
    expect(b.alerts).toHaveLength(1);
    expect(b.alerts[0]).toMatchObject({
      point: 'P1',
      from: '2025-09-09',
      to: '2025-09-10',
      days: 2,
      side: 'above',
    });
    expect(b.alerts[0].reason).toContain('09/09/2025');
    const tue = b.days.find(
      (d: { point: string; date: string }) => d.point === 'P1' && d.date === '2025-09-09',
    );
    expect(tue).toMatchObject({ side: 'above', error: 50, run_id: 'run-1' });
  });
});
