import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoadmap } from '../../src/core/establishment/roadmap.ts';
import type { Db } from '../../src/store/db.ts';
import { loadOptimizeModel } from '../../src/store/model-files.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { insertRoadmap, listRoadmaps, staffOn } from '../../src/store/roadmaps-repo.ts';
import { upsertStaff } from '../../src/store/staff-repo.ts';
import { decideRoadmap, getRoadmap, loadEstablishmentRules, roadmapCsv } from '../../src/usecases/roadmap.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

describe('roadmap approval and the staff history', () => {
  let db: Db;
  const fixture = weeklyPlanFixture();
  const input = {
    quarters: [
      { label: '2026-Q2', start: '2026-04-01' },
      { label: '2026-Q3', start: '2026-07-01' },
    ],
    points: fixture.points,
    staff: fixture.staff,
    // HK is short of work hours, BD has people to spare.
    workload: [0, 1].flatMap((quarter) =>
      fixture.points.map((p) => ({
        point: p.code,
        quarter,
        work_type: 'counter' as const,
        skill: 'civil_status' as const,
        staff_hours_per_day: p.code === 'HK' ? 80 : 5,
      })),
    ),
    rules: { ...loadEstablishmentRules(), max_transfers_per_quarter: 2 },
    travel: loadOptimizeModel().travel,
  };
  beforeAll(async () => {
    db = await pgliteBackend.open();
    await upsertPoints(db, [...fixture.points]);
    await upsertStaff(db, [...fixture.staff]);
  });
  afterAll(async () => pgliteBackend.dispose(db));

  it('approval writes the first quarter as history versions from its start; the staff table is untouched', async () => {
    const roadmap = buildRoadmap(input);
    expect(roadmap.status).toBe('optimal');
    const q0 = roadmap.quarters[0]!;
    expect(q0.transfers.length).toBeGreaterThan(0);
    await insertRoadmap(db, {
      id: 'roadmap-test-1',
      start: q0.start,
      quarters: 2,
      maxTransfers: 2,
      solverStatus: roadmap.status,
      result: { roadmap, curve: [], workload_week: '2026-03-02', trend: {} },
    });
    expect((await listRoadmaps(db)).map((r) => r.id)).toContain('roadmap-test-1');
    expect(roadmapCsv((await getRoadmap(db, 'roadmap-test-1')).result).split('\n')[0]).toBe(
      'quarter,staff_id,name,from,to,minutes,fields,reason',
    );
    const head = await decideRoadmap(db, 'roadmap-test-1', { decision: 'approved', by: 'manager-key' });
    expect(head.status).toBe('approved');
    expect(head.decided_by).toBe('manager-key');
    const moved = q0.transfers[0]!;
    const before = await staffOn(db, '2026-03-31');
    const after = await staffOn(db, '2026-04-01');
    expect(before.find((s) => s.id === moved.staff_id)!.home_point).toBe(moved.from);
    expect(after.find((s) => s.id === moved.staff_id)!.home_point).toBe(moved.to);
    // The second quarter is not applied by the approval.
    for (const t of roadmap.quarters[1]!.transfers)
      expect(after.find((s) => s.id === t.staff_id)!.home_point).toBe(t.from);
    await expect(
      decideRoadmap(db, 'roadmap-test-1', { decision: 'rejected', by: 'x' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('a roadmap that is not proven optimal cannot be approved', async () => {
    await insertRoadmap(db, {
      id: 'roadmap-test-2',
      start: '2026-04-01',
      quarters: 1,
      maxTransfers: 2,
      solverStatus: 'too_large',
      result: {
        roadmap: { ...buildRoadmap(input), status: 'too_large' },
        curve: [],
        workload_week: '',
        trend: {},
      },
    });
    await expect(
      decideRoadmap(db, 'roadmap-test-2', { decision: 'approved', by: 'm' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(getRoadmap(db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
