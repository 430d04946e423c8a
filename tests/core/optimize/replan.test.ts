import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { render } from '../../../src/core/messages.ts';
import { diffRosterMoves } from '../../../src/core/optimize/plan-diff.ts';
import { buildWeeklyPlan, type WeeklyPlan } from '../../../src/core/optimize/weekly-plan.ts';
import { loadCalendarModel } from '../../../src/store/model-files.ts';
import { weeklyPlanFixture } from '../../helpers/weekly-plan-fixture.ts';

// The fixture week: Mon 2026-01-05 … Sat 2026-01-10; HK is short at the counters, BD lends staff every weekday.
const FROM = '2026-01-07';
const keptPart = <T extends { date: string }>(xs: readonly T[]) => xs.filter((x) => x.date < FROM);
const fromOn = <T extends { date: string }>(xs: readonly T[]) => xs.filter((x) => x.date >= FROM);

function approvedPlan(): WeeklyPlan {
  const plan = buildWeeklyPlan(weeklyPlanFixture());
  expect(keptPart(plan.roster.moves).length, 'the approved plan moves staff before FROM').toBeGreaterThan(0);
  expect(fromOn(plan.roster.moves).length, 'and from FROM on').toBeGreaterThan(0);
  return plan;
}

describe('mid-week re-plan (buildWeeklyPlan with a pin)', () => {
  it('with nothing changed gives the approved plan back', () => {
    const approved = approvedPlan();
    const again = buildWeeklyPlan({ ...weeklyPlanFixture(), pin: { from: FROM, approved } });
    expect(again.roster.moves).toEqual(approved.roster.moves);
    expect(again.roster.entries).toEqual(approved.roster.entries);
    expect(again.stage1.present).toEqual(approved.stage1.present);
    expect(again.kpis.objective).toBeCloseTo(approved.kpis.objective!, 9);
    expect(again.stage1.status).toBe('optimal');
    expect(again.stage1.bound).toBeCloseTo(again.stage1.objective!, 6);
    expect(again.replan).toEqual({
      from: FROM,
      kept: [
        { date: '2026-01-05', source: 'approved' },
        { date: '2026-01-06', source: 'approved' },
      ],
      replanned: ['2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'],
    });
    expect(render(again.explanation[1]!, 'en')).toBe(
      'Re-plan from 2026-01-07: 2026-01-05, 2026-01-06 kept (4 moved staff-days); the days from 2026-01-07 ' +
        'optimised again.',
    );
    expect(render(again.explanation[1]!, 'vi')).toMatch(/^Lập lại kế hoạch từ 07\/01\/2026/);
  });

  it('around a sick leave: kept days unchanged, the sick person no longer moved, the diff only from FROM on', () => {
    const approved = approvedPlan();
    const sick = fromOn(approved.roster.moves)[0]!.staff_id;
    const input = weeklyPlanFixture();
    const next = buildWeeklyPlan({
      ...input,
      leave: [{ staff_id: sick, from: FROM, to: '2026-01-10', reason: 'sick' }],
      pin: { from: FROM, approved },
    });
    expect(keptPart(next.roster.entries)).toEqual(keptPart(approved.roster.entries));
    expect(keptPart(next.roster.moves)).toEqual(keptPart(approved.roster.moves));
    expect(fromOn(next.roster.moves).some((m) => m.staff_id === sick)).toBe(false);
    expect(
      fromOn(next.roster.entries)
        .filter((e) => e.staff_id === sick)
        .map((e) => e.status),
    ).toEqual(Array(4).fill('leave'));
    const diff = diffRosterMoves(approved.roster.moves, next.roster.moves);
    const changed = [...diff.added, ...diff.removed, ...diff.changed];
    expect(changed.length).toBeGreaterThan(0);
    for (const c of changed) expect(c.date >= FROM, `${c.date} ${c.staff_id}`).toBe(true);
    // The counters of HK are still covered: someone else goes.
    expect(fromOn(next.roster.moves).length).toBe(fromOn(approved.roster.moves).length);
    // The stage-1 figures of the kept days are the approved ones.
    for (const [p, arr] of Object.entries(approved.stage1.present))
      expect(next.stage1.present[p]!.slice(0, 2), p).toEqual(arr.slice(0, 2));
  });

  it('around a closure from FROM: nobody is sent to the closed point on its closed days', () => {
    const approved = approvedPlan();
    const input = weeklyPlanFixture();
    const closed = ['2026-01-07', '2026-01-08'].map((date) => ({
      date,
      name: 'Sửa chữa trụ sở',
      closed: true,
      points: ['HK'],
    }));
    const next = buildWeeklyPlan({
      ...input,
      calendar: new WorkCalendar(loadCalendarModel(), closed),
      pin: { from: FROM, approved },
    });
    expect(keptPart(next.roster.moves)).toEqual(keptPart(approved.roster.moves));
    const toHk = next.roster.moves.filter((m) => m.to === 'HK').map((m) => m.date);
    expect(toHk.some((d) => d === '2026-01-07' || d === '2026-01-08')).toBe(false);
    expect(toHk.some((d) => d === '2026-01-09')).toBe(true);
  });

  it('counts moves on kept days towards the weekly limit', () => {
    const approved = approvedPlan();
    const input = weeklyPlanFixture();
    // BD-3 and BD-6 were moved Monday and Tuesday: with a limit of 2 they cannot move again this week, even
    // if everyone else at BD is on leave from FROM on.
    const twice = ['BD-3', 'BD-6'];
    for (const id of twice)
      expect(keptPart(approved.roster.moves).filter((m) => m.staff_id === id)).toHaveLength(2);
    expect(input.models.optimize.roster.max_moved_days_per_week).toBe(2);
    const others = input.staff.filter(
      (s) => s.home_point === 'BD' && !twice.includes(s.id) && s.role === 'staff',
    );
    const next = buildWeeklyPlan({
      ...input,
      leave: others.map((s) => ({ staff_id: s.id, from: FROM, to: '2026-01-10' })),
      pin: { from: FROM, approved },
    });
    for (const id of twice) expect(next.roster.moves.filter((m) => m.staff_id === id)).toHaveLength(2);
    expect(fromOn(next.roster.moves).filter((m) => m.from === 'BD')).toEqual([]);
    const per = next.roster.per_staff.find((p) => p.staff_id === 'BD-3')!;
    expect(per.moved_days).toBe(2);
  });

  it('keeps a day as attendance recorded it, where an attendance import exists', () => {
    const approved = approvedPlan();
    const monday = keptPart(approved.roster.moves).filter((m) => m.date === '2026-01-05');
    const [went, stayed] = [monday[0]!, 'BD-7'];
    expect(monday.some((m) => m.staff_id === stayed)).toBe(false);
    const next = buildWeeklyPlan({
      ...weeklyPlanFixture(),
      pin: {
        from: FROM,
        approved,
        attendance: [
          { date: '2026-01-05', staff_id: went.staff_id, work_point: 'BD' },
          { date: '2026-01-05', staff_id: stayed, work_point: 'HK' },
          { date: '2026-01-05', staff_id: 'CG-2', work_point: null },
        ],
      },
    });
    const mondayMoves = next.roster.moves.filter((m) => m.date === '2026-01-05');
    expect(mondayMoves.map((m) => m.staff_id).sort()).toEqual(
      [...monday.map((m) => m.staff_id).filter((id) => id !== went.staff_id), stayed].sort(),
    );
    expect(render(mondayMoves.find((m) => m.staff_id === stayed)!.reason, 'en')).toBe(
      'worked at HK (attendance)',
    );
    const cg2 = next.roster.entries.find((e) => e.date === '2026-01-05' && e.staff_id === 'CG-2')!;
    expect(cg2.status).toBe('leave');
    // Staff present on Monday follow the attendance: CG has one fewer, HK and BD as many as approved.
    const d = 0;
    expect(next.stage1.present.CG![d]).toBe(approved.stage1.present.CG![d]! - 1);
    expect(next.stage1.present.HK![d]).toBe(approved.stage1.present.HK![d]!);
    // Tuesday had no attendance rows: as approved.
    expect(next.roster.moves.filter((m) => m.date === '2026-01-06')).toEqual(
      approved.roster.moves.filter((m) => m.date === '2026-01-06'),
    );
    expect(next.replan!.kept).toEqual([
      { date: '2026-01-05', source: 'attendance' },
      { date: '2026-01-06', source: 'approved' },
    ]);
    expect(render(next.explanation[1]!, 'en')).toContain('as attendance recorded 2026-01-05');
  });

  it('from the Monday re-optimises the whole week; after the last planning day it refuses', () => {
    const approved = approvedPlan();
    const all = buildWeeklyPlan({ ...weeklyPlanFixture(), pin: { from: '2026-01-05', approved } });
    expect(all.replan!.kept).toEqual([]);
    expect(render(all.explanation[1]!, 'en')).toMatch(/no day kept/);
    expect(() => buildWeeklyPlan({ ...weeklyPlanFixture(), pin: { from: '2026-01-11', approved } })).toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        details: [expect.objectContaining({ field: 'replan_from' })],
      }),
    );
  });
});
