import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { countVolumes } from '../../src/store/volumes-repo.ts';
import { type TestApi, testApi, waitFor } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});

describe('API routes', () => {
  let db: Db;
  let t: TestApi;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  describe('access', () => {
    it('needs a known bearer key; refuses a role without the permission (before reading the body)', async () => {
      expect((await t.as(undefined, '/points')).statusCode).toBe(401);
      const bad = await t.app.inject({
        url: '/points',
        headers: { authorization: `Bearer dp_${'x'.repeat(43)}` },
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().code).toBe('UNAUTHORIZED');
      const viewerWrite = await t.as('viewer', {
        method: 'POST',
        url: '/plans',
        ...json({ week: '2026-01-05' }),
      });
      expect(viewerWrite.statusCode).toBe(403);
      expect(viewerWrite.json().code).toBe('FORBIDDEN');
      expect(
        (
          await t.as('planner', {
            method: 'POST',
            url: '/plans/x/decision',
            ...json({ decision: 'approved' }),
          })
        ).statusCode,
      ).toBe(403);
      expect((await t.as('viewer', '/keys')).statusCode).toBe(403);
      expect((await t.as('manager', '/keys')).statusCode).toBe(403);
      expect((await t.as('planner', { method: 'POST', url: '/forecasts', ...json({}) })).statusCode).toBe(
        403,
      );
    });

    it('/me tells the role and its permissions', async () => {
      expect((await t.as('manager', '/me')).json()).toMatchObject({
        role: 'manager',
        permissions: ['read', 'plan', 'decide', 'data', 'audit'],
      });
    });

    it('admins create keys (shown once, stored hashed) and revoke them', async () => {
      const created = await t.as('admin', {
        method: 'POST',
        url: '/keys',
        ...json({ name: 'ops', role: 'scheduler' }),
      });
      expect(created.statusCode).toBe(201);
      const { key, id } = created.json();
      expect(key).toMatch(/^dp_[A-Za-z0-9_-]{43}$/);
      const [stored] = await db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys WHERE id = $1', [
        id,
      ]);
      expect(stored!.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await db.query('SELECT * FROM api_keys'))).not.toContain(key);
      const listed = (await t.as('admin', '/keys')).json().keys;
      expect(JSON.stringify(listed)).not.toContain(key);
      expect(
        (await t.app.inject({ url: '/me', headers: { authorization: `Bearer ${key}` } })).json().role,
      ).toBe('scheduler');
      expect((await t.as('admin', { method: 'DELETE', url: `/keys/${id}` })).json().revoked_at).toBeTruthy();
      expect(
        (await t.app.inject({ url: '/me', headers: { authorization: `Bearer ${key}` } })).statusCode,
      ).toBe(401);
    });

    it('audits every write: who, when, what and the outcome', async () => {
      await t.as('planner', { method: 'POST', url: '/scenarios', ...json({ name: 'audit me', edits: [] }) });
      await t.as('viewer', { method: 'POST', url: '/scenarios', ...json({ name: 'refused', edits: [] }) });
      const entries = (await t.as('manager', '/audit?limit=50')).json().entries as Array<
        Record<string, unknown>
      >;
      const mine = entries.find((e) => e.action === 'POST /scenarios' && e.role === 'planner');
      expect(mine).toMatchObject({ status: 201, key_id: expect.any(String) });
      expect(String(mine!.target)).toMatch(/^scn-/);
      expect(entries.some((e) => e.role === 'viewer' && e.status === 403)).toBe(true);
      expect((await t.as('planner', '/audit')).statusCode).toBe(403);
    });

    it('filters the audit log by action and day (Hanoi time), names the key, and pages', async () => {
      await t.as('planner', { method: 'POST', url: '/scenarios', ...json({ name: 'filter me', edits: [] }) });
      await t.as('planner', { method: 'POST', url: '/scenarios', ...json({ name: 'and me', edits: [] }) });
      const hanoiToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
      const q = `/audit?action=${encodeURIComponent('POST /scenarios')}&from=${hanoiToday}&to=${hanoiToday}`;
      const entries = (await t.as('manager', q)).json().entries as Array<Record<string, unknown>>;
      expect(entries.length).toBeGreaterThanOrEqual(2);
      expect(entries.every((e) => e.action === 'POST /scenarios')).toBe(true);
      expect(entries.find((e) => e.role === 'planner')?.key_name).toEqual(expect.any(String));
      const page2 = (await t.as('manager', `${q}&limit=1&before=${entries[0]!.id}`)).json().entries;
      expect(page2).toEqual([entries[1]]);
      // Nothing tomorrow; a bad day is a field error.
      const tomorrow = new Date(Date.now() + 31 * 3_600_000).toISOString().slice(0, 10);
      expect((await t.as('manager', `/audit?from=${tomorrow}`)).json().entries).toEqual([]);
      const bad = await t.as('manager', '/audit?from=2026-02-30');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details[0].field).toBe('querystring/from');
    });

    it('serves no demo keys outside the demo mode', async () => {
      expect((await t.app.inject('/auth/demo-keys')).statusCode).toBe(404);
    });
  });

  describe('data uploads', () => {
    const volumes =
      'date,point,channel,field,received\n2026-01-05,P1,online,land,12\n2026-01-05,P2,in_person,civil_status,7\n';

    it('imports a clean CSV (text/csv), and again changes nothing', async () => {
      const res = await t.as('planner', {
        method: 'POST',
        url: '/volumes',
        headers: { 'content-type': 'text/csv' },
        payload: volumes,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ kind: 'volumes', rows: 2, changed: 2 });
      const again = await t.as('planner', {
        method: 'POST',
        url: '/volumes',
        headers: { 'content-type': 'text/csv' },
        payload: volumes,
      });
      expect(again.json()).toMatchObject({ rows: 2, changed: 0 });
    });

    it('lists every bad row with line, column, value and reason, and writes nothing', async () => {
      const before = await countVolumes(db);
      const bad =
        'date,point,channel,field,received\n2026-01-06,P1,online,land,3\n2026-02-30,P1,fax,land,-1\n2026-01-06,NOPE,online,land,1\n';
      const res = await t.as('planner', {
        method: 'POST',
        url: '/volumes',
        headers: { 'content-type': 'text/csv' },
        payload: bad,
      });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      const body = res.json();
      expect(body.code).toBe('IMPORT_INVALID');
      expect(body.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual(
        expect.arrayContaining(['3:date', '3:channel', '3:received', '4:point']),
      );
      expect(await countVolumes(db)).toBe(before);
    });

    it('accepts a multipart file, and queues an import job with mode=job', async () => {
      const boundary = '----dp';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.csv"\r\nContent-Type: text/csv\r\n\r\ndate,point,channel,field,received\n2026-01-07,P1,online,land,5\n\r\n--${boundary}--\r\n`;
      const res = await t.as('planner', {
        method: 'POST',
        url: '/volumes',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().rows).toBe(1);
      const job = await t.as('scheduler', {
        method: 'POST',
        url: '/volumes?mode=job',
        headers: { 'content-type': 'text/csv' },
        payload: 'date,point,channel,field,received\n2026-01-08,P2,online,land,9\n',
      });
      expect(job.statusCode).toBe(202);
      const id = job.json().job.id as string;
      expect(id).toMatch(/^import-volumes-[0-9a-f]{16}$/);
      const done = await waitFor(async () => {
        const j = (await t.as('viewer', `/jobs/${id}`)).json();
        return j.state === 'completed' ? j : undefined;
      });
      expect(done.result).toMatchObject({ kind: 'volumes', rows: 1, changed: 1 });
      expect(done.progress.pct).toBe(100);
    });

    it('imports points in the official unit-list format', async () => {
      const units = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'points.csv'), 'utf8')
        .split('\n')
        .slice(0, 3)
        .join('\n');
      const res = await t.as('manager', {
        method: 'POST',
        url: '/points',
        headers: { 'content-type': 'text/csv' },
        payload: units,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().rows).toBe(2);
    });

    it('caches hot reads briefly and forgets them at the next write', async () => {
      const first = await t.as('viewer', '/points');
      expect(first.headers['x-cache']).toBeUndefined();
      const second = await t.as('planner', '/points');
      expect(second.headers['x-cache']).toBe('hit');
      expect(second.body).toBe(first.body);
      await t.as('manager', {
        method: 'POST',
        url: '/points',
        headers: { 'content-type': 'text/csv' },
        payload: 'code,name,type,population,area_km2,lat,lon\nP9,Ba Vì,commune,90000,400,21.1,105.4\n',
      });
      const third = await t.as('viewer', '/points');
      expect(third.headers['x-cache']).toBeUndefined();
      expect(third.json().count).toBe(first.json().count + 1);
    });

    it('serves a plan without its problem arrays and roster entries unless detail=full', async () => {
      const result = {
        week: '2026-01-05',
        days: ['2026-01-05'],
        kpis: { moves: 1 },
        explanation: ['x'],
        stage1: { status: 'optimal', moves: [] },
        problem: { available: { P1: [3] } },
        roster: {
          entries: [{ staff_id: 'S1', date: '2026-01-05', point: 'P1' }],
          moves: [{ staff_id: 'S1', date: '2026-01-05', from: 'P1', to: 'P2', minutes: 9, reason: 'r' }],
          unfilled: [],
          continued_moves: 0,
        },
      };
      await db.query(
        `INSERT INTO plans (id, week, parameters, inputs, kpis, result) VALUES ('plan-test-detail', '2026-01-05', '{}', '{}', $1, $2)`,
        [JSON.stringify(result.kpis), JSON.stringify(result)],
      );
      const summary = (await t.as('viewer', '/plans/plan-test-detail')).json();
      expect(summary.result.problem).toBeUndefined();
      expect(summary.result.roster.entries).toBeUndefined();
      expect(summary.result.roster.moves).toHaveLength(1);
      expect(summary.result.kpis).toEqual({ moves: 1 });
      const full = (await t.as('viewer', '/plans/plan-test-detail?detail=full')).json();
      expect(full.result.roster.entries).toHaveLength(1);
      expect(full.result.problem).toEqual({ available: { P1: [3] } });
      // The summary is exactly the full plan without those two parts.
      const { problem: _p, roster, ...rest } = full.result;
      expect(summary).toEqual({
        ...full,
        result: { ...rest, roster: { moves: roster.moves, unfilled: [], continued_moves: 0 } },
      });
      expect((await t.as('viewer', '/plans/plan-test-detail?detail=all')).statusCode).toBe(400);
      // The result is kept between reads, the head is not: a decision shows at once.
      const decided = await t.as('manager', {
        method: 'POST',
        url: '/plans/plan-test-detail/decision',
        ...json({ decision: 'rejected', note: 'test' }),
      });
      expect(decided.statusCode).toBe(200);
      const after = (await t.as('viewer', '/plans/plan-test-detail')).json();
      expect(after).toMatchObject({ status: 'rejected', decision_note: 'test', result: summary.result });
      await db.query("DELETE FROM plans WHERE id = 'plan-test-detail'");
    });

    it('reads staff, volumes and daily totals', async () => {
      expect((await t.as('viewer', '/staff?point=P1')).json()).toMatchObject({ count: 0, staff: [] });
      const rows = (await t.as('viewer', '/volumes?from=2026-01-05&to=2026-01-05')).json();
      expect(rows).toMatchObject({ count: 2, truncated: false });
      const totals = (
        await t.as('viewer', '/volumes/totals?from=2026-01-05&to=2026-01-08&by=channel')
      ).json();
      expect(totals.rows).toContainEqual({
        date: '2026-01-05',
        key: 'online',
        received: 12,
        resolved: 0,
        on_time: 0,
        overdue: 0,
      });
      // by=date (the default): one row per day, all channels and fields summed
      const byDate = await t.as('viewer', '/volumes/totals?from=2026-01-05&to=2026-01-05');
      expect(byDate.statusCode).toBe(200);
      expect(byDate.json().rows).toHaveLength(1);
      expect(byDate.json().rows[0].received).toBe(
        totals.rows
          .filter((r: { date: string }) => r.date === '2026-01-05')
          .reduce((s: number, r: { received: number }) => s + r.received, 0),
      );
      expect((await t.as('viewer', '/volumes?from=2026-01-05&to=2029-01-05')).statusCode).toBe(400);
    });
  });

  describe('calendar', () => {
    it('tells each day’s kind, with holidays, make-up days and local closures', async () => {
      const days = (await t.as('viewer', '/calendar?from=2024-02-08&to=2024-02-10')).json().days;
      expect(days[0]).toMatchObject({ date: '2024-02-08', kind: 'holiday', name: 'Tết Nguyên Đán' });
      const add = await t.as('planner', {
        method: 'POST',
        url: '/calendar/closures',
        ...json({ date: '2026-03-02', name: 'Sửa chữa trụ sở', closed: true, points: ['P1'] }),
      });
      expect(add.statusCode).toBe(201);
      const p1 = (await t.as('viewer', '/calendar?from=2026-03-02&to=2026-03-02&point=P1')).json().days[0];
      const p2 = (await t.as('viewer', '/calendar?from=2026-03-02&to=2026-03-02&point=P2')).json().days[0];
      expect([p1.open, p2.open]).toEqual([false, true]);
      const unknown = await t.as('planner', {
        method: 'POST',
        url: '/calendar/closures',
        ...json({ date: '2026-03-03', name: 'x', closed: true, points: ['ZZ'] }),
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().details[0]).toMatchObject({ field: 'body/points', value: 'ZZ' });
      expect((await t.as('viewer', '/calendar/closures')).json().closures).toHaveLength(1);
      const del = await t.as('planner', {
        method: 'DELETE',
        url: `/calendar/closures/2026-03-02/${encodeURIComponent('Sửa chữa trụ sở')}`,
      });
      expect(del.statusCode).toBe(204);
      expect((await t.as('viewer', '/calendar/closures')).json().closures).toHaveLength(0);
    });
  });

  describe('jobs through the API', () => {
    it('a forecast trigger is a deterministic job; twice returns it; its failure keeps the reason', async () => {
      const first = await t.as('scheduler', {
        method: 'POST',
        url: '/forecasts',
        ...json({ asOf: '2026-01-04', horizon: 14 }),
      });
      expect(first.statusCode).toBe(202);
      expect(first.json()).toMatchObject({
        created: true,
        job: { id: 'forecast-2026-01-04-h14-all', queue: 'forecast' },
      });
      const second = await t.as('scheduler', {
        method: 'POST',
        url: '/forecasts',
        ...json({ asOf: '2026-01-04', horizon: 14 }),
      });
      expect(second.json()).toMatchObject({ created: false, job: { id: 'forecast-2026-01-04-h14-all' } });
      const job = await waitFor(async () => {
        const j = (await t.as('viewer', '/jobs/forecast-2026-01-04-h14-all')).json();
        return j.state === 'failed' || j.state === 'completed' ? j : undefined;
      });
      // This store has no volumes before 2026-01-04: a domain error, permanent (one attempt), reason kept.
      expect(job).toMatchObject({
        state: 'failed',
        attempts: 1,
        error: { code: 'FORECAST_HISTORY_TOO_SHORT' },
      });
      const retried = await t.as('scheduler', {
        method: 'POST',
        url: '/jobs/forecast-2026-01-04-h14-all/retry',
      });
      expect(retried.statusCode).toBe(job.state === 'failed' ? 200 : 409);
    });

    it('a forecast request takes any country’s named holidays: another list is another job; a bad one is refused', async () => {
      const holidays = [{ date: '2026-12-25', name: 'Christmas Day', closed: true, before: 2, after: 1 }];
      const res = await t.as('scheduler', {
        method: 'POST',
        url: '/forecasts',
        ...json({ asOf: '2026-01-04', horizon: 14, holidays }),
      });
      expect(res.statusCode).toBe(202);
      expect(res.json().job.id).toMatch(/^forecast-2026-01-04-h14-hol[0-9a-f]{8}-all$/);
      const bad = await t.as('scheduler', {
        method: 'POST',
        url: '/forecasts',
        ...json({ asOf: '2026-01-04', horizon: 14, holidays: [{ ...holidays[0], after: 30 }] }),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().details[0].field).toMatch(/holidays\/0\/after/);
    });

    it('fans a forecast out per branch', async () => {
      const res = await t.as('admin', {
        method: 'POST',
        url: '/forecasts',
        ...json({ asOf: '2026-01-04', horizon: 7, fanOut: 'branch' }),
      });
      expect(res.statusCode).toBe(202);
      expect(res.json().job).toMatchObject({
        id: 'forecast-2026-01-04-h7-all-by-branch',
        name: 'fanout',
        // P1, P2 and the two points imported above: one child per branch.
        children: expect.arrayContaining([
          'forecast-2026-01-04-h7-branch-chi-nhanh-1',
          'forecast-2026-01-04-h7-branch-chi-nhanh-2',
        ]),
      });
      const branches = await db.query('SELECT DISTINCT branch FROM points');
      expect(res.json().job.children).toHaveLength(branches.length);
    });

    it('plans: week must be a Monday; drafts and simulations are jobs with readable ids', async () => {
      const sunday = await t.as('planner', {
        method: 'POST',
        url: '/plans',
        ...json({ week: '2026-01-04' }),
      });
      expect(sunday.statusCode).toBe(400);
      expect(sunday.json().details[0].field).toBe('body/week');
      const plan = await t.as('planner', { method: 'POST', url: '/plans', ...json({ week: '2026-01-05' }) });
      expect(plan.json().job.id).toMatch(/^plan-2026-W02-i[0-9a-f]{8}$/);
      const again = await t.as('planner', { method: 'POST', url: '/plans', ...json({ week: '2026-01-05' }) });
      expect(again.json()).toMatchObject({ created: false, job: { id: plan.json().job.id } });
      // A change of what the plan is made from (here a closure in the week) is another job, not the old one.
      const closure = { date: '2026-01-07', name: 'Mất điện', closed: true, points: ['P1'] };
      expect(
        (await t.as('planner', { method: 'POST', url: '/calendar/closures', ...json(closure) })).statusCode,
      ).toBe(201);
      const changed = await t.as('planner', {
        method: 'POST',
        url: '/plans',
        ...json({ week: '2026-01-05' }),
      });
      expect(changed.json().created).toBe(true);
      expect(changed.json().job.id).toMatch(/^plan-2026-W02-i[0-9a-f]{8}$/);
      expect(changed.json().job.id).not.toBe(plan.json().job.id);
      await t.as('planner', {
        method: 'DELETE',
        url: `/calendar/closures/2026-01-07/${encodeURIComponent('Mất điện')}`,
      });
      // Back to the first inputs: the first job again.
      const back = await t.as('planner', { method: 'POST', url: '/plans', ...json({ week: '2026-01-05' }) });
      expect(back.json().job.id).toBe(plan.json().job.id);
      const sim = await t.as('planner', {
        method: 'POST',
        url: '/simulations',
        ...json({ week: '2026-01-05', replications: 5, seed: 7 }),
      });
      expect(sim.json().job.id).toBe('simulate-2026-W02-r5-seed7');
      expect((await t.as('planner', { method: 'POST', url: '/simulations', ...json({}) })).statusCode).toBe(
        400,
      );
      expect((await t.as('viewer', '/simulations/simulate-2026-W02-r5-seed7')).statusCode).toBe(404);
    });

    it('lists jobs, schedules and queue depth in /metrics', async () => {
      const jobs = (await t.as('viewer', '/jobs?queue=forecast')).json();
      expect(jobs.runner).toBe('inline');
      expect(jobs.jobs.map((j: { id: string }) => j.id)).toContain('forecast-2026-01-04-h14-all');
      const metrics = (await t.app.inject('/metrics')).body;
      expect(metrics).toMatch(/dieuphoi_http_request_duration_seconds_bucket\{[^}]*route="\/points"/);
      expect(metrics).toMatch(/dieuphoi_queue_jobs\{queue="forecast",state="(failed|completed)"\} \d+/);
      expect(metrics).toMatch(
        /dieuphoi_job_duration_seconds_count\{queue="import",name="run",status="completed"\} 1/,
      );
    });

    it('scenarios are saved and usable by id', async () => {
      const s = await t.as('planner', {
        method: 'POST',
        url: '/scenarios',
        ...json({ name: '+30% land', edits: [{ kind: 'scale_volume', field: 'land', factor: 1.3 }] }),
      });
      expect(s.statusCode).toBe(201);
      const id = s.json().id;
      expect((await t.as('viewer', `/scenarios/${id}`)).json().edits).toEqual([
        { kind: 'scale_volume', field: 'land', factor: 1.3 },
      ]);
      const sim = await t.as('planner', {
        method: 'POST',
        url: '/simulations',
        ...json({ week: '2026-01-05', scenarioId: id }),
      });
      expect(sim.json().job.id).toMatch(/^simulate-2026-W02-rdefault-seeddefault-s[0-9a-f]{8}$/);
      expect((await t.as('planner', { method: 'DELETE', url: `/scenarios/${id}` })).statusCode).toBe(204);
    });
  });
});
