import Type from 'typebox';
import { overdueRiskJobId } from '../../jobs/processors/alerts.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import {
  forecastBand,
  nowInHanoi,
  overdueRiskList,
  overdueRiskXlsx,
  planAttendanceReport,
} from '../../usecases/alerts.ts';
import { importAttendance } from '../../usecases/import/attendance.ts';
import { mappingByName } from '../../usecases/import/mappings.ts';
import { todayInHanoi } from '../../usecases/import/register.ts';
import { looksLikeXlsx } from '../../usecases/import/register-source.ts';
import type { App, AppDeps } from '../app.ts';
import { XLSX_TYPE, xlsxLang } from '../xlsx-reply.ts';
import { csvBody, enqueueFileImport, RegisterUploadQuery } from './uploads.ts';

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

  app.post(
    '/attendance',
    {
      config: { permission: 'data' },
      schema: {
        tags: ['supervision'],
        summary: 'Import attendance (CSV or Excel): who was at which point on a day',
        description:
          'CSV (UTF-8, a BOM is fine) or an Excel workbook (.xlsx, the first sheet unless `sheet`), as a body or a ' +
          'multipart file. Columns, Vietnamese or English: Ngày / date, Mã cán bộ / staff_id, Điểm / point (code ' +
          'or name), optional Số giờ / hours and Có mặt / present (Có mặt, Vắng, Nghỉ phép…; absent: present). ' +
          'Every row is validated first: one bad row writes nothing and the 422 lists every bad row (CSV line, or ' +
          'sheet and row; column, value, reason); unknown staff or points are errors. A re-import upserts by day ' +
          'and person: the same file changes nothing. `?mapping=` reads another time-keeping sheet with a mapping ' +
          'file of models/import/ (kind `attendance`, `GET /import/mappings`); `?mode=job` queues an import job.',
        querystring: Type.Object(
          {
            mode: RegisterUploadQuery.properties.mode,
            sheet: RegisterUploadQuery.properties.sheet,
            mapping: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 105,
                description:
                  'the name of an attendance mapping file in models/import/ (`.json` optional; `GET /import/mappings` ' +
                  "lists them) that maps another sheet's headers and values (default: attendance-default.json)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        consumes: [
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'multipart/form-data',
        ],
        response: {
          200: Type.Object(
            {
              kind: Type.Literal('attendance'),
              rows: Type.Integer({ description: 'data rows read' }),
              changed: Type.Integer({
                description: 'rows inserted or changed (0 when re-importing the same file)',
              }),
              seconds: Type.Number(),
            },
            { description: 'a completed attendance import' },
          ),
          202: EnqueuedSchema,
          ...ERRORS,
        },
      },
    },
    async (req, reply) => {
      const { mode, sheet } = req.query;
      // Checked before the body is read or queued: an unknown mapping is refused with the parameter named.
      const mapping = req.query.mapping
        ? mappingByName(req.query.mapping, 'attendance', {
            modelsDir: deps.config.MODELS_DIR,
            field: 'querystring/mapping',
          })
        : undefined;
      const content = await csvBody(req);
      if (mode === 'job')
        return reply
          .status(202)
          .send(
            await enqueueFileImport(deps, req, 'attendance', content, { sheet, mapping: req.query.mapping }),
          );
      const result = await importAttendance(deps.db, [content], {
        format: looksLikeXlsx(content) ? 'xlsx' : 'csv',
        sheet,
        ...(mapping ? { mapping } : {}),
        today: todayInHanoi(),
        modelsDir: deps.config.MODELS_DIR,
      });
      req.audit = {
        target: 'attendance',
        details: { bytes: content.length, rows: result.rows, changed: result.changed },
      };
      return result;
    },
  );

  app.get(
    '/plans/:id/attendance',
    {
      config: { cache: true },
      schema: {
        tags: ['supervision'],
        summary: "A plan's staff against who was there, per day and point (from attendance imports)",
        description:
          'For each day of the plan and each point: people planned there, people recorded present there, who was ' +
          'planned but not present there (`absent`) and who was present but not planned there (`unplanned`); a ' +
          'day without any attendance record says `recorded: false`.',
        params: Type.Object(
          { id: Type.String({ minLength: 1, maxLength: 200, description: 'plan id' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Unknown({ description: 'days, per point planned against present' }),
          ...ERRORS,
        },
      },
    },
    async (req) => planAttendanceReport(deps.db, req.params.id),
  );
}
