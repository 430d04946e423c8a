import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { msg, reasonOf } from '../../core/messages.ts';
import { importJobId } from '../../jobs/ids.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS, ImportResultSchema } from '../../schemas/api.ts';
import { saveUpload, type UploadKind } from '../../store/uploads-repo.ts';
import { importCsv } from '../../usecases/import/import.ts';
import { importContext } from '../../usecases/sample-data.ts';
import type { App, AppDeps } from '../app.ts';

const UploadQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Union([Type.Literal('sync'), Type.Literal('job')], {
        description:
          'sync (default): import now and answer with the result or every bad row; job: queue an import job',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The CSV of a request: a `text/csv` body, or the one file of a multipart form. */
async function csvBody(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file)
      throw new DomainError('INPUT_INVALID', msg('api.upload_no_file'), [
        { field: 'file', ...reasonOf('api.missing') },
      ]);
    const buf = await file.toBuffer();
    if (file.file.truncated) throw new DomainError('INPUT_INVALID', msg('api.upload_too_large'));
    return buf;
  }
  if (Buffer.isBuffer(req.body)) return req.body;
  throw new DomainError('INPUT_INVALID', msg('api.upload_content_type'), [
    {
      field: 'content-type',
      value: req.headers['content-type'] ?? '',
      ...reasonOf('api.upload_content_type_reason'),
    },
  ]);
}

/** `POST /points|/staff|/volumes`: the CLI's import over HTTP (same rules, nothing written unless clean). */
export function uploadRoute(app: App, deps: AppDeps, kind: UploadKind, summary: string, format: string) {
  app.post(
    `/${kind}`,
    {
      config: { permission: 'data' },
      schema: {
        tags: [kind],
        summary,
        description:
          `CSV (UTF-8, a BOM is fine) as a \`text/csv\` body or a multipart file. Columns: ${format}. Every row is ` +
          'validated first: one bad row writes nothing and the 422 lists every bad row (line, column, value, reason). ' +
          'Importing the same file again changes nothing.',
        querystring: UploadQuery,
        consumes: ['text/csv', 'multipart/form-data'],
        response: { 200: ImportResultSchema, 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const { mode } = req.query;
      const content = await csvBody(req);
      if (mode === 'job') {
        const uploadId = await saveUpload(deps.db, kind, content, req.auth?.keyId);
        const out = await deps.jobs.enqueue({
          queue: 'import',
          name: 'run',
          id: importJobId(kind, uploadId.slice(kind.length + 1)),
          data: { kind, uploadId, requested: { by: req.auth?.keyId ?? '', requestId: req.id } },
        });
        req.audit = { target: out.job.id, details: { bytes: content.length, mode } };
        return reply.status(202).send(enqueuedView(out));
      }
      const result = await importCsv(deps.db, kind, [content], importContext(deps.config));
      req.audit = {
        target: kind,
        details: { bytes: content.length, rows: result.rows, changed: result.changed },
      };
      return result;
    },
  );
}
