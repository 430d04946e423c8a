import Type from 'typebox';
import { diffDays } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { ERRORS } from '../../schemas/api.ts';
import { DailyVolume, IsoDate } from '../../schemas/domain.ts';
import { volumeRows, volumeTotals } from '../../store/volume-stats-repo.ts';
import type { App, AppDeps } from '../app.ts';
import { uploadRoute } from './uploads.ts';

const MAX_DAYS = 800;

function checkRange(from: string, to: string) {
  const days = diffDays(from, to);
  if (Number.isNaN(days) || days < 0 || days > MAX_DAYS)
    throw new DomainError('INPUT_INVALID', msg('api.volumes_range', { max: MAX_DAYS }), [
      { field: 'querystring/to', value: to, reason: msg('api.volumes_range_reason', { max: MAX_DAYS }) },
    ]);
}

const Range = {
  from: IsoDate,
  to: IsoDate,
  point: Type.Optional(Type.String({ maxLength: 20, description: 'only this point' })),
  branch: Type.Optional(Type.String({ maxLength: 100, description: 'only the points of this branch' })),
};

export async function volumeRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/volumes',
    {
      config: { localize: false },
      schema: {
        tags: ['volumes'],
        summary: 'Daily volume rows of a date range (date × point × channel × field)',
        querystring: Type.Object(
          {
            ...Range,
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 100_000, description: 'max rows (default 10,000)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            rows: Type.Array(DailyVolume),
            count: Type.Integer(),
            truncated: Type.Boolean(),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const q = req.query;
      checkRange(q.from, q.to);
      const limit = q.limit ?? 10_000;
      const rows = await volumeRows(deps.db, q, limit + 1);
      const truncated = rows.length > limit;
      if (truncated) rows.length = limit;
      return { rows, count: rows.length, truncated };
    },
  );
  app.get(
    '/volumes/totals',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['volumes'],
        summary: 'Daily totals of a date range, by date or by date and channel, field or point',
        querystring: Type.Object(
          {
            ...Range,
            by: Type.Optional(
              Type.Union(
                [Type.Literal('date'), Type.Literal('channel'), Type.Literal('field'), Type.Literal('point')],
                {
                  description: 'second grouping key (default date only)',
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            by: Type.String(),
            rows: Type.Array(
              Type.Object({
                date: Type.String(),
                key: Type.String({ description: 'channel, field or point; empty when by=date' }),
                received: Type.Integer(),
                resolved: Type.Integer(),
                on_time: Type.Integer(),
                overdue: Type.Integer(),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const q = req.query;
      checkRange(q.from, q.to);
      const by = q.by ?? 'date';
      return { by, rows: await volumeTotals(deps.db, q, by) };
    },
  );
  uploadRoute(
    app,
    deps,
    'volumes',
    'Import daily volumes (CSV)',
    '`date,point,channel,field,received[,resolved,on_time,overdue]`',
  );
}
