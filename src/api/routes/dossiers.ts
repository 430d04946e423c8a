import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { ERRORS } from '../../schemas/api.ts';
import { Field, IsoDate } from '../../schemas/domain.ts';
import { Dossier, DossierStatus } from '../../schemas/register.ts';
import { getDossier, listDossiers } from '../../store/dossiers-repo.ts';
import type { App, AppDeps } from '../app.ts';
import { mappingListRoute, registerUploadRoute } from './uploads.ts';

const Code = Type.String({ minLength: 1, maxLength: 100, description: 'dossier code (mã hồ sơ)' });

/** The dossier register: upload (CSV or Excel), list in pages, one dossier; queue tickets: upload. */
export async function dossierRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/dossiers',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['dossiers'],
        summary: 'Dossiers of the register, newest received first, in pages',
        querystring: Type.Object(
          {
            point: Type.Optional(Type.String({ maxLength: 40, description: 'receiving point' })),
            competent_unit: Type.Optional(Type.String({ maxLength: 40, description: 'competent unit' })),
            field: Type.Optional(Field),
            status: Type.Optional(DossierStatus),
            from: Type.Optional(IsoDate),
            to: Type.Optional(IsoDate),
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 1000, description: 'page size (default 100)' }),
            ),
            before: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'the code of the last dossier of the previous page (`next` of that page)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            dossiers: Type.Array(Dossier),
            count: Type.Integer({ description: 'dossiers in this page' }),
            next: Type.Union([Type.String(), Type.Null()], {
              description: '`before` for the next page; null on the last page',
            }),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const { limit = 100, ...filter } = req.query;
      const rows = await listDossiers(deps.db, filter, limit + 1);
      const more = rows.length > limit;
      if (more) rows.length = limit;
      return { dossiers: rows, count: rows.length, next: more ? rows[rows.length - 1]!.code : null };
    },
  );
  app.get(
    '/dossiers/:code',
    {
      config: { cache: true, localize: false },
      schema: {
        tags: ['dossiers'],
        summary: 'One dossier of the register',
        params: Type.Object({ code: Code }, { additionalProperties: false }),
        response: { 200: Dossier, ...ERRORS },
      },
    },
    async (req) => {
      const { code } = req.params;
      const d = await getDossier(deps.db, code);
      if (!d) throw new DomainError('NOT_FOUND', msg('api.no_dossier', { code }));
      return d;
    },
  );
  registerUploadRoute(app, deps, 'dossiers', 'Import the dossier register (CSV or Excel)');
  mappingListRoute(app, deps);
  registerUploadRoute(app, deps, 'tickets', 'Import queue tickets (CSV or Excel)');
}
