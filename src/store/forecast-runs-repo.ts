import type { Queryable } from './db.ts';

export interface ForecastRunSummary {
  id: string;
  created_at: string;
  as_of: string;
  horizon: number;
  method: string;
  quantiles: number[];
  status: string;
}

/** Forecast runs, newest first (the values are read through the forecast use case). */
export async function listForecastRuns(db: Queryable, limit = 50): Promise<ForecastRunSummary[]> {
  return db.query<ForecastRunSummary>(
    `SELECT id, created_at, as_of, horizon, method, quantiles, status FROM forecast_runs
     ORDER BY as_of DESC, created_at DESC LIMIT $1`,
    [limit],
  );
}
