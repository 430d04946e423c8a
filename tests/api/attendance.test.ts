import { rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWeeklyPlan, type WeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import { planAttendance } from '../../src/core/supervise/attendance.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { upsertStaff } from '../../src/store/staff-repo.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { describeStores } from '../helpers/backends.ts';
import { modelsWithTimeclockMapping } from '../helpers/mappings.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

it('compares the roster with who was recorded present, per day and point', () => {
  const days = ['2026-01-07', '2026-01-08'];
  const roster = [
    { date: '2026-01-07', staff_id: 'A', work_point: 'P1' },
    { date: '2026-01-07', staff_id: 'B', work_point: 'P1' },
    { date: '2026-01-07', staff_id: 'C', work_point: null },
    { date: '2026-01-08', staff_id: 'A', work_point: 'P1' },
  ];
  const records = [
    { day: '2026-01-07', staff_id: 'A', point: 'P1', present: true, hours: 8 },
    { day: '2026-01-07', staff_id: 'B', point: 'P2', present: true, hours: null }, // went elsewhere
    { day: '2026-01-07', staff_id: 'C', point: 'P1', present: false, hours: null },
  ];
  const [d1, d2] = planAttendance(days, roster, records);
  expect(d1).toEqual({
    date: '2026-01-07',
    recorded: true,
    planned: 2,
    present: 2,
    points: [
      { point: 'P1', planned: 2, present: 1, absent: ['B'], unplanned: [] },
      { point: 'P2', planned: 0, present: 1, absent: [], unplanned: ['B'] },
    ],
  });
  // no record that day: the plan alone, nobody called absent
  expect(d2).toMatchObject({ recorded: false, planned: 1, present: 0 });
  expect(d2!.points[0]!.absent).toEqual([]);
});

describeStores('attendance API', (backend) => {
  let db: Db;
  let t: TestApi;
  let plan: WeeklyPlan;
  beforeAll(async () => {
    db = await backend.open();
    t = await testApi(db);
    const f = weeklyPlanFixture();
    await upsertPoints(db, [...f.points]);
    await upsertStaff(db, [...f.staff]);
    plan = buildWeeklyPlan(f);
    await db.query(
      `INSERT INTO plans (id, week, status, parameters, inputs, kpis, result) VALUES ($1, $2, 'approved', '{}', '{}', $3, $4)`,
      ['plan-att', plan.week, JSON.stringify(plan.kpis), JSON.stringify(plan)],
    );
  });
  afterAll(async () => {
    await t.app.close();
    await backend.dispose(db);
  });

  const post = (payload: string | Buffer, type = 'text/csv', role: 'planner' | 'viewer' = 'planner') =>
    t.as(role, { method: 'POST', url: '/attendance', headers: { 'content-type': type }, payload });

  it('imports a Vietnamese CSV (point by name), all or nothing with every bad row named; re-import changes nothing', async () => {
    const day = plan.days[0]!;
    const onDay = plan.roster.entries.filter((e) => e.date === day && e.work_point);
    expect(onDay.length).toBeGreaterThan(3);
    const [a, b, c] = onDay;
    const dmy = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
    const other = onDay.find((e) => e.work_point !== b!.work_point)!.work_point!;
    const pointName = new Map(weeklyPlanFixture().points.map((p) => [p.code, p.name]));
    const csv =
      'Ngày,Mã cán bộ,Điểm,Số giờ,Có mặt\n' +
      `${dmy},${a!.staff_id},${pointName.get(a!.work_point!)},8,Có mặt\n` +
      `${dmy},${b!.staff_id},${other},8,\n` + // at another point than planned
      `${dmy},${c!.staff_id},${c!.work_point},,Nghỉ phép\n`;
    expect((await post(csv, 'text/csv', 'viewer')).statusCode).toBe(403);
    const bad = await post(
      `${csv}${dmy},NOBODY,${a!.work_point},8,\n32/01/2026,${a!.staff_id},Ba Vì,25,\n${dmy},${a!.staff_id},${a!.work_point},,\n`,
    );
    expect(bad.statusCode).toBe(422);
    const details = bad.json().details as Array<{ line: number; field: string; reason: string }>;
    expect(details.map((d) => [d.line, d.field])).toEqual([
      [5, 'Mã cán bộ'],
      [6, 'Ngày'],
      [6, 'Điểm'],
      [6, 'Số giờ'],
      [7, 'Mã cán bộ'],
    ]);
    expect(details[4]!.reason).toMatch(/line 2/);
    expect((await db.query('SELECT count(*)::int AS n FROM attendance'))[0]).toEqual({ n: 0 });

    const ok = await post(csv);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ kind: 'attendance', rows: 3, changed: 3 });
    expect((await post(csv)).json()).toMatchObject({ rows: 3, changed: 0 });

    const r = (await t.as('viewer', '/plans/plan-att/attendance')).json();
    expect(r).toMatchObject({ plan: 'plan-att', status: 'approved' });
    const d = r.days.find((x: { date: string }) => x.date === day);
    expect(d.recorded).toBe(true);
    const at = (p: string) => d.points.find((x: { point: string }) => x.point === p);
    expect(at(a!.work_point!).absent).not.toContain(a!.staff_id);
    expect(at(b!.work_point!).absent).toContain(b!.staff_id);
    expect(at(other).unplanned).toContain(b!.staff_id);
    expect(at(c!.work_point!).absent).toContain(c!.staff_id);
    expect(r.days.filter((x: { recorded: boolean }) => x.recorded)).toHaveLength(1);
    expect((await t.as('viewer', '/plans/nope/attendance')).statusCode).toBe(404);
  });

  it('takes an .xlsx body with English headers and upserts by day and person', async () => {
    const day = plan.days[0]!;
    const e = plan.roster.entries.find((x) => x.date === day && x.work_point)!;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Chấm công');
    ws.addRow(['date', 'staff_id', 'point', 'present']);
    ws.addRow([new Date(`${day}T00:00:00Z`), e.staff_id, e.work_point, 'absent']);
    const res = await post(Buffer.from(await wb.xlsx.writeBuffer()), XLSX_TYPE);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 1, changed: 1 });
    const [row] = await db.query<{ present: boolean }>(
      'SELECT present FROM attendance WHERE staff_id = $1 AND day = $2',
      [e.staff_id, day],
    );
    expect(row!.present).toBe(false);
  });

  it('?mapping= reads another time clock with an attendance mapping of models/import/, directly or as a job (?mode=job); a mapping of another kind is a 400', async () => {
    const models = modelsWithTimeclockMapping();
    const m = await testApi(db, { env: { RATE_LIMIT_PER_MINUTE: '0', MODELS_DIR: models } });
    try {
      const list = (await m.as('planner', '/import/mappings')).json().mappings;
      expect(list.filter((x: { kind: string }) => x.kind === 'attendance')).toEqual([
        expect.objectContaining({ name: 'attendance-default.json' }),
        {
          name: 'attendance-timeclock.json',
          kind: 'attendance',
          description: 'Time clock export (English headers)',
        },
      ]);
      const day = plan.days[1]!;
      const [a, b, c] = plan.roster.entries.filter((e) => e.date === day && e.work_point);
      const dmy = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
      const stored = async (id: string) =>
        (
          await db.query<{ point: string; present: boolean }>(
            'SELECT point, present FROM attendance WHERE staff_id = $1 AND day = $2',
            [id, day],
          )
        )[0];
      const csv = `Work date,Employee,Site,Status\n${dmy},${a!.staff_id},${a!.work_point},On duty\n${dmy},${b!.staff_id},${b!.work_point},Off\n`;
      const send = (url: string, payload: string) =>
        m.as('planner', { method: 'POST', url, headers: { 'content-type': 'text/csv' }, payload });
      // Without the mapping the headers mean nothing: refused, nothing written.
      const plain = await send('/attendance', csv);
      expect(plain.statusCode).toBe(422);
      expect(plain.json().details[0]).toMatchObject({ line: 1, field: 'header' });
      expect(await stored(a!.staff_id)).toBeUndefined();

      const res = await send('/attendance?mapping=attendance-timeclock', csv);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ kind: 'attendance', rows: 2, changed: 2 });
      expect(await stored(a!.staff_id)).toEqual({ point: a!.work_point, present: true });
      expect(await stored(b!.staff_id)).toEqual({ point: b!.work_point, present: false });

      // As a job, the mapping travels with it; the default's values (Vắng) still read.
      const job = await send(
        '/attendance?mapping=attendance-timeclock.json&mode=job',
        `Work date,Employee,Site,Status\n${dmy},${c!.staff_id},${c!.work_point},Vắng\n`,
      );
      expect(job.statusCode, job.body).toBe(202);
      const id = job.json().job.id as string;
      expect(id).toMatch(/^import-attendance-[0-9a-f]{16}-m[0-9a-f]{6}$/);
      const done = async (jobId: string) =>
        waitFor(async () => {
          const j = (await m.as('viewer', `/jobs/${jobId}`)).json();
          return j.state === 'completed' || j.state === 'failed' ? j : undefined;
        });
      const ok = await done(id);
      expect(ok.state, JSON.stringify(ok)).toBe('completed');
      expect(ok.result).toMatchObject({ kind: 'attendance', rows: 1, changed: 1 });
      expect(await stored(c!.staff_id)).toEqual({ point: c!.work_point, present: false });

      // A bad file as a job fails with the import's error, and writes nothing.
      const badJob = await send(
        '/attendance?mode=job',
        `Ngày,Mã cán bộ,Điểm\n${dmy},NOBODY,${c!.work_point}\n`,
      );
      expect(badJob.statusCode).toBe(202);
      const failed = await done(badJob.json().job.id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatchObject({ code: 'IMPORT_INVALID' });
      expect(await stored('NOBODY')).toBeUndefined();

      for (const [url, reason] of [
        ['/attendance?mapping=dossiers-default', /the mapping file is for dossiers, not attendance/],
        ['/attendance?mapping=nope&mode=job', /not a mapping file of models\/import\//],
        ['/dossiers?mapping=attendance-timeclock', /the mapping file is for attendance, not dossiers/],
      ] as const) {
        const bad = await send(url, csv);
        expect(bad.statusCode, url).toBe(400);
        expect(bad.json().details[0]).toMatchObject({ field: 'querystring/mapping' });
        expect(bad.json().details[0].reason).toMatch(reason);
      }
    } finally {
      await m.app.close();
      rmSync(models, { recursive: true, force: true });
    }
  });
});
