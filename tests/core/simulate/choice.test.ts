import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { render } from '../../../src/core/messages.ts';
import { applyScenarioToPlan } from '../../../src/core/optimize/plan-scenario.ts';
import {
  awayShareFromRegister,
  choiceSet,
  choiceShares,
  DEFAULT_CHOICE,
  expectedWaitMin,
} from '../../../src/core/simulate/choice.ts';
import { applyScenario, simulate } from '../../../src/core/simulate/index.ts';
import { erlangC } from '../../../src/core/staffing/erlang-c.ts';
import type { DemandRow } from '../../../src/schemas/simulate.ts';
import { loadCalendarModel } from '../../../src/store/model-files.ts';
import { weeklyPlanFixture } from '../../helpers/weekly-plan-fixture.ts';
import { smallCity, WEEK } from './fixtures.ts';

/** Five points on a line 3 km apart (smallCity's geometry). */
const line = Array.from({ length: 5 }, (_, i) => ({ code: `P${i + 1}`, lat: 21 + i * 0.027, lon: 105.8 }));

const inPersonTotal = (
  rows: ReadonlyArray<Pick<DemandRow, 'channel' | 'mean' | 'date' | 'field'>>,
  date?: string,
) =>
  rows.filter((r) => r.channel === 'in_person' && (!date || r.date === date)).reduce((s, r) => s + r.mean, 0);
const total = (rows: ReadonlyArray<Pick<DemandRow, 'mean'>>) => rows.reduce((s, r) => s + r.mean, 0);

