import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { renderTexts } from '../../src/core/messages.ts';
import type { Db } from '../../src/store/db.ts';
import { replaceForecastRun } from '../../src/store/forecast-runs-repo.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { upsertStaff } from '../../src/store/staff-repo.ts';
import { importAttendance } from '../../src/usecases/import/attendance.ts';
import {
  decidePlan,
  getPlan,
  getPlanHead,
  planOfWeek,
  runReplan,
  runWeeklyPlan,
} from '../../src/usecases/weekly-plan.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { describeStores } from '../helpers/backends.ts';
import { runCli } from '../helpers/cli.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

const config = loadConfig({});
const WEEK = '2026-01-05';
const FROM = '2026-01-07';

/** The weekly-plan fixture (3 points, 17 staff, a week of forecast rows) as a store. */
async function seed(db: Db): Promise<void> {
  const f = weeklyPlanFixture();
  await upsertPoints(db, f.points as never);
  await upsertStaff(db, [...f.staff]);
  await db.transaction((tx) =>
    replaceForecastRun(
      tx,
      {
        id: 'fc-fixture',
        asOf: '2026-01-04',
        horizon: 7,
        method: 'fixture',
        quantiles: [],
        parameters: {},
        inputs: {},
        diagnostics: {},
      },
      f.forecastRows.map((r) => ({
        level: 'series',
        point: r.point,
        channel: r.channel,
        field: r.field,
        date: r.date,
        mean: r.mean,
        quantiles: {},
        method: 'fixture',
      })),
    ),
  );
}

