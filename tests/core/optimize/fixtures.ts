import { mulberry32 } from '../../../scripts/lib/mulberry32.ts';
import { parseProblem } from '../../../src/core/optimize/problem.ts';
import type { OptimizeProblem } from '../../../src/schemas/optimize.ts';

/**
 * A random small stage-1 instance. `tight`: the pooled processing sits near the staff left after counters,
 * so the optimum often lies at the pool's breakpoint (the case that needs branching).
 */
export function randomProblem(
  seed: number,
  opts: { tight?: boolean; minPoints?: number; maxPoints?: number } = {},
): OptimizeProblem {
  const r = mulberry32(seed);
  const lo = opts.minPoints ?? 3;
  const hi = opts.maxPoints ?? 8;
  const n = lo + Math.floor(r() * (hi - lo + 1));
  const days = ['2026-01-05', '2026-01-06', '2026-01-07'].slice(0, 1 + Math.floor(r() * 3));
  const points = Array.from({ length: n }, (_, i) => ({
    id: `P${i}`,
    lat: 21 + r() * 0.15,
    lon: 105.8 + r() * 0.15,
    min_staff: Math.floor(r() * 3),
  }));
  const available: Record<string, number[]> = {};
  const reception: Record<string, number[]> = {};
  const movable: Record<string, number[]> = {};
  for (const p of points) {
    available[p.id] = days.map(() => p.min_staff + Math.floor(r() * 6));
    reception[p.id] = days.map(() => Math.round(r() * 600) / 100);
    movable[p.id] = available[p.id]!.map((a) => (r() < 0.2 ? Math.floor(a / 2) : a));
  }
  const A = days.map((_, d) => points.reduce((s, p) => s + available[p.id]![d]!, 0));
  const R = days.map((_, d) => points.reduce((s, p) => s + reception[p.id]![d]!, 0));
  const processing = days.map((_, d) =>
    opts.tight
      ? Math.max(0, Math.round((A[d]! - R[d]! + (r() - 0.5) * 3) * 100) / 100)
      : Math.round(r() * A[d]! * 50) / 100,
  );
  const wr = 1 + Math.floor(r() * (opts.tight ? 6 : 100));
  const wv = Math.min(wr, Math.floor(r() * (opts.tight ? wr : 10)));
  return parseProblem({
    days,
    points,
    available,
    reception,
    processing,
    movable,
    travel: { speed_kmh: 25, detour: 1.3, max_minutes: 20 + r() * 30 },
    weights: {
      unmet_reception: wr,
      unmet_processing: wv,
      move: Math.round(r() * 300) / 100,
      travel_minute: Math.round(r() * 10) / 100,
    },
  });
}

/** Three points in central Hanoi: HK–BD 4.8 min, BD–CG 12.6 min, HK–CG 16.2 min at 25 km/h × 1.3. */
export function tinyProblem(over: Partial<OptimizeProblem> = {}): OptimizeProblem {
  return {
    days: ['2026-01-05'],
    points: [
      { id: 'HK', lat: 21.03, lon: 105.85, min_staff: 0 },
      { id: 'BD', lat: 21.038, lon: 105.838, min_staff: 0 },
      { id: 'CG', lat: 21.03, lon: 105.8, min_staff: 0 },
    ],
    available: { HK: [2], BD: [6], CG: [2] },
    reception: { HK: [4], BD: [2], CG: [2] },
    processing: [0],
    travel: { speed_kmh: 25, detour: 1.3, max_minutes: 45 },
    weights: { unmet_reception: 100, unmet_processing: 10, move: 1, travel_minute: 0.05 },
    ...over,
  };
}

/**
 * A random problem in the work model: each point-day gets counters by hour (slot values non-increasing in
 * (0, 1], their sum the reception) and local work; unmet_local between the other two weights.
 */
export function randomWorkProblem(
  seed: number,
  opts: { tight?: boolean; minPoints?: number; maxPoints?: number } = {},
): OptimizeProblem {
  const base = randomProblem(seed, opts);
  const r = mulberry32(seed * 7919 + 1);
  const slots: NonNullable<OptimizeProblem['counter_slots']> = {};
  const local: Record<string, number[]> = {};
  const reception: Record<string, number[]> = {};
  for (const pt of base.points) {
    slots[pt.id] = [];
    local[pt.id] = [];
    reception[pt.id] = [];
    base.days.forEach(() => {
      const k = Math.floor(r() * 6);
      const values = Array.from({ length: k }, () => Math.max(0.05, Math.round(r() * 100) / 100)).sort(
        (a, b) => b - a,
      );
      // Some whole counters (needed all day) to exercise the grouped arc.
      if (r() < 0.4 && values.length > 0) values[0] = 1;
      values.sort((a, b) => b - a);
      slots[pt.id]!.push(values.map((v, i) => ({ staff_days: v, hours: [8 + i] })));
      reception[pt.id]!.push(values.reduce((s, v) => s + v, 0));
      local[pt.id]!.push(r() < 0.3 ? 0 : Math.round(r() * 250) / 100);
    });
  }
  const wr = base.weights.unmet_reception;
  const wv = base.weights.unmet_processing;
  const A = base.days.map((_, d) => base.points.reduce((s, p) => s + base.available[p.id]![d]!, 0));
  const used = base.days.map((_, d) =>
    base.points.reduce((s, p) => s + reception[p.id]![d]! + local[p.id]![d]!, 0),
  );
  const processing = base.days.map((_, d) =>
    opts.tight
      ? Math.max(0, Math.round((A[d]! - used[d]! + (r() - 0.5) * 3) * 100) / 100)
      : base.processing[d]!,
  );
  return parseProblem({
    ...base,
    reception,
    processing,
    counter_slots: slots,
    local,
    weights: { ...base.weights, unmet_local: wv + Math.floor(r() * (wr - wv + 1)) },
  });
}
