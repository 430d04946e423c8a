import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import { type Msg, msg } from '../../core/messages.ts';
import type { ImportMapping } from '../../schemas/register.ts';
import { DEFAULT_MODELS_DIR, loadImportMapping } from '../../store/model-files.ts';
import type { RegisterKind } from './register.ts';

/**
 * The mappings a site keeps in `models/import/` (the `--mapping FILE.json` format): another system's register
 * export, or another time-keeping sheet, is mapped by a file there, chosen by name in the API (`?mapping=`) and on
 * the dashboard's Dữ liệu page.
 */

/** What a mapping reads: a register (dossiers, tickets) or attendance. */
export type MappingKind = RegisterKind | 'attendance';

export interface MappingInfo {
  /** the file's name in models/import/, e.g. `dossiers-default.json` */
  name: string;
  kind: MappingKind;
  description?: string;
}

/** A mapping's name: a file name in models/import/ (no folder), `.json` optional. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const importDir = (modelsDir?: string) => join(modelsDir ?? DEFAULT_MODELS_DIR, 'import');

/** The mapping files of models/import/ (those that read as mappings), by kind and name. */
export function listMappings(modelsDir?: string): MappingInfo[] {
  const dir = importDir(modelsDir);
  if (!existsSync(dir)) return [];
  const out: MappingInfo[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || !NAME.test(name)) continue;
    try {
      const m = loadImportMapping(`import/${name}`, modelsDir);
      out.push({ name, kind: m.kind, ...(m.description ? { description: m.description } : {}) });
    } catch {
      // Not a mapping (or not valid): not offered; naming it gives the reason.
    }
  }
  return out.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

/**
 * The mapping file `name` of models/import/ for a `kind` import.
 * @param field what names the choice in an error (e.g. `querystring/mapping`)
 * @throws DomainError INPUT_INVALID: not a file name there, not a valid mapping, or a mapping of the other kind
 */
export function mappingByName(
  name: string,
  kind: MappingKind,
  opts: { modelsDir?: string; field?: string } = {},
): ImportMapping {
  const field = opts.field ?? 'mapping';
  const file = name.endsWith('.json') ? name : `${name}.json`;
  const fail = (reason: Msg | string): never => {
    throw new DomainError('INPUT_INVALID', msg('import.mapping_unknown', { name }), [
      { field, value: name, reason },
    ]);
  };
  if (!NAME.test(file) || !existsSync(join(importDir(opts.modelsDir), file)))
    fail(
      msg('import.mapping_unknown_reason', {
        names: listMappings(opts.modelsDir)
          .map((m) => m.name)
          .join(', '),
      }),
    );
  let mapping: ImportMapping | undefined;
  try {
    mapping = loadImportMapping(`import/${file}`, opts.modelsDir);
  } catch (err) {
    fail((err as Error).message);
  }
  if (mapping!.kind !== kind) fail(mappingKindMismatch(mapping!.kind, kind));
  return mapping!;
}

/** "The mapping file is for tickets, not dossiers", the kinds named in the reader's language. */
export function mappingKindMismatch(kind: ImportMapping['kind'], expected: ImportMapping['kind']): Msg {
  return msg('import.mapping_kind', {
    kind: msg(`import.kind.${kind}`),
    expected: msg(`import.kind.${expected}`),
  });
}
