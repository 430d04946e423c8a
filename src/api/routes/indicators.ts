import Type from 'typebox';
import { ERRORS } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import { indicatorReport, indicatorXlsx } from '../../usecases/indicators.ts';
import type { App, AppDeps } from '../app.ts';
import { XLSX_TYPE, xlsxLang } from '../xlsx-reply.ts';

const Query = Type.Object(
  {
    level: Type.Union([Type.Literal('point'), Type.Literal('branch'), Type.Literal('city')], {
      description: 'one row per point (receiving or competent, by indicator), per branch, or the city',
    }),
    period: Type.Union(
      [Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('quarter')],
      {
        description: 'period of each row (weeks start on Monday)',
      },
    ),
    from: { ...IsoDate, description: 'first day' },
    to: { ...IsoDate, description: 'last day' },
    point: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'only this point' })),
  },
  { additionalProperties: false },
);

export async function indicatorRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/indicators',
    {
      config: { cache: true },
      schema: {
        tags: ['supervision'],
        summary:
          'Supervision indicators (Decision 766/QĐ-TTg) per point, branch or city and period, with ranks',
        description:
          'From the dossier register and queue tickets where they exist, daily counts elsewhere; an indicator the data cannot give carries the reason in `unavailable`. Formulas: docs/indicators.md.',
        querystring: Query,
        response: { 200: Type.Unknown({ description: 'the indicator report' }), ...ERRORS },
      },
    },
    async (req) => indicatorReport(deps.db, req.query),
  );

  app.get(
    '/indicators.xlsx',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['supervision'],
        summary: 'The indicator report as an Excel workbook (values, ranks, days by procedure, definitions)',
        querystring: Query,
        produces: [XLSX_TYPE],
        response: { 200: Type.Unknown({ description: 'xlsx workbook' }), ...ERRORS },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const buf = await indicatorXlsx(await indicatorReport(deps.db, q), xlsxLang(req));
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="indicators-${q.level}-${q.period}-${q.from}-${q.to}.xlsx"`,
        )
        .send(buf);
    },
  );
}
