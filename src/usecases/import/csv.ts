import { createReadStream } from 'node:fs';
import { unsafeCell } from '../../core/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { type Msg, msg } from '../../core/messages.ts';
import { refusedChar } from '../../core/text.ts';
import { type CsvRecord, CsvTokenizer } from './csv-tokenizer.ts';

/** Bytes or text, streamed or in memory. */
export type ByteSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

export interface CsvFormat {
  readonly name: string;
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

export interface CsvRow {
  /** The format whose header matched. */
  format: string;
  /** 1-based physical line of the record in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/**
 * Decodes a byte stream as strict UTF-8 (a BOM, as Excel writes, is dropped); any invalid byte sequence
 * fails with the line it is on instead of silently becoming U+FFFD.
 */
async function* decodeUtf8(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 1;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // Find the first bad line for the message: decode the chunk leniently and look for U+FFFD.
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const at = lenient.indexOf('\uFFFD');
      const badLine = line + (at < 0 ? 0 : (lenient.slice(0, at).match(/\n/g)?.length ?? 0));
      throw new DomainError('IMPORT_INVALID', msg('import.not_utf8', { line: badLine }), [
        { line: badLine, reason: msg('import.not_utf8_row') },
      ]);
    }
    line += text.match(/\n/g)?.length ?? 0;
    yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Streams CSV records, in batches (one per chunk read: per-row async iteration would cost more than the
 * parsing), with their line numbers. The header is checked against `expected` (exact names, any
 * order; extra columns are rejected, listed ones may be optional). Values are trimmed and NFC-normalised; a
 * NUL or unpaired surrogate (which PostgreSQL refuses) fails naming line and column.
 * @throws DomainError IMPORT_INVALID for an empty file, a wrong header or malformed CSV.
 */
/** Pure-ASCII cells (most of a volumes file) skip normalisation. */
const NON_ASCII = /[^ -~\t]/;

/**
 * Resolves a header some other way than exact names (the register's mapped headers): the format's name and the
 * key of each column (`''`: the column is ignored). Throws a DomainError for a header it cannot use.
 */
export type HeaderResolver = (header: string[]) => { format: string; names: string[] };

const PIECE = 1 << 16;

export async function* readCsv(
  source: ByteSource,
  formats: CsvFormat[] | HeaderResolver,
  opts: { omitEmpty?: boolean } = {},
): AsyncGenerator<CsvRow[]> {
  const omitEmpty = opts.omitEmpty === true;
  const tokenizer = new CsvTokenizer();
  let header: string[] | undefined;
  let names: string[] = [];
  let format = '';
  let first = true;
  // Non-ASCII cells already checked and normalised: names of procedures, points and fields repeat on every row.
  const checked = new Map<string, string>();
  const rows = (records: CsvRecord[]): CsvRow[] => {
    const out: CsvRow[] = [];
    for (const rec of records) {
      // NFC: Vietnamese typed on some keyboards (or exported on macOS) arrives decomposed.
      const cells = rec.cells.map((c, i) => {
        const t = c.trim();
        if (!NON_ASCII.test(t)) return unsafeCell(t);
        const known = checked.get(t);
        if (known !== undefined) return known;
        const char = refusedChar(t);
        if (char) {
          const at = { line: rec.line, column: header?.[i] ?? String(i + 1), char };
          throw new DomainError('IMPORT_INVALID', msg('import.refused_char', at), [
            { line: rec.line, field: at.column, reason: msg('import.refused_char_row', { char }) },
          ]);
        }
        // A cell an export neutralised against formulas ('=…) reads back as its original text.
        const out = unsafeCell(t.normalize('NFC'));
        if (checked.size >= 10_000) checked.clear();
        checked.set(t, out);
        return out;
      });
      if (!header) {
        header = cells;
        if (typeof formats === 'function') ({ format, names } = formats(header));
        else {
          format = matchHeader(header, formats);
          names = header;
        }
        continue;
      }
      if (cells.length !== header.length) {
        const size = { line: rec.line, cells: cells.length, header: header.length };
        throw new DomainError('IMPORT_INVALID', msg('import.columns', size), [
          { line: rec.line, reason: msg('import.columns_row', size) },
        ]);
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < names.length; i++)
        if (names[i] && !(omitEmpty && cells[i] === '')) values[names[i]!] = cells[i]!;
      out.push({ format, line: rec.line, values });
    }
    return out;
  };
  for await (let text of decodeUtf8(source)) {
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // In pieces of 64 KiB (~300 records): a whole 1 MiB chunk's records, alive at once while they are checked,
    // outlived the young generation's collections and were promoted (measured: 40% of each scavenge survived).
    for (let at = 0; at < text.length; at += PIECE) {
      const batch = rows(tokenizer.push(text.slice(at, at + PIECE)));
      if (batch.length) yield batch;
    }
  }
  const last = rows(tokenizer.end());
  if (last.length) yield last;
  if (!header) throw new DomainError('IMPORT_INVALID', msg('import.file_empty'));
}

function matchHeader(header: string[], formats: CsvFormat[]): string {
  const problems = formats.map((f) => headerProblems(header, f));
  const ok = problems.findIndex((p) => p.length === 0);
  if (ok >= 0) return formats[ok]!.name;
  const expected = formats.map((f) =>
    f.optional?.length
      ? msg('import.format_optional', { required: f.required.join(','), optional: f.optional.join(',') })
      : msg('import.format', { required: f.required.join(',') }),
  );
  const parts = problems[0]!;
  throw new DomainError('IMPORT_INVALID', msg('import.header', { problems: parts, expected }), [
    {
      line: 1,
      field: 'header',
      value: header.join(','),
      reason: msg('import.header_problems', { problems: parts }),
    },
  ]);
}

function headerProblems(header: string[], expected: CsvFormat): Msg[] {
  const allowed = new Set([...expected.required, ...(expected.optional ?? [])]);
  const missing = expected.required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !allowed.has(c));
  const dup = header.filter((c, i) => header.indexOf(c) !== i);
  if (missing.length || unknown.length || dup.length) {
    return [
      missing.length ? msg('import.header_missing', { columns: missing.join(', ') }) : undefined,
      unknown.length ? msg('import.header_unknown', { columns: unknown.join(', ') }) : undefined,
      dup.length ? msg('import.header_duplicated', { columns: dup.join(', ') }) : undefined,
    ].filter((m): m is Msg => m !== undefined);
  }
  return [];
}

export function fileSource(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}
