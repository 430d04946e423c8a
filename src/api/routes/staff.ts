import Type from 'typebox';
import { ERRORS } from '../../schemas/api.ts';
import { Staff } from '../../schemas/domain.ts';
import { listStaff } from '../../store/staff-repo.ts';
import type { App, AppDeps } from '../app.ts';
import { uploadRoute } from './uploads.ts';

export async function staffRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/staff',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['staff'],
        summary: 'Staff, optionally of one home point',
        querystring: Type.Object(
          {
            point: Type.Optional(Type.String({ maxLength: 20, description: 'home point code' })),
            active: Type.Optional(Type.Boolean({ description: 'true: only active staff' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ staff: Type.Array(Staff), count: Type.Integer() }), ...ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const staff = await listStaff(deps.db, { point: q.point, activeOnly: q.active === true });
      return { staff, count: staff.length };
    },
  );
  uploadRoute(
    app,
    deps,
    'staff',
    'Import staff (CSV)',
    '`id,name,home_point,fields,fte,role[,active]` with fields separated by `;`',
  );
}
