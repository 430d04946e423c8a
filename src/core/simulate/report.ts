import type { FigureName } from './engine.ts';
import type { SimulationRun } from './index.ts';
import type { Difference, Estimate } from './summary.ts';

/** Figures grouped the way planners read them: waits at the counters, back-office backlog, deadlines. */
export interface GroupedFigures<T> {
  wait: { mean_min: T; p90_min: T; probability: T; within_target: T; peak_queue: T };
  counter: { arrived: T; served: T; abandoned: T; waiting_at_close: T; turned_away: T; utilisation: T };
  backlog: { end: T; received: T; processing_capacity_min: T; processing_done_min: T };
  overdue: { total: T; pending: T; early: T; on_time: T; on_time_rate: T };
}

export function groupFigures<T>(f: Record<FigureName, T>): GroupedFigures<T> {
  return {
    wait: {
      mean_min: f.wait_mean_min,
      p90_min: f.wait_p90_min,
      probability: f.wait_probability,
      within_target: f.within_target,
      peak_queue: f.peak_queue,
    },
    counter: {
      arrived: f.arrived,
      served: f.served,
      abandoned: f.abandoned,
      waiting_at_close: f.waiting_at_close,
      turned_away: f.turned_away,
      utilisation: f.counter_utilisation,
    },
    backlog: {
      end: f.backlog,
      received: f.received,
      processing_capacity_min: f.processing_capacity_min,
      processing_done_min: f.processing_done_min,
    },
    overdue: {
      total: f.overdue,
      pending: f.overdue_pending,
      early: f.early,
      on_time: f.on_time,
      on_time_rate: f.on_time_rate,
    },
  };
}

/**
 * The JSON report of a run: `base` (and `scenario`, `difference`) with `wait`, `counter`, `backlog` and
 * `overdue` groups for the city, by day and by point. `detail` adds every point-day.
 */
export function simulationReport(run: SimulationRun, opts: { detail?: boolean } = {}) {
  const side = (s: NonNullable<SimulationRun['scenario']>) => ({
    city: {
      ...groupFigures<Estimate>(s.city.total),
      overdue_by_field: s.city.by_field,
    },
    by_day: s.days.map((date, d) => ({ date, ...groupFigures<Estimate>(s.city.days[d]!) })),
    points: s.points.map((p) => ({
      point: p.point,
      ...groupFigures<Estimate>(p.total),
      ...(opts.detail
        ? { by_day: p.days.map((f, d) => ({ date: s.days[d], ...groupFigures<Estimate>(f) })) }
        : {}),
    })),
    events_per_replication: s.events_per_replication,
    dossiers_per_replication: s.dossiers_per_replication,
    notes: s.notes,
  });
  const b = run.base;
  return {
    replications: b.replications,
    seed: b.seed,
    days: b.days,
    target: b.target,
    base: side(b),
    ...(run.scenario && run.comparison
      ? {
          scenario: {
            ...side(run.scenario),
            target: run.scenario.target,
            scenario_notes: run.scenario_notes ?? [],
          },
          difference: {
            city: {
              ...groupFigures<Difference>(run.comparison.city.total),
              overdue_by_field: run.comparison.city.by_field,
            },
            by_day: b.days.map((date, d) => ({
              date,
              ...groupFigures<Difference>(run.comparison!.city.days[d]!),
            })),
            points: run.comparison.points.map((p) => ({
              point: p.point,
              ...groupFigures<Difference>(p.total),
            })),
          },
        }
      : {}),
  };
}
