import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../../src/core/optimize/problem.ts';
import { solveStage1 } from '../../../src/core/optimize/stage1.ts';
import {
  CounterTable,
  counterStaffDays,
  DEFAULT_FIELD_MIX,
  daySegments,
  prepareSimulation,
  problemToSetup,
  simulate,
} from '../../../src/core/simulate/index.ts';
import { maxLoadForAgents } from '../../../src/core/staffing/erlang-c.ts';
import { FIELDS } from '../../../src/schemas/domain.ts';
import type { OptimizeProblem } from '../../../src/schemas/optimize.ts';
import { models } from './fixtures.ts';

const DAYS = ['2026-01-05', '2026-01-06'];

/** Three points ~4.3 km apart in a row (0.03° of latitude), B short of counter staff on day 1. */
function problem(): OptimizeProblem {
  return {
    days: DAYS,
    points: [
      { id: 'A', lat: 21.0, lon: 105.8, min_staff: 1 },
      { id: 'B', lat: 21.03, lon: 105.8, min_staff: 1 },
      { id: 'C', lat: 21.06, lon: 105.8, min_staff: 1 },
    ],
    available: { A: [8, 8], B: [2, 2], C: [6, 6] },
    reception: { A: [2.2, 2], B: [4.5, 1], C: [1.5, 1.5] },
    processing: [10, 9],
    travel: { speed_kmh: 25, detour: 1.3, max_minutes: 45 },
    weights: { unmet_reception: 100, unmet_processing: 10, move: 1, travel_minute: 0.05 },
  };
}

describe('problemToSetup places staff by the stage-1 optimum', () => {
  it('present and moves are those of solveStage1 on the same file: B borrows on day 1, within the travel limit', () => {
    const p = problem();
    const stage1 = solveStage1(parseProblem(p));
    const { setup, moves, notes } = problemToSetup(p, models());
    expect(stage1.status).toBe('optimal');
    expect(setup.input.present).toEqual(stage1.present);
    expect(moves).toEqual(stage1.moves);
    expect(notes.join('\n')).toMatch(/stage-1 optimum \(optimal\)/);
    // Day 1: B needs 4.5 counter staff-days and has 2; a counter slot is worth more than a move.
    expect(setup.input.present.B![0]).toBe(5);
    expect(moves.filter((m) => m.day === DAYS[0]).reduce((s, m) => s + m.staff, 0)).toBe(3);
    for (const m of moves) expect(m.minutes).toBeLessThanOrEqual(45);
    // Day 2: no shortage, no move.
    expect(moves.filter((m) => m.day === DAYS[1])).toEqual([]);
    // Staff are conserved and donors keep their counters staffed.
    for (let d = 0; d < 2; d++) {
      const present = setup.input.present;
      expect(present.A![d]! + present.B![d]! + present.C![d]!).toBe(16);
      expect(present.A![d]!).toBeGreaterThanOrEqual(3);
    }
  });

  it('does not move beyond max_minutes', () => {
    const p = problem();
    p.travel.max_minutes = 5;
    const { moves, setup } = problemToSetup(p, models());
    expect(moves).toEqual([]);
    expect(setup.input.present).toEqual(p.available);
  });

  it('with plan none, or when the minimum staffing is out of reach, everyone stays at home', () => {
    expect(problemToSetup(problem(), models(), { plan: 'none' }).setup.input.present).toEqual(
      problem().available,
    );
    const p = problem();
    p.points[1]!.min_staff = 15; // with A and C at their minimum of 1, B reaches 14 at most
    const { moves, setup, notes } = problemToSetup(p, models());
    expect(moves).toEqual([]);
    expect(setup.input.present).toEqual(p.available);
    expect(notes.join('\n')).toMatch(/stage 1 is infeasible.*2026-01-05 .*B/);
  });

  it('reads travel_minutes as optimize --problem does: a pair listed one way applies both ways', () => {
    const p = problem();
    p.travel.max_minutes = 5;
    p.travel_minutes = { B: { A: 3 } }; // only B→A listed: A→B is 3 minutes too
    const { moves } = problemToSetup(p, models());
    expect(moves.filter((m) => m.day === DAYS[0]).map((m) => [m.from, m.to, m.minutes])).toEqual([
      ['A', 'B', 3],
    ]);
  });
});

describe('problemToSetup', () => {
  it('turns counter staff-days back into citizens whose hour-by-hour Erlang C needs average to them', () => {
    const m = models();
    const { setup } = problemToSetup(problem(), m);
    const fm = m.fields.fields;
    const svc = FIELDS.reduce(
      (s, f) => s + DEFAULT_FIELD_MIX[f] * fm[f].standard_minutes.in_person.reception,
      0,
    );
    const table = new CounterTable(svc, 15, 0.8);
    const seg = daySegments(
      m.staffing.opening_hours.weekday as Array<[string, string]>,
      m.staffing.intraday_profile.weekday,
    );
    const got = setup.input.demand
      .filter((r) => r.point === 'B' && r.date === DAYS[0] && r.channel === 'in_person')
      .reduce((s, r) => s + r.mean, 0);
    expect(counterStaffDays(got, seg, table)).toBeCloseTo(4.5, 3);
    // Hand check of the continuous counters: n(L(3)) = 3 exactly, halfway to L(4) is 3.5.
    const l3 = maxLoadForAgents(3, svc, 15, 0.8);
    const l4 = maxLoadForAgents(4, svc, 15, 0.8);
    expect(table.counters(l3)).toBeCloseTo(3, 9);
    expect(table.counters((l3 + l4) / 2)).toBeCloseTo(3.5, 9);
  });

  it('the simulated counters on duty follow the reception staff-days (integer per hour, so a bit above)', () => {
    const { setup } = problemToSetup(problem(), models());
    const prep = prepareSimulation(setup);
    const problemB = problem().reception.B!;
    const b = setup.input.points.findIndex((p) => p.code === 'B');
    for (let d = 0; d < 2; d++) {
      const i = b * 2 + d;
      const staffDays = prep.dutyMinutes[i]! / prep.openMinutes[i]!;
      expect(staffDays).toBeGreaterThanOrEqual(Math.min(problemB[d]!, 5) - 1e-9);
      expect(staffDays).toBeLessThan(problemB[d]! + 1);
    }
  });

  it('puts the rest of the processing staff-days into online and postal dossiers', () => {
    const { setup } = problemToSetup(problem(), models());
    const online = setup.input.demand.filter((r) => r.channel === 'online').reduce((s, r) => s + r.mean, 0);
    const postal = setup.input.demand.filter((r) => r.channel === 'postal').reduce((s, r) => s + r.mean, 0);
    expect(online).toBeGreaterThan(0);
    expect(postal / (online + postal)).toBeCloseTo(1278 / (317199 + 1278), 4);
    // Simulated back-office work matches the problem's processing staff-days (±10%).
    const run = simulate(setup, undefined, { replications: 20, seed: 1 });
    const done = run.base.city.total.processing_done_min.mean!;
    const staffDay = 8 * 60 * (1 - 0.15);
    expect(done / ((10 + 9) * staffDay)).toBeGreaterThan(0.9);
    expect(done / ((10 + 9) * staffDay)).toBeLessThan(1.1);
  });

  it('rejects cross-reference errors with the JSON path', () => {
    const p = problem();
    p.available.Z = [1, 1];
    p.reception.A = [1];
    p.processing = [1];
    try {
      problemToSetup(p, models());
      expect.unreachable();
    } catch (err) {
      const fields = (err as { details: Array<{ field: string }> }).details.map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['/available/Z', '/reception/A', '/processing']));
    }
  });
});
