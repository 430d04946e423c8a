import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { Point } from '../../schemas/domain.ts';
import { getPoint, listPoints } from '../../store/points-repo.ts';
import type { AppDeps } from '../app.ts';

export async function pointRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/points',
    {
      schema: {
        tags: ['points'],
        summary: 'All service points',
        querystring: Type.Object(
          { branch: Type.Optional(Type.String({ description: 'only this branch' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ points: Type.Array(Point), count: Type.Integer() }) },
      },
    },
    async (req) => {
      const { branch } = req.query as { branch?: string };
      const points = (await listPoints(deps.db)).filter((p) => !branch || p.branch === branch);
      return { points, count: points.length };
    },
  );
  app.get(
    '/points/:code',
    {
      schema: {
        tags: ['points'],
        summary: 'One service point',
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        response: { 200: Point },
      },
    },
    async (req) => {
      const { code } = req.params as { code: string };
      const p = await getPoint(deps.db, code);
      if (!p) throw new DomainError('NOT_FOUND', `no point with code ${code}`);
      return p;
    },
  );
}
