/**
 * The one CSV writer of dieuphoi (exports, the plan roster, the sample data files, CLI tables): RFC 4180
 * quoting, `\n` line ends, and cells made safe to open in a spreadsheet. The import side reads a neutralised
 * cell back with `unsafeCell`, so export → import is the identity.
 */

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return, possibly behind apostrophes (so that text already starting with `'=` survives a
 * round trip: export adds one apostrophe, import removes one).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;
/** A plain decimal number written as text (`-21.0300`): a spreadsheet reads it as that number, not a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value of a cell as a spreadsheet should see it: numbers (and text that is a plain number) unchanged,
 * text that would start a formula behind a leading apostrophe. The rule for every tabular export (CSV, Excel).
 * @example safeCell('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 */
export function safeCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  const s = String(v);
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** The original text of a cell `safeCell` wrote (one leading apostrophe before a formula start removed). */
export function unsafeCell(cell: string): string {
  // Only a cell starting with ' can be one (checked first: imports call this on every cell).
  return cell.charCodeAt(0) === 39 && NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** One CSV cell: `safeCell`, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(v: unknown): string {
  const s = safeCell(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, without its line end. */
export function csvLine(cells: ReadonlyArray<unknown>): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV text: header, rows, each line ending in `\n`. */
export function toCsv(header: ReadonlyArray<string>, rows: Iterable<ReadonlyArray<unknown>>): string {
  const lines = [csvLine(header)];
  for (const r of rows) lines.push(csvLine(r));
  return `${lines.join('\n')}\n`;
}
