import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, safeCell } from '../core/csv.ts';
import type { Dossier } from '../schemas/register.ts';
import type { Queryable } from '../store/db.ts';
import { type DossierFilter, iterateDossiers } from '../store/dossiers-repo.ts';

/** The columns of `export --dossiers`: the register's English names, which `import --dossiers` reads back. */
export const DOSSIER_EXPORT_COLUMNS = [
  'code',
  'procedure_code',
  'procedure_name',
  'field',
  'channel',
  'online_level',
  'receiving_point',
  'competent_unit',
  'received_at',
  'due_at',
  'due_computed',
  'finished_at',
  'returned_at',
  'digitised',
  'electronic_result',
  'withdrawn',
  'status',
  'timeliness',
] as const satisfies ReadonlyArray<keyof Dossier>;

/** One dossier's cells in export order (booleans as true/false, unknown as empty). */
export function dossierCells(d: Dossier): Array<string | boolean | null> {
  return DOSSIER_EXPORT_COLUMNS.map((c) => d[c]);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await new Promise((r) => out.once('drain', r));
}

/**
 * Streams the dossiers received in a range to `out` as CSV (the one safe-cell writer) or as an .xlsx workbook
 * (exceljs's streaming writer, the same safe cells). Returns the number of dossiers written.
 */
export async function exportDossiers(
  db: Queryable,
  filter: DossierFilter,
  format: 'csv' | 'xlsx',
  out: Writable,
): Promise<number> {
  let n = 0;
  if (format === 'csv') {
    await write(out, `${csvLine([...DOSSIER_EXPORT_COLUMNS])}\n`);
    for await (const d of iterateDossiers(db, filter)) {
      await write(out, `${csvLine(dossierCells(d))}\n`);
      n++;
    }
    return n;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const ws = wb.addWorksheet('dossiers');
  ws.addRow([...DOSSIER_EXPORT_COLUMNS]).commit();
  for await (const d of iterateDossiers(db, filter)) {
    ws.addRow(
      dossierCells(d).map((v) => (typeof v === 'boolean' ? String(v) : v === null ? null : safeCell(v))),
    ).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}
