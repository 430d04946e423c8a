import Type from 'typebox';
import { type Permission, permissionsOf } from '../../core/access.ts';
import { isIsoDate } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { msg } from '../../core/messages.ts';
import { ERRORS, RoleSchema } from '../../schemas/api.ts';
import { IsoDate } from '../../schemas/domain.ts';
import { listApiKeys, revokeApiKey } from '../../store/api-keys-repo.ts';
import { listAudit } from '../../store/audit-repo.ts';
import { createApiKey } from '../../usecases/api-keys.ts';
import type { App, AppDeps } from '../app.ts';

const KeyRow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  key_prefix: Type.String({ description: 'first characters of the key, to recognise it' }),
  demo: Type.Boolean(),
  created_at: Type.String(),
  created_by: Type.Union([Type.String(), Type.Null()]),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
  last_used_at: Type.Union([Type.String(), Type.Null()], {
    description: 'last request made with the key, recorded at most once a minute (null: not used yet)',
  }),
});

export async function accessRoutes(app: App, deps: AppDeps): Promise<void> {
  app.get(
    '/me',
    {
      schema: {
        tags: ['access'],
        summary: 'The caller’s key, role and permissions',
        response: {
          200: Type.Object({
            keyId: Type.String(),
            name: Type.String(),
            role: RoleSchema,
            permissions: Type.Array(Type.String()),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const a = req.auth!;
      return {
        keyId: a.keyId,
        name: a.name,
        role: a.role,
        permissions: permissionsOf(a.role) as Permission[],
      };
    },
  );

  app.get(
    '/auth/demo-keys',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['access'],
        summary:
          'Demo keys by role — embedded demo mode only (npm start without DATABASE_URL); 404 otherwise',
        security: [],
        response: { 200: Type.Object({ keys: Type.Record(Type.String(), Type.String()) }), ...ERRORS },
      },
    },
    async () => {
      if (!deps.demoKeys) throw new DomainError('NOT_FOUND', msg('api.demo_only'));
      return { keys: deps.demoKeys };
    },
  );

  app.get(
    '/keys',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'API keys (never the keys themselves)',
        response: { 200: Type.Object({ keys: Type.Array(KeyRow) }), ...ERRORS },
      },
    },
    async () => ({ keys: await listApiKeys(deps.db) }),
  );
  app.post(
    '/keys',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'Create an API key; the key is in this answer only',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100, description: 'who or what uses it' }),
            role: RoleSchema,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            key: Type.String({ description: 'the bearer key: store it now' }),
            ...KeyRow.properties,
          }),
          ...ERRORS,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const { key, row } = await createApiKey(deps.db, {
        name: b.name,
        role: b.role,
        createdBy: req.auth?.keyId,
      });
      req.audit = { target: row.id, details: { role: row.role, name: row.name } };
      return reply.status(201).send({ key, ...row });
    },
  );
  app.delete(
    '/keys/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['access'],
        summary: 'Revoke an API key',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: KeyRow, ...ERRORS },
      },
    },
    async (req) => {
      const { id } = req.params;
      if (id === req.auth?.keyId) throw new DomainError('CONFLICT', msg('api.revoke_self'));
      const row = await revokeApiKey(deps.db, id);
      if (!row) throw new DomainError('NOT_FOUND', msg('api.no_key_id', { id }));
      deps.verifier.forget();
      return row;
    },
  );

  app.get(
    '/audit',
    {
      config: { permission: 'audit' },
      schema: {
        tags: ['access'],
        summary: 'The audit log of writes, newest first',
        querystring: Type.Object(
          {
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 1000, description: 'max entries (default 100)' }),
            ),
            keyId: Type.Optional(Type.String({ maxLength: 100, description: 'only this key' })),
            action: Type.Optional(
              Type.String({
                maxLength: 200,
                description: 'only this action, e.g. `POST /calendar/closures`',
              }),
            ),
            from: Type.Optional({ ...IsoDate, description: 'from this day (Hanoi time)' }),
            to: Type.Optional({ ...IsoDate, description: 'up to this day, inclusive (Hanoi time)' }),
            before: Type.Optional(
              Type.Integer({ minimum: 1, description: 'entries with a smaller id (paging)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            entries: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: Type.String(),
                key_id: Type.String(),
                role: Type.String(),
                action: Type.String(),
                target: Type.String(),
                status: Type.Integer(),
                request_id: Type.String(),
                details: Type.Unknown(),
                key_name: Type.Union([Type.String(), Type.Null()], {
                  description: 'the key’s name (null when the key is gone)',
                }),
              }),
            ),
          }),
          ...ERRORS,
        },
      },
    },
    async (req) => {
      const q = req.query;
      for (const k of ['from', 'to'] as const)
        if (q[k] && !isIsoDate(q[k]))
          throw new DomainError('INPUT_INVALID', msg('api.not_a_date', { value: String(q[k]) }), [
            { field: `querystring/${k}`, value: q[k], reason: msg('api.not_a_date_reason') },
          ]);
      return { entries: await listAudit(deps.db, q) };
    },
  );
}
