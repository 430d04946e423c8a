import { describe, expect, it } from 'vitest';
import { hanoiInstance, randomInstance, wholeQuarterMip } from '../../../scripts/lib/roadmap-instance.ts';
import { tradeoffCurve } from '../../../src/core/establishment/curve.ts';
import { checkMip, type Mip, solveWithJsLpSolver, toLpText } from '../../../src/core/establishment/mip.ts';
import {
  buildRoadmap,
  type EstablishmentInput,
  type Roadmap,
} from '../../../src/core/establishment/roadmap.ts';
import { travelMinutesFormula } from '../../../src/core/optimize/travel.ts';
import { solveLp } from '../optimize/highs.ts';

/** Every rule checked person by person on the transfers, and each quarter's objective recomputed from them. */
function verifyRoadmap(input: EstablishmentInput, roadmap: Roadmap) {
  const { rules, points } = input;
  const byId = new Map(input.staff.map((s) => [s.id, s]));
  const byCode = new Map(points.map((p) => [p.code, p]));
  const at = new Map(input.staff.filter((s) => s.active).map((s) => [s.id, s.home_point]));
  const moved = new Set<string>();
  roadmap.quarters.forEach((q, qi) => {
    expect(q.transfers.length).toBeLessThanOrEqual(rules.max_transfers_per_quarter);
    const touch = new Map<string, number>();
    const headBefore = new Map<string, number>();
    for (const p of at.values()) headBefore.set(p, (headBefore.get(p) ?? 0) + 1);
    let travelCost = 0;
    for (const t of q.transfers) {
      const s = byId.get(t.staff_id)!;
      expect(s.role).toBe('staff');
      expect(s.active).toBe(true);
      expect(rules.protected_staff).not.toContain(s.id);
      expect(s.fte).toBeGreaterThanOrEqual(rules.min_fte_to_transfer);
      expect(moved.has(s.id)).toBe(false);
      expect(at.get(s.id)).toBe(t.from);
      const minutes = travelMinutesFormula(
        byCode.get(s.home_commune ?? s.home_point)!,
        byCode.get(t.to)!,
        input.travel,
      );
      expect(minutes).toBeLessThanOrEqual(rules.max_travel_minutes + 1e-9);
      if (rules.within_branch) expect(byCode.get(t.to)!.branch).toBe(byCode.get(t.from)!.branch);
      moved.add(s.id);
      at.set(s.id, t.to);
      touch.set(t.from, (touch.get(t.from) ?? 0) + 1);
      touch.set(t.to, (touch.get(t.to) ?? 0) + 1);
      travelCost += rules.weights.travel_minute * minutes;
    }
    for (const n of touch.values()) expect(n).toBeLessThanOrEqual(rules.max_transfers_per_point);
    const headAfter = new Map<string, number>();
    const hours = new Map<string, number>();
    for (const [id, p] of at) {
      headAfter.set(p, (headAfter.get(p) ?? 0) + 1);
      hours.set(p, (hours.get(p) ?? 0) + byId.get(id)!.fte * rules.productive_hours_per_day);
    }
    for (const p of points) {
      const before = headBefore.get(p.code) ?? 0;
      const after = headAfter.get(p.code) ?? 0;
      expect(after).toBeGreaterThanOrEqual(Math.min(before, p.min_staff));
    }
    const need = new Map<string, number>();
    for (const w of input.workload)
      if (w.quarter === qi) need.set(w.point, (need.get(w.point) ?? 0) + w.staff_hours_per_day);
    const deficit = points.reduce(
      (s, p) => s + Math.max(0, (need.get(p.code) ?? 0) - (hours.get(p.code) ?? 0)),
      0,
    );
    expect(q.deficit_after).toBeCloseTo(deficit, 4);
    const objective =
      rules.weights.deficit_hour * deficit + rules.weights.transfer * q.transfers.length + travelCost;
    expect(q.objective).toBeCloseTo(objective, 4);
  });
}

async function compareWithHighs(input: EstablishmentInput, roadmap: Roadmap) {
  for (let q = 0; q < roadmap.quarters.length; q++) {
    const mine = roadmap.quarters[q]!;
    const h = await solveLp(toLpText(wholeQuarterMip(input, roadmap, q)));
    expect(h.status).toBe('Optimal');
    if (mine.status === 'optimal') expect(mine.objective).toBeCloseTo(h.objective, 5);
    else expect(mine.objective).toBeGreaterThanOrEqual(h.objective - 1e-6);
  }
}

