import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toMipLp } from '../../../scripts/lib/mip.ts';
import { evaluateMoves } from '../../../src/core/optimize/evaluate.ts';
import { parseProblem, servedAt, slotValues } from '../../../src/core/optimize/problem.ts';
import { solveStage1 } from '../../../src/core/optimize/stage1.ts';
import type { OptimizeProblem } from '../../../src/schemas/optimize.ts';
import { randomWorkProblem, tinyProblem } from './fixtures.ts';
import { solveLp } from './highs.ts';

// biome-ignore lint/suspicious/noExplicitAny: malformed-input tests mutate fixtures freely
type Loose = any;

const example = () =>
  parseProblem(
    JSON.parse(readFileSync(new URL('../../../docs/examples/stage1-problem.json', import.meta.url), 'utf8')),
  );

describe('stage 1 on the work model', () => {
  it("a problem file of today's form reads with defaults (all work local to the point, counters by day) and keeps its optimum", () => {
    const p = example();
    const r = solveStage1(p);
    // The optimum of docs/examples/stage1-problem.json before the work model (main at 986df06).
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(9.748574194209063, 9);
    expect(r.moves.map((m) => `${m.day} ${m.from}>${m.to} ${m.staff}`)).toEqual([
      '2026-01-05 BD>HK 4',
      '2026-01-06 BD>CG 2',
    ]);
    // The same problem written out in the work model's terms gives the same optimum.
    const slots: NonNullable<OptimizeProblem['counter_slots']> = {};
    const local: Record<string, number[]> = {};
    for (const pt of p.points) {
      slots[pt.id] = p.days.map((_, d) => slotValues(p, pt.id, d).map((v) => ({ staff_days: v, hours: [] })));
      local[pt.id] = p.days.map(() => 0);
    }
    const explicit = solveStage1(parseProblem({ ...p, counter_slots: slots, local }));
    expect(explicit.objective).toBeCloseTo(r.objective!, 9);
    expect(explicit.moves).toEqual(r.moves);
  });

  it('servedAt: the k-th person staffs the k-th counter, the rest of the day does local work, then the pool', () => {
    expect(servedAt([1, 0.5], 0.3, 2)).toEqual({ counter: 1.5, local: 0.3, surplus: 0.2 });
    expect(servedAt([1, 0.5], 0.8, 2)).toEqual({ counter: 1.5, local: 0.5, surplus: 0 });
    expect(servedAt([1, 0.5, 0.25], 0, 1)).toEqual({ counter: 1, local: 0, surplus: 0 });
    expect(servedAt([], 1, 3)).toEqual({ counter: 0, local: 1, surplus: 2 });
  });

  it('a peak that needs more counters than staff present: stage 1 moves staff in for that counter', () => {
    // HK needs 3 counters at 9h (its 3rd counter 0.2 of a day); 2 present. BD has spare people 4.8 min away.
    const p = parseProblem(
      tinyProblem({
        available: { HK: [2], BD: [5], CG: [2] },
        reception: { HK: [2.2], BD: [1], CG: [1] },
        counter_slots: {
          HK: [
            [
              { staff_days: 1, hours: [8, 9, 10, 11, 13, 14, 15, 16] },
              { staff_days: 1, hours: [8, 9, 10, 11, 13, 14, 15, 16] },
              { staff_days: 0.2, hours: [9] },
            ],
          ],
          BD: [[{ staff_days: 1, hours: [8, 9, 10, 11, 13, 14, 15, 16] }]],
          CG: [[{ staff_days: 1, hours: [8, 9, 10, 11, 13, 14, 15, 16] }]],
        },
        local: { HK: [0], BD: [0.5], CG: [0] },
        weights: {
          unmet_reception: 100,
          unmet_processing: 10,
          unmet_local: 30,
          move: 1,
          travel_minute: 0.05,
        },
      }),
    );
    const r = solveStage1(p);
    expect(r.status).toBe('optimal');
    expect(r.moves.map((m) => `${m.from}>${m.to} ${m.staff}`)).toEqual(['BD>HK 1']);
    expect(r.unmet_reception.HK![0]).toBeCloseTo(0, 12);
    expect(r.unmet_local!.BD![0]).toBeCloseTo(0, 12);
  });

  it('local work stays at its point: a point whose own work exceeds its staff draws staff, not the pool', () => {
    const p = parseProblem(
      tinyProblem({
        available: { HK: [1], BD: [4], CG: [2] },
        reception: { HK: [0], BD: [0], CG: [0] },
        local: { HK: [2], BD: [0], CG: [0] },
        processing: [0],
        weights: {
          unmet_reception: 100,
          unmet_processing: 10,
          unmet_local: 30,
          move: 1,
          travel_minute: 0.05,
        },
      }),
    );
    const r = solveStage1(p);
    expect(r.moves.map((m) => `${m.from}>${m.to} ${m.staff}`)).toEqual(['BD>HK 1']);
    expect(evaluateMoves(p, r.moves).unmet_local.HK).toEqual([0]);
  });

  it('refuses counter slots that do not add up to the reception, rise, or a local weight out of order', () => {
    const bad: Loose = tinyProblem({
      counter_slots: {
        HK: [
          [
            { staff_days: 0.5, hours: [9] },
            { staff_days: 0.8, hours: [9] },
          ],
        ],
      },
      weights: { unmet_reception: 100, unmet_processing: 10, unmet_local: 200, move: 1, travel_minute: 0 },
    });
    try {
      parseProblem(bad);
      throw new Error('expected a refusal');
    } catch (err) {
      const fields = (err as { details: Array<{ field: string }> }).details.map((d) => d.field);
      expect(fields).toEqual([
        '/counter_slots/HK/0',
        '/counter_slots/HK/0/1/staff_days',
        '/weights/unmet_local',
      ]);
    }
  });

  it('matches HiGHS (independent MIP) on 24 random work-model instances, half at the pool breakpoint', async () => {
    let compared = 0;
    for (let seed = 300; seed < 324; seed++) {
      const p = randomWorkProblem(seed, { tight: seed % 2 === 0 });
      const r = solveStage1(p);
      const { lp, constant } = toMipLp(p);
      const ref = await solveLp(lp);
      if (ref.status === 'Infeasible') {
        expect(r.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(r.status, `seed ${seed}`).toBe('optimal');
      const refObjective = ref.objective + constant;
      expect(Math.abs(r.objective! - refObjective), `seed ${seed}`).toBeLessThan(
        1e-5 * Math.max(1, refObjective),
      );
      expect(r.bound!, `seed ${seed}`).toBeLessThanOrEqual(refObjective + 1e-5 * Math.max(1, refObjective));
      const ev = evaluateMoves(p, r.moves);
      expect(ev.violations).toEqual([]);
      expect(ev.objective).toBeCloseTo(r.objective!, 9);
      compared++;
    }
    expect(compared).toBeGreaterThan(18);
  });
});
