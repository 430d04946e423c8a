import { diffRosterMoves, type MovesDiff } from '../core/optimize/plan-diff.ts';
import type { WeeklyPlan } from '../core/optimize/weekly-plan.ts';
import type { StoredPlan } from '../store/plans-repo.ts';

export interface PlanDiff {
  a: string;
  b: string;
  kpis: Record<string, { a: number | null; b: number | null; delta: number | null }>;
  /** staff present per point and day where the plans differ */
  present: Array<{ point: string; day: string; a: number; b: number }>;
  /** the named moves of b against a, person by person and day by day (core/optimize/plan-diff.ts) */
  moves: MovesDiff;
  /** `moves.removed.length`: moves of a whose person b does not move that day */
  moves_only_in_a: number;
  /** `moves.added.length`: moves of b whose person a does not move that day */
  moves_only_in_b: number;
  /** `moves.changed.length`: the same person and day, another destination, origin or minutes */
  moves_changed: number;
}

/** What changes between two plans: KPIs, staff present per point and day, moves added, removed or changed. */
export function diffStoredPlans(a: StoredPlan, b: StoredPlan): PlanDiff {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const flat = (k: WeeklyPlan['kpis']) => ({
    service_level_after: k.service_level.after,
    unmet_reception_hours: k.unmet_hours.reception_after,
    unmet_processing_hours: k.unmet_hours.processing_after,
    moves: k.moves,
    people_moved: k.people_moved,
    travel_minutes: k.travel_minutes,
    objective: k.objective,
  });
  const ka = flat(a.kpis) as Record<string, unknown>;
  const kb = flat(b.kpis) as Record<string, unknown>;
  const kpis: PlanDiff['kpis'] = {};
  for (const k of Object.keys(ka)) {
    const va = num(ka[k]);
    const vb = num(kb[k]);
    kpis[k] = { a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
  }
  const present: PlanDiff['present'] = [];
  const pa = a.result.stage1.present ?? {};
  const pb = b.result.stage1.present ?? {};
  const daysA = a.result.days;
  for (const point of new Set([...Object.keys(pa), ...Object.keys(pb)]))
    daysA.forEach((day, i) => {
      const va = pa[point]?.[i] ?? 0;
      const j = b.result.days.indexOf(day);
      const vb = j >= 0 ? (pb[point]?.[j] ?? 0) : 0;
      if (va !== vb) present.push({ point, day, a: va, b: vb });
    });
  const moves = diffRosterMoves(a.result.roster.moves, b.result.roster.moves);
  return {
    a: a.id,
    b: b.id,
    kpis,
    present,
    moves,
    moves_only_in_a: moves.removed.length,
    moves_only_in_b: moves.added.length,
    moves_changed: moves.changed.length,
  };
}
