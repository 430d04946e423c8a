import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../core/errors.ts';
import type { Db } from '../store/db.ts';

/**
 * The forecast, plan and simulation use cases are written on other branches (issues 4–6) with these
 * agreed signatures. Until they are merged, the routes and processors load them here by name: a missing
 * module is a clean NOT_AVAILABLE (HTTP 501, permanent job failure), never a fake result.
 * TODO(#7): replace with static imports once src/usecases/{forecast-run,weekly-plan,simulation-run}.ts are on main.
 */
export type OnProgress = (pct: number, stage: string) => void | Promise<void>;

export interface ForecastRunModule {
  runForecastFromStore(
    db: Db,
    opts: { asOf: string; horizon: number; quantiles?: number[]; method?: string; points?: string[] },
    onProgress?: OnProgress,
  ): Promise<{ runId: string; series: number; rows: number }>;
  getForecastRun(db: Db, runId: string): Promise<unknown>;
  latestForecastRun(db: Db): Promise<unknown>;
  forecastVsActuals(db: Db, runId: string): Promise<unknown>;
}

export interface WeeklyPlanModule {
  runWeeklyPlan(
    db: Db,
    opts: { week: string; scenario?: unknown[]; forecastRunId?: string },
    onProgress?: OnProgress,
  ): Promise<{ planId: string }>;
  getPlan(db: Db, id: string): Promise<unknown>;
  listPlans(db: Db, opts: { week?: string }): Promise<unknown>;
  decidePlan(
    db: Db,
    id: string,
    d: { decision: 'approved' | 'rejected'; by: string; note?: string },
  ): Promise<unknown>;
  diffPlans(db: Db, a: string, b: string): Promise<unknown>;
  planCsv(db: Db, id: string): Promise<string>;
}

export interface SimulationRunModule {
  runSimulation(
    db: Db,
    opts: { planId?: string; week?: string; scenario?: unknown[]; replications?: number; seed?: number },
    onProgress?: OnProgress,
  ): Promise<unknown>;
}

const cache = new Map<string, Promise<unknown>>();

async function load<T>(file: string, what: string): Promise<T> {
  const url = new URL(`./${file}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    throw new DomainError(
      'NOT_AVAILABLE',
      `${what} is not available in this build (src/usecases/${file} is missing)`,
    );
  }
  let p = cache.get(file);
  if (!p) {
    p = import(url.href);
    cache.set(file, p);
  }
  return (await p) as T;
}

export const forecastUsecases = () => load<ForecastRunModule>('forecast-run.ts', 'forecasting');
export const planUsecases = () => load<WeeklyPlanModule>('weekly-plan.ts', 'weekly planning');
export const simulationUsecases = () => load<SimulationRunModule>('simulation-run.ts', 'simulation');