describe('choice model (multinomial logit over a point and its neighbours)', () => {
  it('files the documented share away from home when waits are unknown, nearer points more often', () => {
    const set = choiceSet(line);
    expect(set.alt[0]).toEqual([0, 1, 2, 3, 4]);
    const shares = choiceShares(set, 0);
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(1 - shares[0]!).toBeCloseTo(DEFAULT_CHOICE.away_share, 12);
    expect(shares[1]!).toBeGreaterThan(shares[2]!);
    expect(shares[2]!).toBeGreaterThan(shares[3]!);
    // Utilities: a neighbour's share ratio is e^(−β_t·Δt).
    expect(shares[1]! / shares[2]!).toBeCloseTo(
      Math.exp(DEFAULT_CHOICE.travel_per_min * (set.minutes[0]![2]! - set.minutes[0]![1]!)),
      9,
    );
  });

  it('moves citizens away from long waits: more leave a busy point, fewer go to a busy neighbour', () => {
    const set = choiceSet(line);
    const calm = choiceShares(set, 1, [0, 0, 0, 0, 0]);
    const busyHome = choiceShares(set, 1, [0, 30, 0, 0, 0]);
    const busyNext = choiceShares(set, 1, [30, 0, 0, 0, 0]);
    expect(busyHome[0]!).toBeLessThan(calm[0]!);
    const idx = set.alt[1]!.indexOf(0);
    expect(busyNext[idx]!).toBeLessThan(calm[idx]!);
    expect(busyNext[0]!).toBeGreaterThan(calm[0]!);
    // A closed alternative gets nobody; everything closed: nobody anywhere.
    const open = [1, 0, 1, 1, 1];
    const closed = choiceShares(set, 1, undefined, open);
    expect(closed[0]).toBe(0);
    expect(closed.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(choiceShares(set, 1, undefined, [0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0]);
  });

  it('expected wait is Erlang C’s mean wait C·AHT/(N − A) in each hour piece, capped when overloaded', () => {
    const seg = { a: [480], b: [540], w: [1] };
    // 8 citizens in one hour, 15 minutes each, 3 counters: A = 2 Erlangs.
    expect(expectedWaitMin(8, 15, 3, seg)).toBeCloseTo((erlangC(3, 2) * 15) / (3 - 2), 9);
    expect(expectedWaitMin(8, 15, 2, seg)).toBe(DEFAULT_CHOICE.max_wait_min);
    expect(expectedWaitMin(8, 15, 0, seg)).toBe(DEFAULT_CHOICE.max_wait_min);
    expect(expectedWaitMin(0, 15, 3, seg)).toBe(0);
    // Two pieces: arrival-weighted.
    const two = { a: [480, 540], b: [540, 600], w: [3, 1] };
    const w1 = (erlangC(3, 1.5) * 10) / 1.5;
    const w2 = (erlangC(3, 0.5) * 10) / 2.5;
    expect(expectedWaitMin(12, 10, 3, two)).toBeCloseTo(0.75 * w1 + 0.25 * w2, 9);
  });

  it('reads the away share from the register (in-person rows only)', () => {
    const rows = [
      { channel: 'in_person', receiving_point: 'A', competent_unit: 'A' },
      { channel: 'in_person', receiving_point: 'B', competent_unit: 'A' },
      { channel: 'in_person', receiving_point: 'B', competent_unit: 'B' },
      { channel: 'in_person', receiving_point: 'B', competent_unit: 'B' },
      { channel: 'online', receiving_point: 'C', competent_unit: 'B' },
    ];
    expect(awayShareFromRegister(rows)).toEqual({ overall: 0.25, byUnit: { A: 0.5, B: 0 } });
    expect(awayShareFromRegister(rows.slice(4))).toBeUndefined();
  });
});

describe('scenario edit `redirect` (one interpreter for simulations and plans)', () => {
  it('a share of A’s citizens files at B: dossiers conserved, the other channels untouched', () => {
    const base = smallCity(3, 60);
    const { setup, notes } = applyScenario(base, [{ kind: 'redirect', from: 'P1', to: 'P3', share: 0.4 }]);
    expect(notes).toEqual([]);
    const rows = setup.input.demand;
    expect(total(rows)).toBeCloseTo(total(base.input.demand), 9);
    for (const d of WEEK) expect(inPersonTotal(rows, d)).toBeCloseTo(inPersonTotal(base.input.demand, d), 9);
    const at = (rs: DemandRow[], p: string, c = 'in_person') =>
      rs.filter((r) => r.point === p && r.channel === c).reduce((s, r) => s + r.mean, 0);
    expect(at(rows, 'P1')).toBeCloseTo(0.6 * at(base.input.demand, 'P1'), 9);
    expect(at(rows, 'P3') - at(base.input.demand, 'P3')).toBeCloseTo(0.4 * at(base.input.demand, 'P1'), 9);
    expect(at(rows, 'P2')).toBeCloseTo(at(base.input.demand, 'P2'), 12);
    expect(at(rows, 'P1', 'online')).toBe(at(base.input.demand, 'P1', 'online'));
    // Rows keep their order (common random numbers): no row added, none removed.
    expect(rows.map((r) => `${r.point}|${r.date}|${r.channel}|${r.field}`)).toEqual(
      base.input.demand.map((r) => `${r.point}|${r.date}|${r.channel}|${r.field}`),
    );
    // Simulated: the same citizens arrive in the city (means conserved, within noise), more of them at P3.
    const run = simulate(base, [{ kind: 'redirect', from: 'P1', to: 'P3', share: 0.4 }], {
      replications: 40,
      seed: 3,
    });
    const city = run.comparison!.city.total.arrived;
    expect(city.beyond_noise).toBe(false);
    expect(Math.abs(city.difference!)).toBeLessThan(0.02 * city.base!);
    const p3 = run.comparison!.points.find((p) => p.point === 'P3')!.total.arrived;
    expect(p3.beyond_noise).toBe(true);
    expect(p3.difference!).toBeGreaterThan(0);
  });

  it('with published waits, citizens leave an understaffed point for its neighbours; totals equal', () => {
    const base = smallCity(4, 80);
    base.input.present.P2 = WEEK.map(() => 1); // one person at P2's counters: long expected waits
    const { setup } = applyScenario(base, [{ kind: 'redirect', published_waits: true }]);
    const rows = setup.input.demand;
    expect(total(rows)).toBeCloseTo(total(base.input.demand), 9);
    for (const d of WEEK) expect(inPersonTotal(rows, d)).toBeCloseTo(inPersonTotal(base.input.demand, d), 9);
    const at = (rs: DemandRow[], p: string) =>
      rs.filter((r) => r.point === p && r.channel === 'in_person').reduce((s, r) => s + r.mean, 0);
    expect(at(rows, 'P2')).toBeLessThan(0.8 * at(base.input.demand, 'P2'));
    expect(at(rows, 'P1') + at(rows, 'P3')).toBeGreaterThan(
      at(base.input.demand, 'P1') + at(base.input.demand, 'P3'),
    );
    for (const r of rows) expect(r.mean).toBeGreaterThanOrEqual(0);
    // Half the citizens aware: fewer move (the logit shares are mixed; gains are scaled to conserve dossiers).
    const half = applyScenario(base, [{ kind: 'redirect', published_waits: true, awareness: 0.5 }]).setup;
    const moved = at(base.input.demand, 'P2') - at(rows, 'P2');
    const movedHalf = at(base.input.demand, 'P2') - at(half.input.demand, 'P2');
    expect(movedHalf).toBeGreaterThan(0.3 * moved);
    expect(movedHalf).toBeLessThan(0.7 * moved);
    expect(total(half.input.demand)).toBeCloseTo(total(base.input.demand), 9);
  });

  it('refuses a redirect that is neither a share to a point nor published waits', () => {
    const base = smallCity(2, 20);
    const fields = (edits: unknown[]) => {
      try {
        applyScenario(base, edits);
      } catch (err) {
        return (err as { details: Array<{ field: string }> }).details.map((d) => d.field);
      }
      return [];
    };
    expect(fields([{ kind: 'redirect', from: 'P1', to: 'P2' }])).toEqual(['/0/share']);
    expect(fields([{ kind: 'redirect', published_waits: true, to: 'P2' }])).toEqual(['/0/to']);
    expect(fields([{ kind: 'redirect', from: 'P1', to: 'P1', share: 0.2 }])).toEqual(['/0/to']);
    expect(fields([{ kind: 'redirect', from: 'P1', to: 'P9', share: 0.2 }])).toEqual(['/0/to']);
  });

  it('in a plan’s world too: the forecast rows move, their total is conserved', () => {
    const f = weeklyPlanFixture();
    const world = {
      points: [...f.points],
      staff: [...f.staff],
      forecastRows: [...f.forecastRows],
      fields: f.models.fields,
      staffing: f.models.staffing,
      events: [],
      calendar: loadCalendarModel(),
    };
    const days = [...new Set(f.forecastRows.map((r) => r.date))];
    for (const edit of [
      { kind: 'redirect' as const, from: 'HK', to: 'CG', share: 0.5 },
      { kind: 'redirect' as const, published_waits: true },
    ]) {
      const { world: out, notes } = applyScenarioToPlan(world, [edit], days);
      expect(total(out.forecastRows)).toBeCloseTo(total(f.forecastRows), 9);
      expect(render(notes[0]!, 'en')).toMatch(/^#0 in-person citizens redirected/);
      const hk = (rs: typeof f.forecastRows) =>
        rs.filter((r) => r.point === 'HK' && r.channel === 'in_person').reduce((s, r) => s + r.mean, 0);
      // HK (3 staff, 140 citizens a day) is the busy one: both edits take citizens from it.
      expect(hk(out.forecastRows)).toBeLessThan(hk(f.forecastRows));
    }
    // The input is not modified.
    expect(total(f.forecastRows)).toBe(total(weeklyPlanFixture().forecastRows));
    expect(new WorkCalendar(loadCalendarModel()).isOpen(days[0]!, f.points[0]!.opening_hours)).toBe(true);
  });
});
