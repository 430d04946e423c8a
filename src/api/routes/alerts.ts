import Type from 'typebox';
import { overdueRiskJobId } from '../../jobs/processors/alerts.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import { forecastBand, nowInHanoi, overdueRiskList, overdueRiskXlsx } from '../../usecases/alerts.ts';
import type { App, AppDeps } from '../app.ts';
import { XLSX_TYPE, xlsxLang } from '../xlsx-reply.ts';

const RiskQuery = Type.Object(
  {
    point: Type.Optional(
      Type.String({ minLength: 1, maxLength: 20, description: 'dossiers this point decides or received' }),
    ),
    field: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'one field (land, social_policy…)' }),
    ),
    min_probability: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'only dossiers at least this likely to miss their deadline',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: 'max items (default 500)' }),
    ),
  },
  { additionalProperties: false },
);

export async function alertRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/alerts/overdue-risk',
    {
      config: { cache: true },
      schema: {
        tags: ['supervision'],
        summary: 'Pending dossiers with their overdue risk, nearest to the deadline first; counts per point',
        description:
          '`left` is in working days (`unit: days`) or working hours for same-day procedures; `probability` of a result after the due date, from the register’s own history (docs/indicators.md). `counts`: per competent unit, pending, at risk (≥ 50%, not yet due) and past due — for the map.',
        querystring: RiskQuery,
        response: { 200: Type.Unknown({ description: 'the list, the counts, the last refresh' }), ...ERRORS },
      },
    },
    async (req) => overdueRiskList(deps.db, req.query),
  );

  app.get(
    '/alerts/overdue-risk.xlsx',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['supervision'],
        summary: 'The overdue-risk list as an Excel workbook',
        querystring: RiskQuery,
        produces: [XLSX_TYPE],
        response: { 200: Type.Unknown({ description: 'xlsx workbook' }), ...ERRORS },
      },
    },
    async (req, reply) => {
      const buf = await overdueRiskXlsx(deps.db, req.query, xlsxLang(req));
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', 'attachment; filename="overdue-risk.xlsx"')
        .send(buf);
    },
  );

  app.post(
    '/alerts/overdue-risk/refresh',
    {
      config: { permission: 'schedule' },
      schema: {
        tags: ['supervision'],
        summary: 'Recompute the overdue risk now (an alerts job; the same day twice returns the same job)',
        response: { 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const data = { asOf: nowInHanoi(), after: `manual-${nowInHanoi().slice(0, 10)}` };
      const out = await deps.jobs.enqueue({
        queue: 'alerts',
        name: 'overdue-risk',
        id: overdueRiskJobId(data),
        data: { ...data, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
      });
      req.audit = { target: out.job.id, details: { created: out.created } };
      return reply.status(202).send(enqueuedView(out, req.lang));
    },
  );

  app.get(
    '/alerts/forecast-band',
    {
      config: { cache: true },
      schema: {
        tags: ['supervision'],
        summary:
          'Forecast against actuals per point and day; points outside their p10–p90 band two working days running',
        querystring: Type.Object(
          {
            from: IsoDate,
            to: IsoDate,
            point: Type.Optional(
              Type.String({ minLength: 1, maxLength: 20, description: 'only this point' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'days judged, coverage, alerts' }), ...ERRORS },
      },
    },
    async (req) => forecastBand(deps.db, deps.config, req.query),
  );
}
