/**
 * The one Excel writer of dieuphoi (plan roster, indicator report, overdue-risk list, roadmap): sheets of typed
 * columns, a bold frozen header row, column widths, ISO dates written as real dates shown dd/mm/yyyy, and
 * every text cell through `safeCell` (core/csv.ts) — the same formula-injection rule as the CSV exports, so a
 * staff name `=HYPERLINK(...)` arrives as the text `'=HYPERLINK(...)`, never as a formula.
 */
import ExcelJS from 'exceljs';
import { safeCell } from '../core/csv.ts';

export type XlsxKind = 'text' | 'int' | 'number' | 'pct' | 'date' | 'datetime';

export interface XlsxColumn {
  header: string;
  /** width in characters (default: from the header, at least 10) */
  width?: number;
  /** how cells are written (default text) */
  kind?: XlsxKind;
}

export interface XlsxSheet {
  name: string;
  columns: ReadonlyArray<XlsxColumn>;
  rows: Iterable<ReadonlyArray<unknown>>;
}

const FORMATS: Record<XlsxKind, string | undefined> = {
  text: '@',
  int: '0',
  number: '0.00',
  pct: '0.0%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || 'Sheet';
  let out = base;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${base.slice(0, 28)} ${i}`;
  taken.add(out.toLowerCase());
  return out;
}

/** `2026-01-05` or `2026-01-05T08:30…` as the Date Excel shows as that local day and time. */
function excelDate(v: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(v);
  if (!m) return v;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0)));
}

function cellValue(v: unknown, kind: XlsxKind): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  if (kind === 'date' || kind === 'datetime') {
    if (typeof v === 'string') {
      const d = excelDate(v);
      return typeof d === 'string' ? safeCell(d) : d;
    }
  }
  if (kind !== 'text' && typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  // Text (and anything else) through the one safe-cell rule; a number in a text column stays a number.
  if (typeof v === 'number') return v;
  return safeCell(v);
}

/** A workbook of `sheets` as an .xlsx buffer. */
export async function writeXlsx(sheets: ReadonlyArray<XlsxSheet>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dieuphoi';
  const taken = new Set<string>();
  for (const s of sheets) {
    const ws = wb.addWorksheet(sheetName(s.name, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({
      header: safeCell(c.header),
      width: c.width ?? Math.max(10, c.header.length + 2),
      style: { numFmt: FORMATS[c.kind ?? 'text'] },
    }));
    ws.getRow(1).font = { bold: true };
    const kinds = s.columns.map((c) => c.kind ?? 'text');
    for (const r of s.rows) ws.addRow(kinds.map((k, i) => cellValue(r[i], k)));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, s.columns.length) } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads a workbook back as sheets of cell values (tests and the CLI's checks). */
export async function readXlsx(buf: Buffer | Uint8Array): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out = new Map<string, unknown[][]>();
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const vals = row.values as unknown[];
      rows.push(vals.slice(1));
    });
    out.set(ws.name, rows);
  });
  return out;
}
