import { DomainError } from '../../core/errors.ts';
import { type MessageKey, msg } from '../../core/messages.ts';
import { ImportJobData } from '../../schemas/jobs.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { loadUpload } from '../../store/uploads-repo.ts';
import { importAttendance } from '../../usecases/import/attendance.ts';
import { importCsv } from '../../usecases/import/import.ts';
import { type MappingKind, mappingByName } from '../../usecases/import/mappings.ts';
import { importRegister, todayInHanoi } from '../../usecases/import/register.ts';
import { looksLikeXlsx } from '../../usecases/import/register-source.ts';
import { importContext } from '../../usecases/sample-data.ts';
import type { ProcessorContext } from '../types.ts';
import { afterRegisterImport } from './alerts.ts';

const CHUNK = 1 << 20;

/**
 * Imports an uploaded file (CSV, or a register's or an attendance file's CSV or .xlsx) with the CLI's rules (all-or-nothing, every bad row reported). Reading and
 * validating is 0–90 %, the single write transaction the rest: a worker killed at any point leaves
 * nothing written, and the retry starts over.
 */
export async function processImport(input: unknown, ctx: ProcessorContext) {
  const data = parseOrThrow(ImportJobData, input, 'import job data');
  const upload = await loadUpload(ctx.db, data.uploadId);
  if (!upload) throw new DomainError('NOT_FOUND', msg('job.no_upload', { id: data.uploadId }));
  if (upload.kind !== data.kind)
    throw new DomainError(
      'INPUT_INVALID',
      msg('job.upload_kind', {
        id: data.uploadId,
        kind: msg(`import.kind.${upload.kind}` as MessageKey),
        expected: msg(`import.kind.${data.kind}` as MessageKey),
      }),
    );
  const { content } = upload;
  let lastPct = -1;
  async function* source() {
    for (let at = 0; at < content.length; at += CHUNK) {
      const pct = Math.floor((at / content.length) * 90);
      if (pct !== lastPct) {
        lastPct = pct;
        await ctx.progress(pct, 'validating');
      }
      yield content.subarray(at, at + CHUNK);
    }
    await ctx.progress(90, 'writing');
  }
  const kind = data.kind;
  // The file imports (register and attendance) take the same options.
  const fileOptions = (kind: MappingKind) => ({
    format: looksLikeXlsx(content) ? ('xlsx' as const) : ('csv' as const),
    sheet: data.sheet,
    ...(data.mapping
      ? { mapping: mappingByName(data.mapping, kind, { modelsDir: ctx.config.MODELS_DIR }) }
      : {}),
    today: todayInHanoi(),
    modelsDir: ctx.config.MODELS_DIR,
  });
  const result =
    kind === 'attendance'
      ? await importAttendance(ctx.db, source(), fileOptions(kind))
      : kind === 'dossiers' || kind === 'tickets'
        ? await importRegister(ctx.db, kind, source(), fileOptions(kind))
        : await importCsv(ctx.db, kind, source(), importContext(ctx.config));
  await afterRegisterImport(ctx, data.kind);
  await ctx.progress(100, 'done');
  return result;
}
