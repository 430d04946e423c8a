import { describe, expect, it } from 'vitest';
import { render } from '../../../src/core/messages.ts';
import { buildRoster, type RosterInput } from '../../../src/core/optimize/roster.ts';
import type { Staff } from '../../../src/schemas/domain.ts';
import type { RosterSettings } from '../../../src/schemas/models.ts';
import type { Move } from '../../../src/schemas/optimize.ts';
import { tinyProblem } from './fixtures.ts';

const settings: RosterSettings = {
  max_moved_days_per_week: 2,
  fairness_move: 1,
  fairness_history_move: 0.25,
  fairness_history_travel_hour: 0.1,
  stability: 1.5,
  skill: 1,
};
const DAYS = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'];
const problem = tinyProblem({
  days: DAYS,
  available: { HK: [2, 2, 2, 2], BD: [5, 5, 5, 5], CG: [2, 2, 2, 2] },
  reception: { HK: [4, 4, 4, 4], BD: [1, 1, 1, 1], CG: [2, 2, 2, 2] },
  processing: [0, 0, 0, 0],
});
const person = (id: string, over: Partial<Staff> = {}): Staff => ({
  id,
  name: `Person ${id}`,
  home_point: 'BD',
  fields: ['civil_status'],
  fte: 1,
  role: 'staff',
  active: true,
  ...over,
});
const move = (day: string, staff: number, to = 'HK', from = 'BD'): Move => ({
  day,
  from,
  to,
  staff,
  minutes: 4.8,
});
const roster = (moves: Move[], staff: Staff[], over: Partial<RosterInput> = {}) =>
  buildRoster({ problem, stage1: { moves }, staff, settings, ...over });
const movedDays = (r: ReturnType<typeof roster>) =>
  Object.fromEntries(r.per_staff.map((p) => [p.staff_id, p.moved_days]));

describe('stage 2: named roster, one rule at a time', () => {
  it('staffs every stage-1 move with people of the home point, each with a reason', () => {
    const r = roster(
      [move(DAYS[0]!, 2)],
      [person('a'), person('b'), person('c'), person('h', { home_point: 'HK' })],
    );
    expect(r.unfilled).toEqual([]);
    expect(r.moves).toHaveLength(2);
    for (const m of r.moves) {
      expect(m.from).toBe('BD');
      expect(m.to).toBe('HK');
      expect(render(m.reason, 'en')).toMatch(
        /^HK lacks 2\.0 counter staff on Monday 2026-01-05; BD has 4\.0 spare, 5 min away/,
      );
    }
    expect(
      r.entries
        .filter((e) => e.date === DAYS[0])
        .map((e) => e.status)
        .sort(),
    ).toEqual(['home', 'home', 'moved', 'moved']);
  });

  it('point leads stay at their point', () => {
    const r = roster([move(DAYS[0]!, 2)], [person('a', { role: 'point_lead' }), person('b'), person('c')]);
    expect(r.moves.map((m) => m.staff_id).sort()).toEqual(['b', 'c']);
  });

  it('people on leave are not moved that day (and are shown on leave)', () => {
    const r = roster([move(DAYS[0]!, 1)], [person('a'), person('b')], {
      leave: [{ staff_id: 'a', from: DAYS[0]!, to: DAYS[1]! }],
    });
    expect(r.moves.map((m) => m.staff_id)).toEqual(['b']);
    expect(r.entries.find((e) => e.staff_id === 'a' && e.date === DAYS[0])!.status).toBe('leave');
  });

  it("respects a person's own travel limit; a move nobody can take is reported unfilled", () => {
    const limits = { a: 3, b: 60 };
    const r = roster([move(DAYS[0]!, 1)], [person('a'), person('b')], { travelLimits: limits });
    expect(r.moves.map((m) => m.staff_id)).toEqual(['b']);
    const none = roster([move(DAYS[0]!, 1)], [person('a')], { travelLimits: limits });
    expect(none.moves).toEqual([]);
    expect(none.unfilled).toMatchObject([{ date: DAYS[0], from: 'BD', to: 'HK', staff: 1 }]);
  });

  it('moves nobody more than max_moved_days_per_week', () => {
    const r = roster(
      DAYS.map((d) => move(d, 1)),
      [person('a')],
    );
    expect(movedDays(r)).toEqual({ a: 2 });
    expect(r.unfilled.reduce((s, u) => s + u.staff, 0)).toBe(2);
  });

  it('spreads moves evenly within the week (fairness)', () => {
    const r = roster(
      DAYS.map((d) => move(d, 1, d === DAYS[1] ? 'CG' : 'HK')),
      [person('a'), person('b'), person('c'), person('d')],
      { settings: { ...settings, stability: 0 } },
    );
    expect(Object.values(movedDays(r))).toEqual([1, 1, 1, 1]);
  });

  it('and across weeks: who moved most before moves last', () => {
    const r = roster([move(DAYS[0]!, 1)], [person('a'), person('b')], {
      history: { a: { moved_days: 6, travel_minutes: 100 }, b: { moved_days: 1, travel_minutes: 10 } },
    });
    expect(r.moves.map((m) => m.staff_id)).toEqual(['b']);
  });

  it('keeps the same person at a point on consecutive days (stability)', () => {
    const moves = [move(DAYS[0]!, 1), move(DAYS[1]!, 1)];
    const staff = [person('a'), person('b'), person('c')];
    const stable = roster(moves, staff);
    expect(new Set(stable.moves.map((m) => m.staff_id)).size).toBe(1);
    expect(stable.continued_moves).toBe(1);
    expect(render(stable.moves[1]!.reason, 'en')).toMatch(
      /continues at HK from the day before; moved day 2 of 2/,
    );
    const unstable = roster(moves, staff, { settings: { ...settings, stability: 0 } });
    expect(new Set(unstable.moves.map((m) => m.staff_id)).size).toBe(2);
  });

  it("prefers people whose fields match the point's counter demand", () => {
    const r = roster([move(DAYS[0]!, 1)], [person('a'), person('b', { fields: ['land'] })], {
      fieldShare: { HK: { land: 0.8, civil_status: 0.2 } },
    });
    expect(r.moves.map((m) => m.staff_id)).toEqual(['b']);
  });
});
