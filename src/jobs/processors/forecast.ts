import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { ForecastFanOutData, ForecastJobData, ScheduledTrigger } from '../../schemas/jobs.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { forecastUsecases } from '../../usecases/pending.ts';
import { yesterdayInHanoi } from '../../usecases/sample-data.ts';
import { forecastJobId } from '../ids.ts';
import type { ProcessorContext } from '../types.ts';

/**
 * The forecast queue: `run` forecasts (idempotent: the use case derives the run id from its inputs),
 * `nightly` (the cron trigger) enqueues the deterministic run of the day, `fanout` aggregates the per-branch
 * child runs of a nationwide forecast.
 */
export async function processForecast(input: unknown, ctx: ProcessorContext) {
  switch (ctx.job.name) {
    case 'run': {
      const data = parseOrThrow(ForecastJobData, input, 'forecast job data');
      const { runForecastFromStore } = forecastUsecases(ctx.config);
      const { requested: _r, ...opts } = data;
      return runForecastFromStore(ctx.db, opts, (pct, stage) => ctx.progress(pct, stage));
    }
    case 'nightly': {
      parseOrThrow(ScheduledTrigger, input, 'nightly forecast trigger');
      const data = { asOf: yesterdayInHanoi(), horizon: ctx.config.FORECAST_HORIZON_DAYS };
      const { job, created } = await ctx.enqueue({
        queue: 'forecast',
        name: 'run',
        id: forecastJobId(data),
        data: { ...data, requested: { by: 'schedule', requestId: ctx.job.id } },
      });
      return { enqueued: job.id, created };
    }
    case 'fanout': {
      parseOrThrow(ForecastFanOutData, input, 'forecast fan-out data');
      const children = await ctx.childResults();
      const runs = Object.entries(children).map(([jobId, r]) => ({
        jobId,
        ...(r as { runId: string; series: number; rows: number }),
      }));
      return {
        runs,
        series: runs.reduce((s, r) => s + (r.series ?? 0), 0),
        rows: runs.reduce((s, r) => s + (r.rows ?? 0), 0),
      };
    }
    default:
      throw new DomainError(
        'INPUT_INVALID',
        msg('job.unknown_name', { queue: 'forecast', name: ctx.job.name }),
      );
  }
}