describe('establishment MIP checks', () => {
  const mip: Mip = {
    vars: [
      { name: 'x', cost: 1, integer: true },
      { name: 'y', cost: 2, integer: false },
    ],
    rows: [
      {
        name: 'r',
        terms: [
          [0, 1],
          [1, 1],
        ],
        lo: 1.5,
        hi: 4,
      },
    ],
    constant: 0,
  };
  it('flags a fractional integer and a violated row, and recomputes the objective', () => {
    const frac = checkMip(mip, [0.5, 1]);
    expect(frac.ok).toBe(false);
    expect(frac.violations.some((v) => v.includes('not integral'))).toBe(true);
    const low = checkMip(mip, [1, 0]);
    expect(low.ok).toBe(false);
    expect(low.violations[0]).toContain('r:');
    const good = checkMip(mip, [1, 0.5]);
    expect(good.ok).toBe(true);
    expect(good.objective).toBe(2);
  });
  it('javascript-lp-solver and HiGHS agree on a tiny MIP', async () => {
    const js = solveWithJsLpSolver(mip);
    const c = checkMip(mip, js.values);
    expect(c.ok).toBe(true);
    const h = await solveLp(toLpText(mip));
    expect(c.objective).toBeCloseTo(h.objective, 5);
  });
});

describe('establishment roadmap', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'random instance %i: rules hold and the objective equals HiGHS’s',
    async (seed) => {
      const input = randomInstance(seed, { points: 14, branches: seed % 2 ? 1 : 3, quarters: 2 });
      const roadmap = buildRoadmap(input);
      verifyRoadmap(input, roadmap);
      await compareWithHighs(input, roadmap);
      expect(roadmap.quarters.some((q) => q.transfers.length > 0)).toBe(true);
    },
  );

  it('with a tight city-wide N, the knapsack over branches still matches HiGHS on the whole city', async () => {
    const input = randomInstance(11, {
      points: 16,
      branches: 4,
      quarters: 2,
      rules: { max_transfers_per_quarter: 2 },
    });
    const roadmap = buildRoadmap(input);
    expect(roadmap.quarters[0]!.knapsack).toBe(true);
    verifyRoadmap(input, roadmap);
    await compareWithHighs(input, roadmap);
  });

  it('protected people and point leads never move; no transfer is allowed when N = 0', () => {
    const input = randomInstance(7, { points: 10, branches: 1, quarters: 1 });
    const first = buildRoadmap(input);
    const moved = first.quarters[0]!.transfers.map((t) => t.staff_id);
    expect(moved.length).toBeGreaterThan(0);
    const guarded = buildRoadmap({ ...input, rules: { ...input.rules, protected_staff: moved } });
    for (const t of guarded.quarters[0]!.transfers) expect(moved).not.toContain(t.staff_id);
    verifyRoadmap({ ...input, rules: { ...input.rules, protected_staff: moved } }, guarded);
    const none = buildRoadmap({ ...input, rules: { ...input.rules, max_transfers_per_quarter: 0 } });
    expect(none.quarters[0]!.transfers).toEqual([]);
    expect(none.quarters[0]!.deficit_after).toBe(none.quarters[0]!.deficit_before);
  });

  it('a piece larger than max_mip_variables is reported too large, not solved without proof', () => {
    const input = randomInstance(3, {
      points: 12,
      branches: 1,
      quarters: 1,
      rules: { max_mip_variables: 5 },
    });
    const r = buildRoadmap(input);
    expect(r.status).toBe('too_large');
    expect(r.quarters[0]!.transfers).toEqual([]);
  });

  it('Hanoi (126 points, ~1,500 staff, 4 quarters): proven optimal, rules hold, equal to HiGHS', async () => {
    const { input } = hanoiInstance(4);
    const roadmap = buildRoadmap(input);
    expect(roadmap.status).toBe('optimal');
    verifyRoadmap(input, roadmap);
    await compareWithHighs(input, roadmap);
    // Transfers reduce the imbalance: every quarter ends below the staff "as they were".
    for (const q of roadmap.quarters) expect(q.deficit_after).toBeLessThan(q.deficit_as_they_were);
  }, 120_000);

  it('the trade-off curve never rises as more transfers are allowed', () => {
    const input = randomInstance(5, { points: 14, branches: 2, quarters: 2 });
    const curve = tradeoffCurve(input);
    for (let i = 1; i < curve.length; i++)
      expect(curve[i]!.residual_deficit).toBeLessThanOrEqual(curve[i - 1]!.residual_deficit + 1e-6);
    expect(curve[0]!.residual_deficit).toBeLessThanOrEqual(curve[0]!.deficit_without);
  });
});
