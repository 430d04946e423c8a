import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { ERRORS } from '../../schemas/api.ts';
import { Point } from '../../schemas/domain.ts';
import { getPoint, listPoints } from '../../store/points-repo.ts';
import type { App, AppDeps } from '../app.ts';
import { uploadRoute } from './uploads.ts';

export async function pointRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/points',
    {
      config: { cache: true },
      schema: {
        tags: ['points'],
        summary: 'All service points',
        querystring: Type.Object(
          { branch: Type.Optional(Type.String({ maxLength: 100, description: 'only this branch' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ points: Type.Array(Point), count: Type.Integer() }), ...ERRORS },
      },
    },
    async (req) => {
      const { branch } = req.query;
      const points = (await listPoints(deps.db)).filter((p) => !branch || p.branch === branch);
      return { points, count: points.length };
    },
  );
  app.get(
    '/points/:code',
    {
      config: { cache: true },
      schema: {
        tags: ['points'],
        summary: 'One service point',
        params: Type.Object({ code: Type.String({ maxLength: 40, description: 'point code' }) }),
        response: { 200: Point, ...ERRORS },
      },
    },
    async (req) => {
      const { code } = req.params;
      const p = await getPoint(deps.db, code);
      if (!p) throw new DomainError('NOT_FOUND', msg('api.no_point', { code }));
      return p;
    },
  );
  uploadRoute(
    app,
    deps,
    'points',
    'Import points (CSV)',
    '`code,name,type,branch,lat,lon,population,area_km2,counters,min_staff[,weekday_hours,saturday_hours]` or the official unit list `code,name,type,population,area_km2,lat,lon[,source_note]`',
  );
}
