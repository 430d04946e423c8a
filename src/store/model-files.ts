import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from 'typebox';
import { CalendarModel, FieldsModel, OptimizeModel, StaffingModel } from '../schemas/models.ts';
import { ImportMapping, ProceduresModel } from '../schemas/register.ts';
import { parseOrThrow } from '../schemas/validate.ts';
import { WorkTypesModel } from '../schemas/work-types.ts';

/** The repository's `models/` folder; `MODELS_DIR` may point elsewhere (config passes it in). */
export const DEFAULT_MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');

/** Reads and validates one planner-editable JSON model file. @throws DomainError INPUT_INVALID naming the path. */
export function loadModelFile<T extends TSchema>(schema: T, relPath: string, dir = DEFAULT_MODELS_DIR) {
  const path = join(dir, relPath);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read model ${path}: ${(err as Error).message}`);
  }
  return parseOrThrow(schema, raw, `models/${relPath}`);
}

export const loadCalendarModel = (dir?: string) =>
  loadModelFile(CalendarModel, 'calendar/vn-official.json', dir);
export const loadFieldsModel = (dir?: string) => loadModelFile(FieldsModel, 'fields.json', dir);
export const loadStaffingModel = (dir?: string) => loadModelFile(StaffingModel, 'staffing.json', dir);
export const loadOptimizeModel = (dir?: string) => loadModelFile(OptimizeModel, 'optimize.json', dir);
export const loadProceduresModel = (dir?: string) => loadModelFile(ProceduresModel, 'procedures.json', dir);
export const loadImportMapping = (relPath: string, dir?: string) =>
  loadModelFile(ImportMapping, relPath, dir);
export const loadWorkTypesModel = (dir?: string) => loadModelFile(WorkTypesModel, 'work-types.json', dir);