describeStores('mid-week re-plan from the store', (backend) => {
  let db: Db;
  let baseId: string;
  let sick: string;
  beforeAll(async () => {
    db = await backend.open();
    await seed(db);
    baseId = (await runWeeklyPlan(db, config, { week: WEEK })).planId;
    const base = await getPlan(db, baseId);
    sick = base.result.roster.moves.find((m) => m.date >= FROM)!.staff_id;
  });
  afterAll(() => backend.dispose(db));

  it('refuses to re-plan a plan that is not approved, or from a day outside its week', async () => {
    await expect(runReplan(db, config, { planId: baseId, from: FROM })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(runReplan(db, config, { week: WEEK, from: FROM })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await decidePlan(db, baseId, { decision: 'approved', by: 'manager' });
    await expect(runReplan(db, config, { planId: baseId, from: '2026-01-12' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      details: [{ field: 'replan_from' }],
    });
    await expect(
      runReplan(db, config, {
        planId: baseId,
        from: FROM,
        scenario: [{ kind: 'staff_leave', staff: ['NOBODY'], from: FROM }],
      }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID', details: [{ field: '/0/staff' }] });
  });

  it('saves a new version: kept days as approved, the sick person replaced from FROM on, with its diff', async () => {
    const scenario = [{ kind: 'staff_leave', staff: [sick], from: FROM, reason: 'ốm' }];
    const out = await runReplan(db, config, { week: WEEK, from: FROM, scenario });
    expect(out).toMatchObject({ reused: false, status: 'draft', base_plan: baseId, from: FROM });
    expect(out.planId).toMatch(/^plan-2026-01-05-r20260107-[0-9a-f]{10}$/);
    const [base, next] = [await getPlan(db, baseId), await getPlan(db, out.planId)];
    const kept = (xs: ReadonlyArray<{ date: string }>) => xs.filter((x) => x.date < FROM);
    expect(kept(next.result.roster.entries)).toEqual(kept(base.result.roster.entries));
    expect(next.result.roster.moves.some((m) => m.staff_id === sick && m.date >= FROM)).toBe(false);
    expect(next.result.replan).toMatchObject({ from: FROM, base_plan: baseId, edits: scenario });
    expect(renderTexts(next.result.scenario_notes ?? [], 'en').join(' ')).toContain(`${sick} unavailable`);
    const d = out.diff;
    const all = [...d.moves.added, ...d.moves.removed, ...d.moves.changed];
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(m.date >= FROM).toBe(true);
    expect(d.moves.removed.concat(d.moves.changed as never).some((m) => m.staff_id === sick)).toBe(true);
    // The stored moves are the new version's.
    const rows = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM plan_moves WHERE plan_id = $1',
      [out.planId],
    );
    expect(rows[0]!.n).toBe(next.result.roster.moves.length);
    // Idempotent: the same request finds the same version.
    expect(await runReplan(db, config, { planId: baseId, from: FROM, scenario })).toMatchObject({
      planId: out.planId,
      reused: true,
    });
  });

  it('approving the version supersedes the approved plan; a second re-plan builds on the version', async () => {
    const scenario = [{ kind: 'staff_leave', staff: [sick], from: FROM }];
    const first = await runReplan(db, config, { planId: baseId, from: FROM, scenario });
    const decided = await decidePlan(db, first.planId, { decision: 'approved', by: 'manager' });
    expect(decided.status).toBe('approved');
    expect(await getPlanHead(db, baseId)).toMatchObject({
      status: 'superseded',
      superseded_by: first.planId,
    });
    expect((await planOfWeek(db, WEEK)).id).toBe(first.planId);
    // Re-plan again from Friday, closing HK that day: the sick leave still holds (edits accumulate).
    const second = await runReplan(db, config, {
      week: WEEK,
      from: '2026-01-09',
      scenario: [{ kind: 'close_point', point: 'HK', days: ['2026-01-09'] }],
    });
    expect(second.base_plan).toBe(first.planId);
    const v2 = await getPlan(db, second.planId);
    expect(v2.result.replan!.edits).toHaveLength(2);
    expect(v2.result.roster.moves.filter((m) => m.date === '2026-01-09' && m.to === 'HK')).toEqual([]);
    for (const m of [...second.diff.moves.added, ...second.diff.moves.removed, ...second.diff.moves.changed])
      expect(m.date >= '2026-01-09').toBe(true);
    // The superseded plan cannot be approved again over the version.
    await expect(decidePlan(db, baseId, { decision: 'approved', by: 'manager' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describeStores('re-plan from attendance: the kept days as they were worked', (backend) => {
  let db: Db;
  let baseId: string;
  const MON = '2026-01-05';
  const TUE = '2026-01-06';
  beforeAll(async () => {
    db = await backend.open();
    await seed(db);
    baseId = (await runWeeklyPlan(db, config, { week: WEEK })).planId;
    await decidePlan(db, baseId, { decision: 'approved', by: 'manager' });
  });
  afterAll(() => backend.dispose(db));

  it('keeps a day with attendance records as recorded: a person at another point is kept there, one absent is not counted', async () => {
    const before = await runReplan(db, config, { planId: baseId, from: FROM });
    expect(before.kept).toEqual([
      { date: MON, source: 'approved' },
      { date: TUE, source: 'approved' },
    ]);
    const base = await getPlan(db, baseId);
    const onMon = base.result.roster.entries.filter((e) => e.date === MON);
    // X: approved at Cầu Giấy on Monday, recorded at Hoàn Kiếm; Y: approved at work on Monday, recorded absent.
    const x = onMon.find((e) => e.home_point === 'CG' && e.work_point === 'CG')!;
    const y = onMon.find((e) => e.home_point === 'BD' && e.work_point !== null)!;
    expect(x && y).toBeTruthy();
    const csv =
      'Ngày,Mã cán bộ,Điểm,Số giờ,Có mặt\n' +
      `05/01/2026,${x.staff_id},Hoàn Kiếm,8,Có mặt\n` +
      `05/01/2026,${y.staff_id},${y.home_point},,Vắng\n`;
    const imported = await importAttendance(db, [Buffer.from(csv)], { format: 'csv', today: '2026-01-10' });
    expect(imported).toMatchObject({ rows: 2, changed: 2 });

    const out = await runReplan(db, config, { planId: baseId, from: FROM });
    // The attendance is part of the version's identity: recorded since, it is a new version.
    expect(out.planId).not.toBe(before.planId);
    expect(out.reused).toBe(false);
    expect(out.kept).toEqual([
      { date: MON, source: 'attendance' },
      { date: TUE, source: 'approved' },
    ]);
    const next = await getPlan(db, out.planId);
    expect(next.result.replan!.kept).toEqual(out.kept);
    const entry = (p: typeof next, id: string, date = MON) =>
      p.result.roster.entries.find((e) => e.date === date && e.staff_id === id)!;
    expect(entry(next, x.staff_id)).toMatchObject({ work_point: 'HK', status: 'moved' });
    expect(entry(next, y.staff_id)).toMatchObject({ work_point: null, status: 'leave', minutes: 0 });
    expect(next.result.roster.moves.filter((m) => m.date === MON && m.staff_id === x.staff_id)).toMatchObject(
      [{ from: 'CG', to: 'HK' }],
    );
    expect(next.result.roster.moves.some((m) => m.date === MON && m.staff_id === y.staff_id)).toBe(false);
    // Everyone else on Monday, and all of Tuesday (no record), as approved.
    const others = (p: typeof next, date: string) =>
      p.result.roster.entries.filter(
        (e) => e.date === date && e.staff_id !== x.staff_id && e.staff_id !== y.staff_id,
      );
    expect(others(next, MON)).toEqual(others(base, MON));
    expect(next.result.roster.entries.filter((e) => e.date === TUE)).toEqual(
      base.result.roster.entries.filter((e) => e.date === TUE),
    );
    // Staff present on Monday: Hoàn Kiếm one more, Cầu Giấy one fewer, Y's point one fewer.
    const day = base.result.days.indexOf(MON);
    const present = (p: typeof next, point: string) => p.result.stage1.present[point]![day]!;
    const delta: Record<string, number> = { HK: 1, CG: -1, BD: 0 };
    delta[y.work_point!]! -= 1;
    for (const point of ['HK', 'BD', 'CG'])
      expect(present(next, point), point).toBe(present(base, point) + delta[point]!);
    // The same records again: the same version.
    expect(await runReplan(db, config, { planId: baseId, from: FROM })).toMatchObject({
      planId: out.planId,
      reused: true,
    });
  });
});

describe('POST /plans/:id/replan and POST /plans with replan_from', () => {
  let db: Db;
  let t: TestApi;
  let baseId: string;
  const json = (payload: unknown) => ({
    payload: payload as object,
    headers: { 'content-type': 'application/json' },
  });
  beforeAll(async () => {
    const { pgliteBackend } = await import('../helpers/backends.ts');
    db = await pgliteBackend.open();
    await seed(db);
    t = await testApi(db, { points: false });
    baseId = (await runWeeklyPlan(db, config, { week: WEEK })).planId;
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  const done = (id: string) =>
    waitFor(async () => {
      const j = (await t.as('viewer', `/jobs/${id}`)).json();
      return j.state === 'completed' || j.state === 'failed' ? j : undefined;
    });

  it('refuses a draft (409), a day outside the week (400) and a viewer (403)', async () => {
    const draft = await t.as('planner', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: FROM }),
    });
    expect(draft.statusCode, draft.body).toBe(409);
    expect(draft.json().code).toBe('CONFLICT');
    await t.as('manager', {
      method: 'POST',
      url: `/plans/${baseId}/decision`,
      ...json({ decision: 'approved' }),
    });
    const outside = await t.as('planner', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: '2026-01-13' }),
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details[0].field).toBe('body/from');
    const viaWeek = await t.as('planner', {
      method: 'POST',
      url: '/plans',
      ...json({ week: WEEK, replan_from: '2026-01-04' }),
    });
    expect(viaWeek.statusCode).toBe(400);
    expect(viaWeek.json().details[0].field).toBe('body/replan_from');
    const viewer = await t.as('viewer', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: FROM }),
    });
    expect(viewer.statusCode).toBe(403);
  });

  it('runs the re-plan as a job whose result names the version and its diff; both routes agree', async () => {
    const scenario = [{ kind: 'close_point', point: 'HK', days: ['2026-01-08'] }];
    const res = await t.as('planner', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: FROM, scenario }),
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().job.id;
    expect(id).toMatch(/^plan-replan-/);
    const job = await done(id);
    expect(job.state, JSON.stringify(job)).toBe('completed');
    const out = job.result;
    expect(out).toMatchObject({ base_plan: baseId, from: FROM, status: 'draft' });
    for (const m of [...out.diff.moves.added, ...out.diff.moves.removed, ...out.diff.moves.changed])
      expect(m.date >= FROM).toBe(true);
    const plan = (await t.as('viewer', `/plans/${out.planId}`)).json();
    expect(plan.result.replan).toMatchObject({ from: FROM, base_plan: baseId });
    expect(
      plan.result.roster.moves.filter(
        (m: { date: string; to: string }) => m.date === '2026-01-08' && m.to === 'HK',
      ),
    ).toEqual([]);
    const diff = (await t.as('viewer', `/plans/${baseId}/diff/${out.planId}`)).json();
    expect(diff.moves).toEqual(out.diff.moves);
    // The same re-plan through POST /plans (the week's approved plan) lands on the same version.
    const viaWeek = await t.as('planner', {
      method: 'POST',
      url: '/plans',
      ...json({ week: WEEK, replan_from: FROM, scenario }),
    });
    expect(viaWeek.statusCode, viaWeek.body).toBe(202);
    const job2 = await done(viaWeek.json().job.id);
    expect(job2.result).toMatchObject({ planId: out.planId, reused: true });
    // Documented in the OpenAPI document.
    const doc = (await t.app.inject('/docs/json')).json();
    expect(doc.paths['/plans/{id}/replan'].post.summary).toMatch(/Re-plan/);
    expect(
      doc.paths['/plans'].post.requestBody.content['application/json'].schema.properties.replan_from,
    ).toBeDefined();
  });
  it('asked again after an attendance import, the re-plan runs again and keeps the recorded day as recorded', async () => {
    const first = await t.as('planner', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: FROM }),
    });
    expect(first.statusCode, first.body).toBe(202);
    const before = await done(first.json().job.id);
    expect(before.result.kept).toEqual([
      { date: '2026-01-05', source: 'approved' },
      { date: '2026-01-06', source: 'approved' },
    ]);
    // GET /plans/:id leaves out the roster entries: the stored plan.
    const base = await getPlan(db, baseId);
    const x = base.result.roster.entries.find(
      (e) => e.date === '2026-01-05' && e.home_point === 'CG' && e.work_point === 'CG',
    )!;
    const imported = await t.as('planner', {
      method: 'POST',
      url: '/attendance',
      headers: { 'content-type': 'text/csv' },
      payload: `Ngày,Mã cán bộ,Điểm\n05/01/2026,${x.staff_id},HK\n`,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const again = await t.as('planner', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: FROM }),
    });
    expect(again.statusCode).toBe(202);
    const id = again.json().job.id as string;
    expect(id).not.toBe(first.json().job.id);
    expect(id).toMatch(/-a[0-9a-f]{8}-i[0-9a-f]{8}$/);
    const after = await done(id);
    expect(after.state, JSON.stringify(after)).toBe('completed');
    expect(after.result.planId).not.toBe(before.result.planId);
    expect(after.result.kept).toEqual([
      { date: '2026-01-05', source: 'attendance' },
      { date: '2026-01-06', source: 'approved' },
    ]);
    const next = await getPlan(db, after.result.planId);
    expect(
      next.result.roster.entries.find((e) => e.date === '2026-01-05' && e.staff_id === x.staff_id),
    ).toMatchObject({ work_point: 'HK', status: 'moved' });
    // The same attendance, the same job; through POST /plans too.
    const third = await t.as('planner', {
      method: 'POST',
      url: `/plans/${baseId}/replan`,
      ...json({ from: FROM }),
    });
    expect(third.json()).toMatchObject({ job: { id }, created: false });
    const viaWeek = await t.as('planner', {
      method: 'POST',
      url: '/plans',
      ...json({ week: WEEK, replan_from: FROM }),
    });
    expect(viaWeek.json().job.id).toMatch(/-a[0-9a-f]{8}-i[0-9a-f]{8}$/);
    expect((await done(viaWeek.json().job.id)).result).toMatchObject({
      planId: after.result.planId,
      reused: true,
    });
  });
});

