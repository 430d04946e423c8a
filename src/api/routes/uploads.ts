import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { DomainError } from '../../core/errors.ts';
import { msg, renderTexts } from '../../core/messages.ts';
import { importJobId } from '../../jobs/ids.ts';
import { enqueueRiskRefresh } from '../../jobs/processors/alerts.ts';
import { enqueuedView } from '../../jobs/stages.ts';
import { EnqueuedSchema, ERRORS, ImportResultSchema, RegisterImportResultSchema } from '../../schemas/api.ts';
import { saveUpload, type UploadKind } from '../../store/uploads-repo.ts';
import { importCsv } from '../../usecases/import/import.ts';
import { listMappings, mappingByName } from '../../usecases/import/mappings.ts';
import { importRegister, type RegisterKind, todayInHanoi } from '../../usecases/import/register.ts';
import { looksLikeXlsx } from '../../usecases/import/register-source.ts';
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

/** The file of a request: a `text/csv` (or .xlsx) body, or the one file of a multipart form. */
export async function csvBody(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file)
      throw new DomainError('INPUT_INVALID', msg('api.upload_no_file'), [
        { field: 'file', reason: msg('api.missing') },
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
      reason: msg('api.upload_content_type_reason'),
    },
  ]);
}

/** `POST /points|/staff|/volumes`: the CLI's import over HTTP (same rules, nothing written unless clean). */
export function uploadRoute(
  app: App,
  deps: AppDeps,
  kind: Exclude<UploadKind, RegisterKind | 'attendance'>,
  summary: string,
  format: string,
) {
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
        return reply.status(202).send(enqueuedView(out, req.lang));
      }
      const result = await importCsv(deps.db, kind, [content], importContext(deps.config));
      req.audit = {
        target: kind,
        details: { bytes: content.length, rows: result.rows, changed: result.changed },
      };
      return renderTexts(result, req.lang);
    },
  );
}

export const RegisterUploadQuery = Type.Object(
  {
    mode: UploadQuery.properties.mode,
    sheet: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Excel: the sheet to read (default the first)',
      }),
    ),
    mapping: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 105,
        description:
          'the name of a mapping file in models/import/ (`.json` optional; `GET /import/mappings` lists them) that maps ' +
          "another system's headers and values to the register's (default: the Vietnamese one-stop export)",
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * `POST /dossiers|/tickets`: a register file (CSV, or an .xlsx workbook — told by its bytes) imported with the
 * CLI's rules, or queued on the import queue with `?mode=job`.
 */
export function registerUploadRoute(app: App, deps: AppDeps, kind: RegisterKind, summary: string) {
  app.post(
    `/${kind}`,
    {
      config: { permission: 'data' },
      schema: {
        tags: [kind],
        summary,
        description:
          'CSV (UTF-8, a BOM is fine) or an Excel workbook (.xlsx, the first sheet unless `sheet`), as a body ' +
          '(`text/csv` or the .xlsx media type) or a multipart file. Headers as a one-stop system exports them, in ' +
          "Vietnamese or with the register's English names (docs/register.md). Every row is validated first: one " +
          'bad row writes nothing and the 422 lists every bad row (CSV line, or sheet and row; column, value, ' +
          'reason). Importing the same file again changes nothing; a later export updates by code.',
        querystring: RegisterUploadQuery,
        consumes: [
          'text/csv',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'multipart/form-data',
        ],
        response: { 200: RegisterImportResultSchema, 202: EnqueuedSchema, ...ERRORS },
      },
    },
    async (req, reply) => {
      const { mode, sheet } = req.query;
      // Checked before the body is read or queued: an unknown mapping is refused with the parameter named.
      const mapping = req.query.mapping
        ? mappingByName(req.query.mapping, kind, {
            modelsDir: deps.config.MODELS_DIR,
            field: 'querystring/mapping',
          })
        : undefined;
      const content = await csvBody(req);
      if (mode === 'job')
        return reply
          .status(202)
          .send(await enqueueFileImport(deps, req, kind, content, { sheet, mapping: req.query.mapping }));
      const result = await importRegister(deps.db, kind, [content], {
        format: looksLikeXlsx(content) ? 'xlsx' : 'csv',
        sheet,
        ...(mapping ? { mapping } : {}),
        today: todayInHanoi(),
        modelsDir: deps.config.MODELS_DIR,
      });
      // As after an import job: the overdue-risk list is refreshed on the alerts queue (issue #15).
      const refresh =
        kind === 'dossiers'
          ? await enqueueRiskRefresh(
              (r) => deps.jobs.enqueue(r),
              importJobId(kind, createHash('sha256').update(content).digest('hex')),
              { by: req.auth?.keyId ?? '', requestId: req.id },
            )
          : undefined;
      req.audit = {
        target: kind,
        details: { bytes: content.length, rows: result.rows, changed: result.changed },
      };
      return renderTexts({ ...result, ...(refresh ? { risk_refresh: refresh.job.id } : {}) }, req.lang);
    },
  );
}

/**
 * `?mode=job` of a register or attendance upload: the file stored under its content hash and an import job
 * queued for it (the same file, sheet and mapping twice is the same job). Returns the 202's body.
 */
export async function enqueueFileImport(
  deps: AppDeps,
  req: FastifyRequest,
  kind: RegisterKind | 'attendance',
  content: Buffer,
  opts: { sheet?: string; mapping?: string },
) {
  const { sheet, mapping } = opts;
  const uploadId = await saveUpload(deps.db, kind, content, req.auth?.keyId);
  const out = await deps.jobs.enqueue({
    queue: 'import',
    name: 'run',
    id: `${importJobId(kind, uploadId.slice(kind.length + 1))}${sheet ? `-s${shortSheet(sheet)}` : ''}${
      mapping ? `-m${shortSheet(mapping)}` : ''
    }`,
    data: {
      kind,
      uploadId,
      ...(sheet ? { sheet } : {}),
      ...(mapping ? { mapping } : {}),
      requested: { by: req.auth?.keyId ?? '', requestId: req.id },
    },
  });
  req.audit = {
    target: out.job.id,
    details: { bytes: content.length, mode: 'job', ...(mapping ? { mapping } : {}) },
  };
  return enqueuedView(out, req.lang);
}

/** A sheet name in a job id: letters and digits only (ids never hold `:`). */
function shortSheet(sheet: string): string {
  return createHash('sha256').update(sheet).digest('hex').slice(0, 6);
}

const MappingList = Type.Object({
  mappings: Type.Array(
    Type.Object({
      name: Type.String({ description: 'the file name in models/import/, for `?mapping=`' }),
      kind: Type.Union([Type.Literal('dossiers'), Type.Literal('tickets'), Type.Literal('attendance')]),
      description: Type.Optional(Type.String()),
    }),
  ),
});

/** `GET /import/mappings`: the mappings of models/import/, for `POST /dossiers|/tickets|/attendance?mapping=`. */
export function mappingListRoute(app: App, deps: AppDeps) {
  app.get(
    '/import/mappings',
    {
      config: { permission: 'data' },
      schema: {
        tags: ['dossiers', 'tickets', 'supervision'],
        summary:
          'The import mappings in models/import/ (for `?mapping=` of POST /dossiers, /tickets and /attendance)',
        response: { 200: MappingList, ...ERRORS },
      },
    },
    async () => ({ mappings: listMappings(deps.config.MODELS_DIR) }),
  );
}
