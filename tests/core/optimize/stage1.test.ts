import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { toMipLp } from '../../../scripts/lib/mip.ts';
import { render } from '../../../src/core/messages.ts';
import { evaluateMoves } from '../../../src/core/optimize/evaluate.ts';
import { parseProblem } from '../../../src/core/optimize/problem.ts';
import { solveStage1 } from '../../../src/core/optimize/stage1.ts';
import { haversineKm, travelMatrix } from '../../../src/core/optimize/travel.ts';
import { type OptimizeProblem, OptimizeResult } from '../../../src/schemas/optimize.ts';
import { schemaErrors } from '../../../src/schemas/validate.ts';
import { randomProblem, tinyProblem } from './fixtures.ts';
import { solveLp } from './highs.ts';

// biome-ignore lint/suspicious/noExplicitAny: malformed-input tests mutate fixtures freely
type Loose = any;

const solve = (p: OptimizeProblem, opts = {}) => solveStage1(parseProblem(p), opts);
const movesOf = (r: ReturnType<typeof solve>) => r.moves.map((m) => `${m.day} ${m.from}>${m.to} ${m.staff}`);

describe('travel', () => {
  it('haversine: Hanoi Opera House to Saigon Notre-Dame ≈ 1,138 km (great-circle, checked with an online calculator)', () => {
    expect(haversineKm(21.0245, 105.8575, 10.7798, 106.699)).toBeGreaterThan(1130);
    expect(haversineKm(21.0245, 105.8575, 10.7798, 106.699)).toBeLessThan(1145);
  });

  it('t = 60 · detour · km / speed; overrides apply both ways unless the reverse is listed', () => {
    const p = tinyProblem();
    const km = haversineKm(21.03, 105.85, 21.038, 105.838);
    const m = travelMatrix(p.points, p.travel, { HK: { BD: 30 }, CG: { BD: 7 }, BD: { CG: 9 } });
    expect(travelMatrix(p.points, p.travel).minutes[1]).toBeCloseTo((60 * 1.3 * km) / 25, 9);
    expect(m.minutes[0 * 3 + 1]).toBe(30);
    expect(m.minutes[1 * 3 + 0]).toBe(30);
    expect(m.minutes[2 * 3 + 1]).toBe(7);
    expect(m.minutes[1 * 3 + 2]).toBe(9);
  });
});

