import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import * as forecast from './forecast-run.ts';
import { planCsv } from './plan-csv.ts';
import { planXlsx } from './plan-xlsx.ts';
import type { Progress } from './progress.ts';
import * as simulation from './simulation-run.ts';
import * as plans from './weekly-plan.ts';

/**
 * The forecast, plan and simulation use cases as the API routes and job processors call them: the same
 * functions with the service's configuration bound (the models folder).
 */
export type OnProgress = Progress;
type ModelsConfig = Pick<Config, 'MODELS_DIR'>;

export function forecastUsecases(config: ModelsConfig = {}) {
  return {
    runForecastFromStore: (
      db: Db,
      opts: { asOf: string; horizon: number; quantiles?: number[]; method?: string; points?: string[] },
      onProgress?: OnProgress,
    ) =>
      forecast.runForecastFromStore(
        db,
        config,
        { ...opts, method: opts.method as forecast.ForecastRunRequest['method'] },
        onProgress,
      ),
    getForecastRun: forecast.getForecastRun,
    latestForecastRunId: forecast.latestForecastRunId,
    latestForecastRun: forecast.latestForecastRun,
    forecastVsActuals: (db: Db, runId: string) => forecast.forecastVsActuals(db, runId),
  };
}

export function planUsecases(config: ModelsConfig = {}) {
  return {
    runWeeklyPlan: (
      db: Db,
      opts: { week: string; scenario?: unknown[]; forecastRunId?: string },
      onProgress?: OnProgress,
    ) => plans.runWeeklyPlan(db, config, opts, onProgress),
    runReplan: (db: Db, opts: plans.ReplanRequest, onProgress?: OnProgress) =>
      plans.runReplan(db, config, opts, onProgress),
    getPlan: plans.getPlan,
    getPlanSummary: plans.getPlanSummary,
    getPlanHead: plans.getPlanHead,
    replanAttendanceKey: plans.replanAttendanceKey,
    planInputsKey: (db: Db, week: string, forecastRunId?: string) =>
      plans.planInputsKey(db, config, week, forecastRunId),
    listPlans: plans.listPlans,
    decidePlan: plans.decidePlan,
    diffPlans: plans.diffPlans,
    planCsv,
    planXlsx,
  };
}

export function simulationUsecases(config: ModelsConfig = {}) {
  return {
    runSimulation: (
      db: Db,
      opts: { planId?: string; week?: string; scenario?: unknown[]; replications?: number; seed?: number },
      onProgress?: OnProgress,
    ) => simulation.runSimulation(db, config, opts, onProgress),
  };
}
