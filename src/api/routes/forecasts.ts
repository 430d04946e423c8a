import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { isIsoDate } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { forecastJobId } from '../../jobs/ids.ts';
import type { EnqueueRequest } from '../../jobs/types.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import { ForecastJobData } from '../../schemas/jobs.ts';
import { listForecastRuns } from '../../store/forecast-runs-repo.ts';
import { listPoints } from '../../store/points-repo.ts';
import { forecastUsecases } from '../../usecases/pending.ts';
import { yesterdayInHanoi } from '../../usecases/sample-data.ts';
import type { AppDeps } from '../app.ts';

const { asOf: _a, horizon: _h, requested: _r, ...optional } = ForecastJobData.properties;
const ForecastRequest = Type.Object(
  {
    asOf: Type.Optional({
      ...IsoDate,
      description: 'last day of history used (default: yesterday in Hanoi)',
    }),
    horizon: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 366, description: 'days ahead (default FORECAST_HORIZON_DAYS)' }),
    ),
    ...optional,
    fanOut: Type.Optional(
      Type.Literal('branch', {
        description:
          'split every point into one child job per branch (run on any number of workers), then aggregate',
      }),
    ),
  },
  { additionalProperties: false, description: 'a forecast run to trigger' },
);

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'forecast run id' }) });

export async function forecastRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/forecasts',
    {
      config: { permission: 'schedule' },
      schema: {
        tags: ['forecasts'],
        summary: 'Trigger a forecast run (a job); the same request twice returns the same job',
        body: ForecastRequest,
        response: { 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body as {
        asOf?: string;
        horizon?: number;
        quantiles?: number[];
        method?: string;
        points?: string[];
        fanOut?: 'branch';
      };
      const asOf = b.asOf ?? yesterdayInHanoi();
      if (!isIsoDate(asOf))
        throw new DomainError('INPUT_INVALID', `${asOf} is not a date`, [
          { field: 'body/asOf', value: asOf, reason: 'not a calendar date' },
        ]);
      const horizon = b.horizon ?? deps.config.FORECAST_HORIZON_DAYS;
      const requested = { by: req.auth?.keyId ?? '', requestId: req.id };
      const base = {
        asOf,
        horizon,
        ...(b.quantiles ? { quantiles: b.quantiles } : {}),
        ...(b.method ? { method: b.method } : {}),
      };
      let request: EnqueueRequest;
      if (b.fanOut === 'branch') {
        if (b.points)
          throw new DomainError(
            'INPUT_INVALID',
            'fanOut splits every point: give points or fanOut, not both',
            [{ field: 'body/points', reason: 'not with fanOut' }],
          );
        const byBranch = new Map<string, string[]>();
        for (const p of await listPoints(deps.db))
          byBranch.set(p.branch, [...(byBranch.get(p.branch) ?? []), p.code]);
        if (byBranch.size === 0) throw new DomainError('CONFLICT', 'there are no points to forecast');
        request = {
          queue: 'forecast',
          name: 'fanout',
          id: `${forecastJobId({ ...base })}-by-branch`,
          data: { asOf, horizon, by: 'branch', requested },
          children: [...byBranch].map(([branch, points]) => ({
            queue: 'forecast' as const,
            name: 'run',
            id: forecastJobId({ ...base, scope: `branch-${branch}` }),
            data: { ...base, points, requested },
          })),
        };
      } else {
        request = {
          queue: 'forecast',
          name: 'run',
          id: forecastJobId({ ...base, points: b.points }),
          data: { ...base, ...(b.points ? { points: b.points } : {}), requested },
        };
      }
      const out = await deps.jobs.enqueue(request);
      req.audit = { target: out.job.id, details: { created: out.created } };
      return reply.status(202).send(out);
    },
  );

  app.get(
    '/forecasts',
    {
      config: { cache: true },
      schema: {
        tags: ['forecasts'],
        summary: 'Forecast runs, newest first',
        querystring: Type.Object(
          {
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 500, description: 'max runs (default 50)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            runs: Type.Array(
              Type.Object({
                id: Type.String(),
                created_at: Type.String(),
                as_of: Type.String(),
                horizon: Type.Integer(),
                method: Type.String(),
                quantiles: Type.Array(Type.Number()),
                status: Type.String(),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => ({ runs: await listForecastRuns(deps.db, (req.query as { limit?: number }).limit ?? 50) }),
  );

  app.get(
    '/forecasts/latest',
    {
      config: { cache: true },
      schema: {
        tags: ['forecasts'],
        summary: 'The latest complete forecast run with its values',
        response: { 200: Type.Unknown({ description: 'as returned by the forecast use case' }), ...ERRORS },
      },
    },
    async () => {
      const run = await forecastUsecases(deps.config).latestForecastRun(deps.db);
      if (!run) throw new DomainError('NOT_FOUND', 'no forecast run yet: trigger one with POST /forecasts');
      return run;
    },
  );

  app.get(
    '/forecasts/:id',
    {
      config: { cache: true },
      schema: {
        tags: ['forecasts'],
        summary: 'One forecast run with its values',
        params: Id,
        response: { 200: Type.Unknown({ description: 'as returned by the forecast use case' }), ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const run = await forecastUsecases(deps.config).getForecastRun(deps.db, id);
      if (!run) throw new DomainError('NOT_FOUND', `no forecast run ${id}`);
      return run;
    },
  );

  app.get(
    '/forecasts/:id/actuals',
    {
      config: { cache: true },
      schema: {
        tags: ['forecasts'],
        summary: 'A forecast run compared with the actual volumes received since',
        params: Id,
        response: { 200: Type.Unknown({ description: 'as returned by the forecast use case' }), ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const cmp = await forecastUsecases(deps.config).forecastVsActuals(deps.db, id);
      if (!cmp) throw new DomainError('NOT_FOUND', `no forecast run ${id}`);
      return cmp;
    },
  );
}