describe('stage 1: one constraint at a time (tiny fixture)', () => {
  it('moves spare staff to a point short of counter staff (nearest donor first)', () => {
    // HK needs 4 and has 2; BD has 4 spare 4.8 min away, CG none spare.
    const r = solve(tinyProblem());
    expect(r.status).toBe('optimal');
    expect(movesOf(r)).toEqual(['2026-01-05 BD>HK 2']);
    expect(r.present).toEqual({ HK: [4], BD: [4], CG: [2] });
    expect(r.objective).toBeCloseTo(2 * (1 + 0.05 * 4.775138444559239), 9);
  });

  it('never moves more than max_minutes', () => {
    // Only CG has spare staff, 16.2 min from HK.
    const base = tinyProblem({ available: { HK: [2], BD: [2], CG: [6] } });
    expect(movesOf(solve(base))).toEqual(['2026-01-05 CG>HK 2']);
    // At 15 min CG→HK is out of reach; the model may still swap through BD (CG→BD 12.6, BD→HK 4.8).
    const limited = solve({ ...base, travel: { ...base.travel, max_minutes: 15 } });
    expect(movesOf(limited).sort()).toEqual(['2026-01-05 BD>HK 2', '2026-01-05 CG>BD 2']);
    for (const m of limited.moves) expect(m.minutes).toBeLessThanOrEqual(15);
    // At 4 min nothing is in reach.
    const none = solve({ ...base, travel: { ...base.travel, max_minutes: 4 } });
    expect(none.moves).toEqual([]);
    expect(none.unmet_reception.HK).toEqual([2]);
  });

  it('travel_minutes overrides the formula (here: a blocked road makes BD↔HK 50 min)', () => {
    const r = solve(tinyProblem({ travel_minutes: { BD: { HK: 50 } } }));
    expect(movesOf(r).sort()).toEqual(['2026-01-05 BD>CG 2', '2026-01-05 CG>HK 2']);
  });

  it('moves no more staff than a point has available, nor more than its movable staff', () => {
    const p = tinyProblem({
      available: { HK: [0], BD: [3], CG: [0] },
      reception: { HK: [5], BD: [0], CG: [0] },
    });
    expect(movesOf(solve(p))).toEqual(['2026-01-05 BD>HK 3']);
    expect(movesOf(solve({ ...p, movable: { BD: [1] } }))).toEqual(['2026-01-05 BD>HK 1']);
  });

  it('keeps min_staff present even when it costs counter service elsewhere', () => {
    // CG must have 3 present but has 2 and no counter need; HK and BD are both short of counters.
    const p = tinyProblem({
      points: tinyProblem().points.map((pt) => (pt.id === 'CG' ? { ...pt, min_staff: 3 } : pt)),
      available: { HK: [2], BD: [3], CG: [2] },
      reception: { HK: [3], BD: [3], CG: [0] },
    });
    const r = solve(p);
    expect(r.present.CG).toEqual([3]);
    expect(movesOf(r)).toEqual(['2026-01-05 BD>CG 1']); // BD is nearer to CG than HK is
  });

  it('min_staff_by_day overrides the point minimum for one day', () => {
    const points = tinyProblem().points.map((pt) => (pt.id === 'CG' ? { ...pt, min_staff: 3 } : pt));
    const p = tinyProblem({
      points,
      available: { HK: [2], BD: [3], CG: [2] },
      reception: { HK: [3], BD: [3], CG: [0] },
    });
    const r = solve({ ...p, min_staff_by_day: { CG: [0] } });
    // Now one of CG's two staff goes to HK's counters; the other has nothing useful to move for.
    expect(r.present).toEqual({ HK: [3], BD: [3], CG: [1] });
  });

  it('serves reception only up to the need: no move when every point is covered', () => {
    const r = solve(tinyProblem({ reception: { HK: [2], BD: [1], CG: [2] } }));
    expect(r.moves).toEqual([]);
    expect(r.objective).toBe(0);
  });

  it('pools processing city-wide: surplus anywhere counts, so nobody moves for processing', () => {
    const r = solve(tinyProblem({ reception: { HK: [2], BD: [0], CG: [2] }, processing: [7] }));
    expect(r.moves).toEqual([]);
    expect(r.unmet_processing).toEqual([1]); // 6 surplus at BD for 7 staff-days of work
    expect(r.objective).toBe(10);
  });

  it('trades counters against processing by their weights', () => {
    // Moving BD staff to HK serves counters (100 each) but takes them off the pool (10 each).
    const p = tinyProblem({ processing: [4] });
    const r = solve(p);
    expect(movesOf(r)).toEqual(['2026-01-05 BD>HK 2']);
    expect(r.unmet_processing).toEqual([2]);
    const equal = solve({ ...p, weights: { ...p.weights, unmet_reception: 10 } });
    expect(equal.moves).toEqual([]); // a move costs more than it saves when both weigh 10
  });

  it('moves for a fractional need only when the fraction is worth the move', () => {
    const p = tinyProblem({ reception: { HK: [2.3], BD: [0], CG: [2] } });
    expect(movesOf(solve(p))).toEqual(['2026-01-05 BD>HK 1']); // 0.3 × 100 > 1.24
    const cheap = solve({ ...p, weights: { ...p.weights, unmet_reception: 4, unmet_processing: 0 } });
    expect(cheap.moves).toEqual([]); // 0.3 × 4 < 1.24
  });

  it('solves each day on its own data', () => {
    const p = tinyProblem({
      days: ['2026-01-05', '2026-01-06'],
      available: { HK: [2, 4], BD: [6, 6], CG: [2, 2] },
      reception: { HK: [4, 4], BD: [2, 2], CG: [2, 2] },
      processing: [0, 0],
    });
    expect(movesOf(solve(p))).toEqual(['2026-01-05 BD>HK 2']);
  });
});

