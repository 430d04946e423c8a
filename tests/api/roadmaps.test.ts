import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { insertRoadmap } from '../../src/store/roadmaps-repo.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';

const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});

describe('roadmap routes', () => {
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

  it('POST /roadmaps is a planner’s job with a deterministic id; a viewer may not', async () => {
    const body = { quarters: 4, max_transfers: 5 };
    expect((await t.as('viewer', { method: 'POST', url: '/roadmaps', ...json(body) })).statusCode).toBe(403);
    const a = await t.as('planner', { method: 'POST', url: '/roadmaps', ...json(body) });
    expect(a.statusCode).toBe(202);
    expect(a.json().job.id).toBe('plan-roadmap-q4-n5-next');
    const b = await t.as('planner', { method: 'POST', url: '/roadmaps', ...json(body) });
    expect(b.json().job.id).toBe('plan-roadmap-q4-n5-next');
    const bad = await t.as('planner', { method: 'POST', url: '/roadmaps', ...json({ quarters: 0 }) });
    expect(bad.statusCode).toBe(400);
  });

  it('GET /roadmaps/:id, and approval by a manager only, audited', async () => {
    await insertRoadmap(db, {
      id: 'roadmap-api-1',
      start: '2026-04-01',
      quarters: 1,
      maxTransfers: 5,
      solverStatus: 'optimal',
      result: {
        roadmap: { status: 'optimal', quarters: [{ label: '2026-Q2', start: '2026-04-01', transfers: [] }] },
        curve: [],
        workload_week: '2026-03-02',
        trend: {},
      },
    });
    const got = await t.as('viewer', '/roadmaps/roadmap-api-1');
    expect(got.statusCode).toBe(200);
    expect(got.json().status).toBe('draft');
    expect((await t.as('viewer', '/roadmaps/nope')).statusCode).toBe(404);
    const decision = {
      method: 'POST' as const,
      url: '/roadmaps/roadmap-api-1/decision',
      ...json({ decision: 'approved' }),
    };
    expect((await t.as('planner', decision)).statusCode).toBe(403);
    const ok = await t.as('manager', decision);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect((await t.as('manager', decision)).statusCode).toBe(409);
    const audit = await t.as('manager', '/audit?action=POST%20%2Froadmaps%2F%3Aid%2Fdecision');
    expect(audit.statusCode).toBe(200);
    expect(JSON.stringify(audit.json())).toContain('roadmap-api-1');
  });
});