describe('dieuphoi plan --week … --replan-from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-replan-'));
  const env = { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' };
  let baseId: string;
  beforeAll(async () => {
    const db = await openPglite(dir);
    await migrate(db);
    await seed(db);
    baseId = (await runWeeklyPlan(db, config, { week: WEEK })).planId;
    await decidePlan(db, baseId, { decision: 'approved', by: 'manager' });
    await db.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the new version with its diff against the approved plan', () => {
    const scn = join(dir, 'surge.json');
    writeFileSync(
      scn,
      JSON.stringify([{ kind: 'scale_volume', factor: 1.6, point: 'CG', days: ['2026-01-08'] }]),
    );
    const r = runCli(['plan', '--week', WEEK, '--replan-from', FROM, '--scenario', scn, '--summary'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'draft', base_plan: baseId, from: FROM });
    expect(out.id).toMatch(/^plan-2026-01-05-r20260107-/);
    expect(out.explanation[1]).toMatch(/^Re-plan from 2026-01-07: 2026-01-05, 2026-01-06 kept/);
    for (const m of [...out.diff.moves.added, ...out.diff.moves.removed, ...out.diff.moves.changed])
      expect(m.date >= FROM).toBe(true);
    const bad = runCli(['plan', '--week', WEEK, '--replan-from', '7/1/2026'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--replan-from must be a date/);
  }, 120_000);
});