describe('stage 1: answers are checked', () => {
  it('the independent evaluation catches invalid plans', () => {
    const p = parseProblem(tinyProblem({ travel: { speed_kmh: 25, detour: 1.3, max_minutes: 10 } }));
    const ev = evaluateMoves(p, [
      { day: '2026-01-05', from: 'HK', to: 'BD', staff: 3 }, // HK has 2
      { day: '2026-01-05', from: 'CG', to: 'HK', staff: 1 }, // 16.2 min > 10
      { day: '2026-01-09', from: 'CG', to: 'HK', staff: 1 }, // not a planning day
    ]);
    expect(ev.violations).toHaveLength(3);
    expect(ev.violations.join('\n')).toMatch(/HK on 2026-01-05: 3 moved away, only 2 movable/);
    expect(ev.violations.join('\n')).toMatch(/16\.2 min exceeds 10/);
  });

  it('the result matches its published schema (OptimizeResult) and explains each move', () => {
    const r = solve(tinyProblem());
    expect(schemaErrors(OptimizeResult, r)).toEqual([]);
    expect(
      r.explanation.some((l) => render(l, 'en').includes('HK lacks 2.0 counter staff on Monday 2026-01-05')),
    ).toBe(true);
    const inf = solve(tinyProblem({ points: tinyProblem().points.map((x) => ({ ...x, min_staff: 9 })) }));
    expect(schemaErrors(OptimizeResult, inf)).toEqual([]);
  });

  it('the objective recomputed from the moves equals the objective; staff are conserved', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const p = randomProblem(seed);
      const r = solveStage1(p);
      if (r.status === 'infeasible') continue;
      const ev = evaluateMoves(p, r.moves);
      expect(ev.violations).toEqual([]);
      expect(ev.objective).toBeCloseTo(r.objective!, 9);
      p.days.forEach((_, d) => {
        const before = p.points.reduce((s, pt) => s + p.available[pt.id]![d]!, 0);
        const after = p.points.reduce((s, pt) => s + r.present[pt.id]![d]!, 0);
        expect(after).toBe(before);
      });
    }
  });

  it('matches HiGHS (independent MIP) on 20 random instances, half at the pool breakpoint', async () => {
    let branched = 0;
    let compared = 0;
    for (let seed = 150; seed < 170; seed++) {
      const p = randomProblem(seed, { tight: seed % 2 === 0 });
      const r = solveStage1(p);
      const { lp, constant } = toMipLp(p);
      const ref = await solveLp(lp);
      if (ref.status === 'Infeasible') {
        expect(r.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(ref.status, `seed ${seed}`).toBe('Optimal');
      expect(r.status, `seed ${seed}`).toBe('optimal');
      const refObjective = ref.objective + constant;
      expect(Math.abs(r.objective! - refObjective), `seed ${seed}`).toBeLessThan(
        1e-5 * Math.max(1, refObjective),
      );
      expect(r.bound!, `seed ${seed}`).toBeLessThanOrEqual(refObjective + 1e-5 * Math.max(1, refObjective));
      branched += r.stats.branch_nodes;
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
    expect(branched).toBeGreaterThan(0); // the branch-and-bound path was exercised
  });

  it('with no branching allowed, a breakpoint instance is "feasible" with an honest bound', async () => {
    let seen = 0;
    for (let seed = 1; seed <= 400 && seen < 3; seed++) {
      const p = randomProblem(seed, { tight: true, minPoints: 8, maxPoints: 16 });
      const full = solveStage1(p);
      if (full.stats.branch_nodes === 0) continue;
      const cut = solveStage1(p, { maxBranchNodes: 0 });
      if (cut.status === 'optimal') continue;
      seen++;
      expect(cut.status).toBe('feasible');
      expect(cut.gap!).toBeGreaterThan(0);
      expect(cut.bound!).toBeLessThanOrEqual(full.objective! + 1e-9);
      expect(cut.objective!).toBeGreaterThanOrEqual(full.objective! - 1e-9);
    }
    expect(seen).toBeGreaterThan(0);
  });

  test.prop([fc.integer({ min: 1, max: 10_000 })], { numRuns: 25 })(
    'a plan never uses more staff than exist',
    (seed) => {
      const p = randomProblem(seed);
      const r = solveStage1(p);
      if (r.status === 'infeasible') return;
      for (const m of r.moves)
        expect(m.staff).toBeLessThanOrEqual(p.movable?.[m.from]?.[p.days.indexOf(m.day)] ?? 1e9);
      p.days.forEach((_, d) => {
        const out = new Map<string, number>();
        for (const m of r.moves.filter((x) => x.day === p.days[d]))
          out.set(m.from, (out.get(m.from) ?? 0) + m.staff);
        for (const [id, o] of out) expect(o).toBeLessThanOrEqual(p.available[id]![d]!);
      });
    },
  );
});

describe('stage 1: infeasible and malformed input', () => {
  it('reports min_staff beyond reach with the points and days, and no plan', () => {
    const points = tinyProblem().points.map((pt) => ({ ...pt, min_staff: pt.id === 'BD' ? 0 : 3 }));
    const p = tinyProblem({
      days: ['2026-01-05', '2026-01-06'],
      points,
      available: { HK: [2, 3], BD: [1, 1], CG: [2, 3] },
      reception: { HK: [0, 0], BD: [0, 0], CG: [0, 0] },
      processing: [0, 0],
    });
    const r = solve(p);
    expect(r.status).toBe('infeasible');
    expect(r.moves).toEqual([]);
    expect(r.violated).toHaveLength(1);
    expect(r.violated![0]).toMatchObject({ day: '2026-01-05', min_staff: 6, reachable: 5 });
    expect(r.violated![0]!.points.sort()).toEqual(['CG', 'HK']);
    expect(render(r.explanation[0]!, 'en')).toMatch(/Monday 2026-01-05.*HK.*CG|Monday 2026-01-05.*CG.*HK/);
  });

  it('a far point cannot borrow staff: the violation names it alone', () => {
    const p = tinyProblem({
      points: [...tinyProblem().points, { id: 'SS', lat: 21.2, lon: 105.7, min_staff: 2 }],
      available: { HK: [2], BD: [6], CG: [2], SS: [1] },
      reception: { HK: [0], BD: [0], CG: [0], SS: [0] },
    });
    const r = solve(p);
    expect(r.status).toBe('infeasible');
    expect(r.violated![0]).toMatchObject({
      points: ['SS'],
      short_points: ['SS'],
      min_staff: 2,
      reachable: 1,
    });
  });

  const bad = (mutate: (p: Record<string, unknown>) => void) => {
    const p = structuredClone(tinyProblem()) as unknown as Record<string, unknown>;
    mutate(p);
    try {
      parseProblem(p);
    } catch (e) {
      return e as { code: string; message: string; details: Array<{ field: string }> };
    }
    throw new Error('accepted');
  };

  it.each([
    ['unknown id', (p: Loose) => (p.available.XX = [1]), '/available/XX'],
    ['missing point', (p: Loose) => delete p.reception.CG, '/reception/CG'],
    ['wrong length', (p: Loose) => (p.available.HK = [1, 2]), '/available/HK'],
    ['processing length', (p: Loose) => (p.processing = []), '/processing'],
    ['negative', (p: Loose) => (p.reception.BD = [-1]), '/reception/BD/0'],
    ['fractional staff', (p: Loose) => (p.available.BD = [2.5]), '/available/BD/0'],
    ['NaN', (p: Loose) => (p.processing = [Number.NaN]), '/processing/0'],
    ['duplicate id', (p: Loose) => (p.points[1].id = 'HK'), '/points/1/id'],
    [
      'duplicate day',
      (p: Loose) => {
        p.days = ['2026-01-05', '2026-01-05'];
      },
      '/days/1',
    ],
    ['extra key', (p: Loose) => (p.weights.speed = 3), '/weights/speed'],
    ['bad travel', (p: Loose) => (p.travel.speed_kmh = 0), '/travel/speed_kmh'],
    ['unknown travel pair', (p: Loose) => (p.travel_minutes = { HK: { ZZ: 3 } }), '/travel_minutes/HK/ZZ'],
    ['movable > available', (p: Loose) => (p.movable = { HK: [5] }), '/movable/HK/0'],
    ['weights order', (p: Loose) => (p.weights.unmet_processing = 500), '/weights/unmet_processing'],
  ])('rejects %s naming the JSON path', (_name, mutate, path) => {
    const e = bad(mutate as (p: Record<string, unknown>) => void);
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.details.map((d) => d.field)).toContain(path);
    expect(e.message).toContain(path.split('/')[1]);
  });
});
