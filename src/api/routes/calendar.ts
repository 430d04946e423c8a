import Type from 'typebox';
import { WorkCalendar } from '../../core/calendar/calendar.ts';
import { dateRange, diffDays, isIsoDate } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { ERRORS } from '../../schemas/api.ts';
import { CalendarDay, IsoDate } from '../../schemas/domain.ts';
import { deleteLocalEvent, listLocalEvents, upsertLocalEvent } from '../../store/calendar-repo.ts';
import { loadCalendarModel } from '../../store/model-files.ts';
import { getPoint, pointCodes } from '../../store/points-repo.ts';
import type { App, AppDeps } from '../app.ts';

const Closure = Type.Object(
  {
    date: IsoDate,
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'reason, e.g. "Bầu cử" or "Sửa chữa trụ sở"',
    }),
    closed: Type.Boolean({ description: 'true: closed that day; false: an event, open as usual' }),
    points: Type.Optional(
      Type.Array(Type.String({ maxLength: 20 }), {
        minItems: 1,
        maxItems: 5000,
        uniqueItems: true,
        description: 'only these points (default: every point)',
      }),
    ),
  },
  { additionalProperties: false, description: 'a local closure or event' },
);

const MAX_DAYS = 800;

export async function calendarRoutes(app: App, deps: AppDeps): Promise<void> {
  const model = loadCalendarModel(deps.config.MODELS_DIR);

  app.get(
    '/calendar',
    {
      config: { cache: true },
      schema: {
        tags: ['calendar'],
        summary:
          'Days of a range with their kind (workday, weekend, holiday, make-up day), local closures included',
        querystring: Type.Object(
          {
            from: IsoDate,
            to: IsoDate,
            point: Type.Optional(
              Type.String({ maxLength: 20, description: 'add whether this point is open' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            days: Type.Array(
              Type.Object({
                ...CalendarDay.properties,
                open: Type.Optional(Type.Boolean({ description: 'the point receives citizens that day' })),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const q = req.query;
      if (
        !isIsoDate(q.from) ||
        !isIsoDate(q.to) ||
        diffDays(q.from, q.to) < 0 ||
        diffDays(q.from, q.to) > MAX_DAYS
      )
        throw new DomainError('INPUT_INVALID', msg('calendar.range', { max: MAX_DAYS }), [
          { field: 'querystring/to', value: q.to, reason: msg('calendar.bad_range') },
        ]);
      const point = q.point ? await getPoint(deps.db, q.point) : undefined;
      if (q.point && !point) throw new DomainError('NOT_FOUND', msg('api.no_point', { code: q.point }));
      const cal = new WorkCalendar(model, await listLocalEvents(deps.db, { from: q.from, to: q.to }));
      return {
        days: dateRange(q.from, q.to).map((d) => ({
          ...cal.day(d),
          ...(point ? { open: cal.isOpen(d, point.opening_hours, point.code) } : {}),
        })),
      };
    },
  );

  app.get(
    '/calendar/closures',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Local closures and events',
        querystring: Type.Object(
          { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ closures: Type.Array(Closure) }), ...ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      return { closures: await listLocalEvents(deps.db, q) };
    },
  );

  app.post(
    '/calendar/closures',
    {
      config: { permission: 'data' },
      schema: {
        tags: ['calendar'],
        summary: 'Add or replace a local closure (same date and name replaces)',
        body: Closure,
        response: { 200: Closure, 201: Closure, ...ERRORS },
      },
    },
    async (req, reply) => {
      const e = req.body;
      if (!isIsoDate(e.date))
        throw new DomainError('INPUT_INVALID', msg('api.not_a_date', { value: e.date }), [
          { field: 'body/date', value: e.date, reason: msg('api.not_a_date_reason') },
        ]);
      if (e.points) {
        const known = await pointCodes(deps.db);
        const unknown = e.points.filter((p) => !known.has(p));
        if (unknown.length)
          throw new DomainError(
            'INPUT_INVALID',
            msg('calendar.unknown_points', { codes: unknown.slice(0, 5).join(', ') }),
            unknown
              .slice(0, 50)
              .map((p) => ({ field: 'body/points', value: p, reason: msg('calendar.unknown_point_reason') })),
          );
      }
      const created = await upsertLocalEvent(deps.db, e);
      req.audit = {
        target: `${e.date}/${e.name}`,
        details: { closed: e.closed, points: e.points?.length ?? 'all' },
      };
      return reply.status(created ? 201 : 200).send(e);
    },
  );

  app.delete(
    '/calendar/closures/:date/:name',
    {
      config: { permission: 'data' },
      schema: {
        tags: ['calendar'],
        summary: 'Remove a local closure',
        params: Type.Object({ date: IsoDate, name: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 204: Type.Null(), ...ERRORS },
      },
    },
    async (req, reply) => {
      const { date, name } = req.params;
      if (!isIsoDate(date) || !(await deleteLocalEvent(deps.db, date, name)))
        throw new DomainError('NOT_FOUND', msg('calendar.no_closure', { name, date }));
      return reply.status(204).send(null);
    },
  );
}
