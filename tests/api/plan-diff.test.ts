import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterMove } from '../../src/core/optimize/roster.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

const VI = { 'accept-language': 'vi' };

describe('GET /plans/:id/diff/:other', () => {
  let db: Db;
  let t: TestApi;
  let base: RosterMove[];
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    const plan = buildWeeklyPlan(weeklyPlanFixture());
    base = plan.roster.moves;
    expect(base.length, 'the fixture plan moves at least three people').toBeGreaterThanOrEqual(3);
    // Plan B: move 0 goes elsewhere, move 1 lasts longer, move 2 is gone, one new person moves.
    const [m0, m1, , ...rest] = base.map((m) => structuredClone(m));
    const other = base.find((m) => m.to !== m0!.to)?.to ?? `${m0!.to}-X`;
    const moves = [
      { ...m0!, to: other },
      { ...m1!, minutes: m1!.minutes + 60 },
      ...rest,
      { ...m0!, staff_id: 'NEW-1', name: 'Nguyễn Văn Mới' },
    ];
    const planB = { ...plan, roster: { ...plan.roster, moves } };
    for (const [id, p] of [
      ['plan-diff-a', plan],
      ['plan-diff-b', planB],
    ] as const)
      await db.query(
        `INSERT INTO plans (id, week, parameters, inputs, kpis, result) VALUES ($1, $2, '{}', '{}', $3, $4)`,
        [id, plan.week, JSON.stringify(plan.kpis), JSON.stringify(p)],
      );
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('reports a move whose destination or minutes changed as changed, with before and after', async () => {
    const res = await t.as('viewer', '/plans/plan-diff-a/diff/plan-diff-b');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.moves.changed).toHaveLength(2);
    expect(d.moves.removed).toHaveLength(1);
    expect(d.moves.added).toHaveLength(1);
    expect([d.moves_changed, d.moves_only_in_a, d.moves_only_in_b]).toEqual([2, 1, 1]);
    const [m0, m1, m2] = base;
    const dest = d.moves.changed.find(
      (c: { staff_id: string; date: string }) => c.staff_id === m0!.staff_id && c.date === m0!.date,
    );
    expect(dest.before).toMatchObject({ from: m0!.from, to: m0!.to, minutes: m0!.minutes });
    expect(dest.after.to).not.toBe(m0!.to);
    const longer = d.moves.changed.find(
      (c: { staff_id: string; date: string }) => c.staff_id === m1!.staff_id && c.date === m1!.date,
    );
    expect(longer.after.minutes - longer.before.minutes).toBeCloseTo(60, 6);
    expect(longer.after.to).toBe(m1!.to);
    expect(d.moves.removed[0]).toMatchObject({ staff_id: m2!.staff_id, date: m2!.date, to: m2!.to });
    expect(d.moves.added[0]).toMatchObject({ staff_id: 'NEW-1', name: 'Nguyễn Văn Mới' });
    expect(res.body).not.toContain('_msg');
    // The same diff the other way round: added and removed swap, changed stays.
    const back = (await t.as('viewer', '/plans/plan-diff-b/diff/plan-diff-a')).json();
    expect([back.moves_changed, back.moves_only_in_a, back.moves_only_in_b]).toEqual([2, 1, 1]);
    expect(back.moves.added[0].staff_id).toBe(m2!.staff_id);
    // A plan against itself: nothing changes.
    const same = (await t.as('viewer', '/plans/plan-diff-a/diff/plan-diff-a')).json();
    expect(same.moves).toEqual({ added: [], removed: [], changed: [] });
  });

  it('tells the reasons of the moves in the reader’s language', async () => {
    const vi = (await t.as('viewer', { url: '/plans/plan-diff-a/diff/plan-diff-b', headers: VI })).json();
    expect(vi.moves.removed[0].reason).toMatch(/thiếu/);
    expect(vi.moves.changed[0].before.reason).toMatch(/thiếu/);
    const en = (await t.as('viewer', '/plans/plan-diff-a/diff/plan-diff-b')).json();
    expect(en.moves.removed[0].reason).toMatch(/lacks/);
  });
});
