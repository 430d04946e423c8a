import type { Config } from '../config.ts';
import { DomainError } from '../core/errors.ts';
import { dispersionFromBand } from '../core/forecast/distribution.ts';
import { msg } from '../core/messages.ts';
import type { SimulationSetup } from '../core/simulate/index.ts';
import { simulationReport } from '../core/simulate/report.ts';
import { specialistMinutesFromStaff } from '../core/simulate/work.ts';
import { listLocalEvents } from '../store/calendar-repo.ts';
import type { Db } from '../store/db.ts';
import { listPoints } from '../store/points-repo.ts';
import { staffOn } from '../store/roadmaps-repo.ts';
import { loadForecastRows } from './forecast-run.ts';
import type { Progress } from './progress.ts';
import { loadSimulationModels, simulatePlan } from './simulate-plan.ts';
import { getPlan, planOfWeek } from './weekly-plan.ts';

/**
 * The simulation setup of a stored plan (by id, or the week's approved/latest draft): staff present per point
 * and day after its moves, and the forecast distribution (mean and dispersion) of its days from the plan's run.
 */
export async function storedPlanSetup(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  ref: { week?: string; plan?: string },
): Promise<SimulationSetup & { planId: string }> {
  const plan = ref.plan ? await getPlan(db, ref.plan) : ref.week ? await planOfWeek(db, ref.week) : undefined;
  if (!plan)
    throw new DomainError('INPUT_INVALID', msg('simulation.plan_or_week'), [
      { field: 'plan', reason: msg('api.missing') },
    ]);
  if (!plan.forecast_run_id)
    throw new DomainError('NOT_FOUND', msg('simulation.no_forecast_run', { id: plan.id }));
  const days = plan.result.days;
  const points = await listPoints(db);
  const present = plan.result.stage1.present ?? plan.result.problem.available;
  const demand = (await loadForecastRows(db, plan.forecast_run_id, days)).map((r) => ({
    point: r.point,
    date: r.date,
    channel: r.channel,
    field: r.field,
    mean: r.mean,
    // The forecast's own count distribution, NB(mean, d), drawn as a gamma-mixed Poisson. Not a draw through
    // the integer p10/p50/p90: at low counts those bands sit below the mean (Poisson(0.5) has p10–p90 [0, 1],
    // median 0), and a draw through them gave 62% of the mean at 0.5 a day and nothing at 0.2.
    ...(r.quantiles?.p10 !== undefined && r.quantiles?.p90 !== undefined
      ? { cv: Math.sqrt(dispersionFromBand(r.mean, r.quantiles.p10, r.quantiles.p90)) }
      : {}),
  }));
  const events = await listLocalEvents(db, { closedOnly: true });
  const closures = events
    .filter((e) => days.includes(e.date))
    .map((e) => ({ date: e.date, name: e.name, ...(e.points ? { points: e.points } : {}) }));
  const models = loadSimulationModels(config.MODELS_DIR);
  // Specialists are never moved: their capacity per competent unit and field comes from the staff list.
  const specialists = specialistMinutesFromStaff(await staffOn(db, plan.week), models.staffing);
  return {
    planId: plan.id,
    input: {
      days,
      points: points
        .filter((p) => present[p.code])
        .map((p) => ({
          code: p.code,
          branch: p.branch,
          counters: p.counters,
          opening_hours: p.opening_hours,
          lat: p.lat,
          lon: p.lon,
        })),
      present,
      demand,
      ...(closures.length ? { closures } : {}),
      ...(Object.keys(specialists).length ? { specialist_minutes: specialists } : {}),
    },
    models,
  };
}

export interface SimulationRequest {
  planId?: string;
  week?: string;
  scenario?: unknown[];
  replications?: number;
  seed?: number;
  threads?: number;
}

/** Simulates a stored plan (and a scenario on top) and returns the report (base, scenario, differences). */
export async function runSimulation(
  db: Db,
  config: Pick<Config, 'MODELS_DIR'>,
  req: SimulationRequest,
  onProgress?: Progress,
) {
  await onProgress?.(5, 'loading plan');
  const setup = await storedPlanSetup(db, config, { plan: req.planId, week: req.week });
  await onProgress?.(15, 'simulating');
  const run = await simulatePlan(setup, req.scenario, {
    replications: req.replications ?? 200,
    seed: req.seed ?? 1,
    threads: req.threads,
  });
  await onProgress?.(100, 'done');
  return { plan_id: setup.planId, ...simulationReport(run) };
}
