import Type from 'typebox';
import { isIsoDate } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { forecastJobId } from '../../jobs/ids.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import type { EnqueueRequest } from '../../jobs/types.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import {
  FORECAST_LEVELS,
  ForecastActualsView,
  type ForecastLevel,
  ForecastReadQuery,
  ForecastRunView,
} from '../../schemas/forecast-read.ts';
import { ForecastJobData } from '../../schemas/jobs.ts';
import { listForecastRuns } from '../../store/forecast-runs-repo.ts';
import { listPoints } from '../../store/points-repo.ts';
import { forecastRowsView, forecastSeriesView } from '../../usecases/forecast-view.ts';
import { forecastUsecases } from '../../usecases/pending.ts';
import { yesterdayInHanoi } from '../../usecases/sample-data.ts';
import type { App, AppDeps } from '../app.ts';
import { type EncodedAnswer, EncodedAnswerCache, sendEncoded } from '../plugins/encoded-cache.ts';

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

export async function forecastRoutes(app: App, deps: AppDeps): Promise<void> {
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
      const b = req.body;
      const asOf = b.asOf ?? yesterdayInHanoi();
      if (!isIsoDate(asOf))
        throw new DomainError('INPUT_INVALID', msg('api.not_a_date', { value: asOf }), [
          { field: 'body/asOf', value: asOf, reason: msg('api.not_a_date_reason') },
        ]);
      const horizon = b.horizon ?? deps.config.FORECAST_HORIZON_DAYS;
      const requested = { by: req.auth?.keyId ?? '', requestId: req.id };
      const base = {
        asOf,
        horizon,
        ...(b.quantiles ? { quantiles: b.quantiles } : {}),
        ...(b.method ? { method: b.method } : {}),
        ...(b.holidays?.length ? { holidays: b.holidays } : {}),
        ...(b.yearly ? { yearly: true } : {}),
      };
      let request: EnqueueRequest;
      if (b.fanOut === 'branch') {
        if (b.points)
          throw new DomainError('INPUT_INVALID', msg('forecast.fanout_points'), [
            { field: 'body/points', reason: msg('forecast.fanout_points_reason') },
          ]);
        const byBranch = new Map<string, string[]>();
        for (const p of await listPoints(deps.db))
          byBranch.set(p.branch, [...(byBranch.get(p.branch) ?? []), p.code]);
        if (byBranch.size === 0) throw new DomainError('CONFLICT', msg('forecast.no_points'));
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
      return reply.status(202).send(enqueuedView(out, req.lang));
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
    async (req) => ({ runs: await listForecastRuns(deps.db, req.query.limit ?? 50) }),
  );

  // Complete runs never change, so their answers are kept encoded (64 MB at most); only the id of the latest
  // run is looked up again, at most every READ_CACHE_MS and after every finished job. One look-up and one read
  // of a run at a time (single flight): readers arriving meanwhile wait for it instead of sending their own.
  const answers = new EncodedAnswerCache(64 * 1024 * 1024);
  const usecases = forecastUsecases(deps.config);
  let latest: { id: string | undefined; until: number } | undefined;
  let lookup: Promise<string | undefined> | undefined;
  deps.jobs.onFinished((e) => {
    if (e.child) return; // a fan-out's branch: read within READ_CACHE_MS; the flow's end resets the id
    latest = undefined;
    lookup = undefined;
  });
  const latestId = async () => {
    if (latest && latest.until > Date.now()) return latest.id;
    if (!lookup) {
      const p = usecases.latestForecastRunId(deps.db).then((id) => {
        // A job finished while it ran: its answer may predate the job's run, so it is not kept.
        if (lookup === p) latest = { id, until: Date.now() + deps.config.READ_CACHE_MS };
        return id;
      });
      lookup = p;
      void p
        .finally(() => {
          if (lookup === p) lookup = undefined;
        })
        .catch(() => {});
    }
    return lookup;
  };
  const reading = new Map<string, Promise<EncodedAnswer | undefined>>();
  const readRun = async (runId: string, query: ForecastReadQuery) => {
    const levels = query.level ? parseLevels(query.level) : undefined;
    const layout = query.layout ?? 'series';
    const key = `${runId}|${levels?.join(',') ?? ''}|${query.point ?? ''}|${layout}`;
    const hit = answers.get(key);
    if (hit) return hit;
    const running = reading.get(key);
    if (running) return running;
    const p = (async () => {
      const read = await usecases.getForecastRun(deps.db, runId, {
        ...(levels ? { levels } : {}),
        ...(query.point ? { point: query.point } : {}),
      });
      if (!read) return undefined;
      const view = (layout === 'rows' ? forecastRowsView : forecastSeriesView)(
        read.run,
        read.levels,
        read.values,
      );
      return answers.put(key, view);
    })();
    reading.set(key, p);
    try {
      return await p;
    } finally {
      reading.delete(key);
    }
  };
  const readSchema = {
    tags: ['forecasts'],
    querystring: ForecastReadQuery,
    response: {
      200: ForecastRunView,
      304: Type.Null({ description: 'not modified: the ETag given in If-None-Match is current' }),
      ...ERRORS,
    },
  };
  const readHelp =
    'By default the city, branch and point totals and the city totals by channel and by field, one entry per series ' +
    'over `dates` (numbers to 0.01). `level` picks other levels (`series` is about 37,000 rows a 14-day run), ' +
    "`point` one point's rows, `layout=rows` one row per series and day. Gzip when accepted; ETag and If-None-Match.";

  app.get(
    '/forecasts/latest',
    {
      config: { localize: false },
      schema: {
        ...readSchema,
        summary: 'The latest complete forecast run with its values',
        description: `${readHelp} The answer names the run in Content-Location.`,
      },
    },
    async (req, reply) => {
      const id = await latestId();
      const answer = id ? await readRun(id, req.query) : undefined;
      if (!id || !answer) throw new DomainError('NOT_FOUND', msg('forecast.none_yet'));
      reply.header('content-location', `/forecasts/${encodeURIComponent(id)}`);
      return sendEncoded(req, reply, answer);
    },
  );

  app.get(
    '/forecasts/:id',
    {
      config: { localize: false },
      schema: {
        ...readSchema,
        summary: 'One forecast run with its values',
        description: readHelp,
        params: Id,
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const answer = await readRun(id, req.query);
      if (!answer) throw new DomainError('NOT_FOUND', msg('forecast.no_run', { id }));
      return sendEncoded(req, reply, answer);
    },
  );

  app.get(
    '/forecasts/:id/actuals',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['forecasts'],
        summary: 'A forecast run against the dossiers received since',
        description:
          'The city and point totals of the run with the actual count of every stored day (null before it is ' +
          'received), and per level the mean absolute error and the share of actuals inside p10–p90.',
        params: Id,
        response: { 200: ForecastActualsView, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      const cmp = await usecases.forecastVsActuals(deps.db, id);
      if (!cmp) throw new DomainError('NOT_FOUND', msg('forecast.no_run', { id }));
      return {
        ...forecastSeriesView(cmp.run, ['city', 'point'], cmp.rows),
        summary: cmp.summary,
      };
    },
  );
}

/** `level=city,point` → the levels, in their canonical order; an unknown name is a 400 naming it. */
function parseLevels(value: string): ForecastLevel[] {
  const names = value.split(',');
  const unknown = names.filter((n) => !(FORECAST_LEVELS as readonly string[]).includes(n));
  if (unknown.length)
    throw new DomainError(
      'INPUT_INVALID',
      msg('forecast.unknown_level', { levels: unknown.join(', ') }),
      unknown.map((n) => ({
        field: 'querystring/level',
        value: n,
        reason: msg('forecast.unknown_level_reason', { levels: FORECAST_LEVELS.join(', ') }),
      })),
    );
  return FORECAST_LEVELS.filter((l) => names.includes(l));
}
