import { parse } from 'csv-parse/sync';
import { isIsoDate } from '../core/calendar/dates.ts';
import { DomainError, type ErrorDetail } from '../core/errors.ts';
import { keyId, type PanelKey } from '../core/forecast/panel.ts';
import { msg } from '../core/messages.ts';
import { CHANNELS, FIELDS } from '../schemas/domain.ts';
import type { LocalEvent } from '../schemas/models.ts';

/** Key columns a panel may carry, in output order. */
export const KEY_COLUMNS = ['point', 'channel', 'field'] as const;
export type KeyColumn = (typeof KEY_COLUMNS)[number];

export interface ParsedSeriesCsv {
  /** Key columns present in the file (empty for a `date,value` file). */
  keyColumns: KeyColumn[];
  series: Array<{ key: PanelKey; history: Array<{ date: string; value: number | null }> }>;
  rows: number;
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function readRecords(text: string, what: string): CsvRecord[] {
  try {
    return parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new DomainError('INPUT_INVALID', msg('series.not_csv', { what, error: e.message }), [
      { line: e.lines, reason: e.message },
    ]);
  }
}

const MAX_DETAILS = 1000;

/**
 * Parses a daily series file: `date,value` (one series) or a long panel `date,point,channel,field,count`
 * with any subset of the key columns (the count column may be named `count` or `value`). Accepts a UTF-8
 * BOM and rows in any order (sorted by date). An empty value is a missing day.
 * @throws DomainError INPUT_INVALID listing every bad line (bad date, non-numeric or negative value,
 *   unknown channel or field, a date given twice for the same series).
 */
export function parseSeriesCsv(text: string, what = 'input'): ParsedSeriesCsv {
  const records = readRecords(text, what);
  if (records.length === 0) throw new DomainError('INPUT_INVALID', msg('series.empty', { what }), []);
  const header = records[0]!.record.map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const dateCol = col('date');
  const valueCol = col('count') >= 0 ? col('count') : col('value');
  if (dateCol < 0 || valueCol < 0)
    throw new DomainError('INPUT_INVALID', msg('series.header', { what, found: header.join(',') }), [
      { line: records[0]!.info.lines, reason: msg('series.header_reason') },
    ]);
  const keyColumns = KEY_COLUMNS.filter((k) => col(k) >= 0);
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const bySeries = new Map<string, ParsedSeriesCsv['series'][number]>();
  for (const { record, info } of records.slice(1)) {
    if (details.length >= MAX_DETAILS) break;
    const line = info.lines;
    const date = record[dateCol] ?? '';
    const rawValue = record[valueCol] ?? '';
    let ok = true;
    if (!isIsoDate(date)) {
      details.push({ line, field: 'date', value: date, reason: msg('series.not_iso_date') });
      ok = false;
    }
    let value: number | null = null;
    if (rawValue !== '') {
      value = Number(rawValue);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(rawValue) || !Number.isFinite(value)) {
        details.push({ line, field: header[valueCol], value: rawValue, reason: msg('series.not_number') });
        ok = false;
      } else if (value < 0) {
        details.push({ line, field: header[valueCol], value: rawValue, reason: msg('series.negative') });
        ok = false;
      }
    }
    const key: PanelKey = {};
    for (const k of keyColumns) {
      const v = record[col(k)] ?? '';
      if (v === '') {
        details.push({ line, field: k, reason: msg('series.empty_key', { column: k }) });
        ok = false;
        continue;
      }
      if (k === 'channel' && !(CHANNELS as readonly string[]).includes(v)) {
        details.push({
          line,
          field: k,
          value: v,
          reason: msg('series.unknown_channel', { allowed: CHANNELS.join(', ') }),
        });
        ok = false;
      }
      if (k === 'field' && !(FIELDS as readonly string[]).includes(v)) {
        details.push({
          line,
          field: k,
          value: v,
          reason: msg('series.unknown_field', { allowed: FIELDS.join(', ') }),
        });
        ok = false;
      }
      key[k] = v;
    }
    if (!ok) continue;
    const id = keyId(key);
    const dupKey = `${id}@${date}`;
    const first = seen.get(dupKey);
    if (first !== undefined) {
      details.push({
        line,
        field: 'date',
        value: date,
        reason: keyColumns.length
          ? msg('series.duplicate_date_for', { first, series: id })
          : msg('series.duplicate_date', { first }),
      });
      continue;
    }
    seen.set(dupKey, line);
    let s = bySeries.get(id);
    if (!s) {
      s = { key, history: [] };
      bySeries.set(id, s);
    }
    s.history.push({ date, value });
  }
  if (details.length > 0) {
    const lines = [...new Set(details.map((d) => d.line))].slice(0, 10).join(', ');
    throw new DomainError(
      'INPUT_INVALID',
      msg('series.bad_lines', {
        what,
        count: `${details.length}${details.length >= MAX_DETAILS ? '+' : ''}`,
        lines: `${lines}${details.length > 10 ? ', …' : ''}`,
      }),
      details,
    );
  }
  const series = [...bySeries.values()];
  for (const s of series) s.history.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (series.length === 0) throw new DomainError('INPUT_INVALID', msg('series.no_rows', { what }), []);
  return { keyColumns, series, rows: records.length - 1 };
}

const TRUE = new Set(['', 'true', '1', 'yes', 'y', 'closed', 'x']);
const FALSE = new Set(['false', '0', 'no', 'n', 'open']);

/**
 * Parses holidays, local closures and events — any country's list: `date,name[,closed[,points][,before]
 * [,after]]`. `closed` defaults to true (the file lists closures); `points`, when given, limits the event to
 * those point codes (separated by `;` or spaces); `before` / `after` (whole days 0–14, default 1) are the
 * open days around it with their own forecast effect. Every name gets its own before / on / after effect
 * in the forecast (shared by the years it recurs). Returns the events for `new WorkCalendar(model, events)`.
 * @throws DomainError INPUT_INVALID listing every bad line.
 */
export function parseLocalEventsCsv(text: string, what = 'holidays'): LocalEvent[] {
  const records = readRecords(text, what);
  if (records.length === 0) return [];
  const header = records[0]!.record.map((h) => h.toLowerCase());
  const dateCol = header.indexOf('date');
  const nameCol = header.indexOf('name');
  const closedCol = header.indexOf('closed');
  const pointsCol = header.indexOf('points');
  const beforeCol = header.indexOf('before');
  const afterCol = header.indexOf('after');
  if (dateCol < 0 || nameCol < 0)
    throw new DomainError('INPUT_INVALID', msg('events.header', { what }), [
      { line: records[0]!.info.lines, reason: msg('events.found', { header: header.join(',') }) },
    ]);
  const details: ErrorDetail[] = [];
  const out: LocalEvent[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const date = record[dateCol] ?? '';
    const name = record[nameCol] ?? '';
    const closedRaw = (closedCol >= 0 ? (record[closedCol] ?? '') : '').toLowerCase();
    if (!isIsoDate(date))
      details.push({ line, field: 'date', value: date, reason: msg('series.not_iso_date') });
    if (name === '') details.push({ line, field: 'name', reason: msg('events.empty_name') });
    if (!TRUE.has(closedRaw) && !FALSE.has(closedRaw))
      details.push({
        line,
        field: 'closed',
        value: closedRaw,
        reason: msg('events.closed'),
      });
    const window: Partial<Record<'before' | 'after', number>> = {};
    for (const [field, col] of [
      ['before', beforeCol],
      ['after', afterCol],
    ] as const) {
      const raw = col >= 0 ? (record[col] ?? '').trim() : '';
      if (raw === '') continue;
      if (!/^\d{1,2}$/.test(raw) || Number(raw) > 14)
        details.push({ line, field, value: raw, reason: msg('events.window') });
      else window[field] = Number(raw);
    }
    if (details.length > 0 && details[details.length - 1]!.line === line) continue;
    const event: LocalEvent = { date, name, closed: TRUE.has(closedRaw), ...window };
    const points = pointsCol >= 0 ? (record[pointsCol] ?? '').split(/[;\s]+/).filter(Boolean) : [];
    if (points.length > 0) event.points = points;
    out.push(event);
  }
  if (details.length > 0)
    throw new DomainError(
      'INPUT_INVALID',
      msg('events.bad_lines', {
        what,
        lines: [...new Set(details.map((d) => d.line))].slice(0, 10).join(', '),
      }),
      details,
    );
  return out;
}
