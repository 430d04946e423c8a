import { basename, dirname, extname } from 'node:path';
import { WorkCalendar } from '../../core/calendar/calendar.ts';
import { DomainError, type ErrorDetail } from '../../core/errors.ts';
import { type MessageKey, type MsgParam, msg } from '../../core/messages.ts';
import { type DayTime, dayTimeOfDate, dayTimeOfSerial, parseDayTime } from '../../core/register/day-time.ts';
import { dueDate } from '../../core/register/due-date.ts';
import { foldKey, unitNameKey } from '../../core/register/fold.ts';
import { CHANNELS, type Channel, FIELDS, type Field } from '../../schemas/domain.ts';
import { ImportMapping, type Procedure } from '../../schemas/register.ts';
import { listLocalEvents } from '../../store/calendar-repo.ts';
import { BinaryCopy } from '../../store/copy-bytes.ts';
import type { Db } from '../../store/db.ts';
import type { DossierRecord } from '../../store/dossiers-repo.ts';
import { startDossierWrite } from '../../store/dossiers-write.ts';
import { DOSSIER_TABLES, refreshStatistics } from '../../store/maintenance.ts';
import {
  loadCalendarModel,
  loadImportMapping,
  loadModelFile,
  loadProceduresModel,
} from '../../store/model-files.ts';
import { listPoints } from '../../store/points-repo.ts';
import { type TicketRecord, ticketsToCsv, upsertTicketsCsv } from '../../store/tickets-repo.ts';
import type { ByteSource } from './csv.ts';
import { mappingKindMismatch } from './mappings.ts';
import {
  type HeaderNames,
  placeDetail,
  type RowPlace,
  readRegister,
  type SourceFormat,
  type SourceRow,
} from './register-source.ts';
import { BatchWriter, ByteBatchWriter, ownKey } from './write-ahead.ts';

export type RegisterKind = 'dossiers' | 'tickets';

export interface RegisterImportOptions {
  format: SourceFormat;
  /** Excel: the sheet to read (default the first). */
  sheet?: string;
  /** A mapping (models/import/*.json format); default `models/import/<kind>-default.json`. */
  mapping?: ImportMapping;
  /** Today in Asia/Ho_Chi_Minh: a receipt after it is refused. */
  today: string;
  modelsDir?: string;
  /** Rows per COPY batch (10,000: fewer rows survive young-generation GCs than with 50,000 — measured ~20% less CPU). */
  batchRows?: number;
}

export interface RegisterImportResult {
  kind: RegisterKind;
  rows: number;
  changed: number;
  /** Register days whose daily volumes were recomputed (dossiers). */
  days?: number;
  /** Rows imported with a remark (unknown field name → other, unknown procedure with a known field). */
  warnings_total: number;
  /** The first 200 of them. */
  warnings: ErrorDetail[];
  seconds: number;
}

const MAX_WARNINGS = 200;

/** How far an unordered list of bad rows is sorted for the report: by line, or by sheet and row. */
function byPlace(a: ErrorDetail, b: ErrorDetail): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.sheet ?? '').localeCompare(b.sheet ?? '') ||
    (a.row ?? 0) - (b.row ?? 0)
  );
}

export function invalid(kind: RegisterKind | 'attendance', errors: ErrorDetail[]): DomainError {
  errors.sort(byPlace);
  const rows = new Set(errors.map((e) => `${e.line ?? ''}|${e.sheet ?? ''}|${e.row ?? ''}`)).size;
  return new DomainError(
    'IMPORT_INVALID',
    msg(rows === 1 ? 'import.bad_rows.one' : 'import.bad_rows.other', {
      kind: msg(`import.kind.${kind}`),
      lines: rows,
    }),
    errors,
  );
}

/**
 * `foldKey` remembered: a register repeats a few hundred distinct values (fields, channels, procedure codes,
 * yes/no) over millions of cells, and folding (NFD, three regular expressions) was 4% of an import's CPU.
 * Bounded: emptied when it holds 10,000 keys (a column of distinct values gains nothing from it).
 */
const folded = new Map<string, string>();
function fold(s: string): string {
  let k = folded.get(s);
  if (k === undefined) {
    if (folded.size >= 10_000) folded.clear();
    k = foldKey(s);
    folded.set(s, k);
  }
  return k;
}

/** Value maps of a mapping by register column, keyed by `foldKey` of the source value. */
export function valueMaps(
  mapping: ImportMapping,
  fallback: ImportMapping | undefined,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const m of [fallback, mapping])
    for (const [column, values] of Object.entries(m?.values ?? {})) {
      const map = out.get(column) ?? new Map<string, string>();
      for (const [from, to] of Object.entries(values)) map.set(foldKey(from), to);
      out.set(column, map);
    }
  return out;
}

const YES = new Set(['co', 'x', '1', 'true', 'yes', 'y', 'da', 'roi']);
const NO = new Set(['khong', '0', 'false', 'no', 'n', 'chua']);

/** Resolves points by code (as stored, or case-insensitive) or by name (diacritics- and prefix-insensitive). */
export class PointIndex {
  private readonly byKey = new Map<string, string | null>();
  constructor(points: Array<{ code: string; name: string }>) {
    const add = (k: string, code: string) => {
      if (!k) return;
      const had = this.byKey.get(k);
      this.byKey.set(k, had === undefined || had === code ? code : null); // null: two points share it
    };
    for (const p of points) add(`=${p.code}`, p.code);
    for (const p of points) add(`c${foldKey(p.code)}`, p.code);
    for (const p of points) add(`n${unitNameKey(p.name)}`, p.code);
  }
  private readonly found = new Map<string, string | null | undefined>();
  /** The code, `null` for a name two points share, undefined when unknown. */
  find(v: string): string | null | undefined {
    const direct = this.byKey.get(`=${v}`);
    if (direct) return direct;
    if (this.found.has(v)) return this.found.get(v);
    const code = this.byKey.get(`c${foldKey(v)}`) ?? this.byKey.get(`n${unitNameKey(v)}`);
    if (this.found.size < 10_000) this.found.set(v, code);
    return code;
  }
}

/** Checks one row's cells, collecting each problem with its place, column (as the file names it), value, reason. */
export class RegisterRowCheck {
  readonly errors: ErrorDetail[] = [];
  readonly warnings: ErrorDetail[] = [];
  constructor(
    private readonly row: SourceRow,
    private readonly names: HeaderNames,
    private readonly values: Map<string, Map<string, string>>,
  ) {}

  private detail(column: string, key: MessageKey, params?: Record<string, MsgParam>): ErrorDetail {
    const v = this.row.values[column];
    return {
      ...placeDetail(this.row.at),
      field: this.names.get(column) ?? column,
      ...(v === undefined ? {} : { value: v instanceof Date ? v.toISOString() : v }),
      reason: msg(key, params),
    };
  }

  fail(column: string, key: MessageKey, params?: Record<string, MsgParam>): undefined {
    this.errors.push(this.detail(column, key, params));
    return undefined;
  }

  warn(column: string, key: MessageKey, params?: Record<string, MsgParam>): void {
    this.warnings.push(this.detail(column, key, params));
  }

  has(column: string): boolean {
    return this.row.values[column] !== undefined;
  }

  text(column: string, opts: { required?: boolean; max?: number } = {}): string | null {
    const v = this.row.values[column];
    if (v === undefined) return opts.required ? (this.fail(column, 'import.empty') ?? null) : null;
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    const max = opts.max ?? 200;
    if (s.length > max) return this.fail(column, 'import.too_long', { max }) ?? null;
    return s;
  }

  /** A mapped value (channel, field, level), or undefined when absent or unknown (`unknown` says which). */
  mapped(column: string): { value?: string; unknown: boolean } {
    const v = this.row.values[column];
    if (v === undefined) return { unknown: false };
    const got = this.values.get(column)?.get(fold(String(v)));
    return got === undefined ? { unknown: true } : { value: got, unknown: false };
  }

  bool(column: string): boolean | null {
    const v = this.row.values[column];
    if (v === undefined) return null;
    if (typeof v === 'boolean') return v;
    const k = fold(String(v));
    const mapped = this.values.get(column)?.get(k);
    if (mapped === 'true' || YES.has(k)) return true;
    if (mapped === 'false' || NO.has(k)) return false;
    this.fail(column, 'import.register_boolean');
    return null;
  }

  dayTime(column: string, opts: { required?: boolean } = {}): DayTime | undefined {
    const v = this.row.values[column];
    if (v === undefined) {
      if (opts.required) this.fail(column, 'import.empty');
      return undefined;
    }
    const dt =
      v instanceof Date
        ? dayTimeOfDate(v)
        : typeof v === 'number'
          ? dayTimeOfSerial(v)
          : typeof v === 'string'
            ? parseDayTime(v)
            : undefined;
    if (!dt) this.fail(column, 'import.register_date');
    return dt;
  }

  point(column: string, index: PointIndex): string | undefined {
    const v = this.text(column);
    if (v === null) return undefined;
    const code = index.find(v);
    if (code === undefined) return this.fail(column, 'import.unknown_point_name');
    if (code === null) return this.fail(column, 'import.ambiguous_point');
    return code;
  }
}

/** `line 3` or `sheet Hồ sơ row 3`, for a message naming another row. */
export const placeMsg = (at: RowPlace) =>
  'line' in at
    ? msg('import.place_line', { line: at.line })
    : msg('import.place_row', { sheet: at.sheet, row: at.row });

const sameOrAfter = (a: DayTime, b: DayTime) =>
  a.day > b.day || (a.day === b.day && (a.time === null || b.time === null || a.time >= b.time));

/**
 * The keys already seen in a file and where (duplicate detection across the whole file): the row number only,
 * the sheet being the one sheet read — a million dossier codes fit in ~100 MB.
 */
export class Seen {
  private readonly at = new Map<string, number>();
  private sheet: string | undefined;
  /** Notes `key` at `place`; returns where it was first seen, if it was. */
  check(key: string, place: RowPlace): RowPlace | undefined {
    const first = this.at.get(key);
    if (first !== undefined)
      return this.sheet === undefined ? { line: first } : { sheet: this.sheet, row: first };
    const own = ownKey(key);
    if ('line' in place) this.at.set(own, place.line);
    else {
      this.sheet = place.sheet;
      this.at.set(own, place.row);
    }
    return undefined;
  }
}

interface Prepared {
  mapping: ImportMapping;
  values: Map<string, Map<string, string>>;
  points: PointIndex;
}

async function prepare(db: Db, kind: RegisterKind, opts: RegisterImportOptions): Promise<Prepared> {
  const fallback = loadImportMapping(`import/${kind}-default.json`, opts.modelsDir);
  const mapping = opts.mapping ?? fallback;
  if (mapping.kind !== kind) throw new DomainError('INPUT_INVALID', mappingKindMismatch(mapping.kind, kind));
  // The register's own column names are always understood (an export of dieuphoi reads back).
  const columns = { ...mapping.columns };
  for (const c of Object.keys(fallback.columns)) columns[c] = [...(columns[c] ?? []), c];
  const points = new PointIndex(await listPoints(db));
  return { mapping: { ...mapping, columns }, values: valueMaps(mapping, fallback), points };
}

/**
 * Streams, validates and upserts a dossier register (CSV or XLSX) in one transaction — each batch written as
 * soon as it is validated, so memory stays bounded whatever the file's size —, then recomputes the daily volumes
 * of the days it touched. Every bad row is reported (line — or sheet and row —, column, value, reason) and
 * nothing is written unless the whole file is clean (a bad row stops the writing and rolls it all back); re-importing the same file changes nothing and
 * a later export updates the dossiers it changes (upsert by code).
 * @throws DomainError IMPORT_INVALID
 */
export async function importDossiers(
  db: Db,
  source: ByteSource,
  opts: RegisterImportOptions,
): Promise<RegisterImportResult> {
  const started = performance.now();
  const p = await prepare(db, 'dossiers', opts);
  const procedures = new Map<string, Procedure>();
  for (const proc of loadProceduresModel(opts.modelsDir).procedures) {
    if (proc.code) procedures.set(foldKey(proc.code), proc);
    procedures.set(foldKey(proc.id), proc);
  }
  const calendar = new WorkCalendar(loadCalendarModel(opts.modelsDir), await listLocalEvents(db));
  const names: HeaderNames = new Map();
  const errors: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  let warningsTotal = 0;
  const seen = new Seen();
  const batchRows = opts.batchRows ?? 10_000;
  let rows = 0;
  const source$ = readRegister(
    source,
    {
      format: opts.format,
      sheet: opts.sheet,
      mapping: p.mapping,
      required: ['code', 'receiving_point', 'channel', 'received_at'],
      oneOf: [['procedure_code', 'field']],
    },
    names,
  );
  // The batches are written as they are validated, one in flight while the next is read (the store's thread or
  // server works beside this one); a bad row stops the writing and the transaction is rolled back at the end.
  const { changed, days } = await db.transaction(async (tx) => {
    const out = await startDossierWrite(tx);
    const held = new BinaryCopy();
    const batches = new ByteBatchWriter<DossierRecord>(
      batchRows,
      held,
      (r) => out.encode(r, held),
      (bytes) => out.write(bytes),
    );
    try {
      for await (const batch of source$)
        for (const row of batch) {
          rows++;
          const c = new RegisterRowCheck(row, names, p.values);
          const code = c.text('code', { required: true, max: 100 });
          const procedureCode = c.text('procedure_code', { max: 40 });
          const procedureName = c.text('procedure_name', { max: 500 });
          const procedure = procedureCode === null ? undefined : procedures.get(fold(procedureCode));
          let field: Field | undefined;
          const f = c.mapped('field');
          if (f.value !== undefined) {
            if ((FIELDS as readonly string[]).includes(f.value)) field = f.value as Field;
            else c.fail('field', 'import.mapping_value', { value: f.value });
          } else if (f.unknown) {
            field = 'other';
            c.warn('field', 'import.field_other');
          }
          const fieldKnown = f.value !== undefined;
          if (procedureCode !== null && !procedure) {
            if (fieldKnown) c.warn('procedure_code', 'import.procedure_unknown_warning');
            else c.fail('procedure_code', 'import.procedure_unknown');
          }
          if (field === undefined && procedure) field = procedure.field;
          if (field === undefined && procedureCode === null) c.fail('field', 'import.field_or_procedure');
          const ch = c.mapped('channel');
          let channel: Channel | undefined;
          if (ch.value !== undefined && (CHANNELS as readonly string[]).includes(ch.value))
            channel = ch.value as Channel;
          else if (c.has('channel')) c.fail('channel', 'import.channel_value');
          else c.fail('channel', 'import.empty');
          const lvl = c.mapped('online_level');
          let level: 'full' | 'partial' | null = null;
          if (lvl.value === 'full' || lvl.value === 'partial') level = lvl.value;
          else if (c.has('online_level')) c.fail('online_level', 'import.online_level_value');
          const receiving = c.point('receiving_point', p.points);
          const competent = c.has('competent_unit') ? c.point('competent_unit', p.points) : receiving;
          const received = c.dayTime('received_at', { required: true });
          if (received && received.day > opts.today)
            c.fail('received_at', 'import.future', { today: opts.today });
          const dueGiven = c.dayTime('due_at');
          const finished = c.dayTime('finished_at');
          const returned = c.dayTime('returned_at');
          if (received && finished) {
            if (!sameOrAfter(finished, received)) c.fail('finished_at', 'import.before_received');
            else if (finished.day > opts.today) c.fail('finished_at', 'import.future', { today: opts.today });
          }
          if (received && returned && !sameOrAfter(returned, received))
            c.fail('returned_at', 'import.before_received');
          let due = dueGiven;
          if (received && due && due.day < received.day) c.fail('due_at', 'import.before_received');
          if (received && !due && !c.has('due_at')) {
            if (procedure)
              due = {
                day: dueDate(procedure.deadline, received.day, received.time?.slice(0, 5), calendar),
                time: null,
              };
            else if (!(procedureCode !== null && !fieldKnown)) c.fail('due_at', 'import.due_unknown');
          }
          const digitised = c.bool('digitised');
          const electronic = c.bool('electronic_result');
          const withdrawn = c.bool('withdrawn') ?? false;
          const dueComputed = c.bool('due_computed');
          if (code !== null) {
            const first = seen.check(code, row.at);
            if (first !== undefined) c.fail('code', 'import.duplicate_code', { first: placeMsg(first) });
          }
          warningsTotal += c.warnings.length;
          if (warnings.length < MAX_WARNINGS)
            warnings.push(...c.warnings.slice(0, MAX_WARNINGS - warnings.length));
          if (c.errors.length) {
            errors.push(...c.errors);
            batches.drop();
            continue;
          }
          // Once a row is bad nothing will be written: stop writing, keep validating to report every bad row.
          if (errors.length) continue;
          await batches.add({
            code: code!,
            procedure_code: procedureCode,
            procedure_name: procedureName,
            field: field!,
            channel: channel!,
            online_level: level,
            receiving_point: receiving!,
            competent_unit: competent!,
            received_on: received!.day,
            received_time: received!.time,
            due_on: due!.day,
            due_time: due!.time,
            // An export of dieuphoi says which due days were computed: they stay so when it is imported back.
            due_computed: dueGiven === undefined || dueComputed === true,
            finished_on: finished?.day ?? null,
            finished_time: finished?.time ?? null,
            returned_on: returned?.day ?? null,
            returned_time: returned?.time ?? null,
            digitised,
            electronic_result: electronic,
            withdrawn,
          });
        }
    } catch (err) {
      await batches.settle();
      throw err;
    }
    if (rows === 0 || errors.length) await batches.settle();
    if (rows === 0)
      throw new DomainError('IMPORT_INVALID', msg('import.no_rows', { kind: msg('import.kind.dossiers') }));
    if (errors.length) throw invalid('dossiers', errors);
    await batches.finish();
    return out.end();
  });
  await refreshStatistics(db, DOSSIER_TABLES, changed);
  return {
    kind: 'dossiers',
    rows,
    changed,
    days,
    warnings_total: warningsTotal,
    warnings,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Local timestamp `YYYY-MM-DD HH:MM:SS` of a day and time. */
const stamp = (d: DayTime) => `${d.day} ${d.time ?? '00:00:00'}`;

/**
 * Streams, validates and upserts a queue-ticket log (CSV or XLSX) in one transaction, batch by batch as it is
 * validated, with the rules of `importDossiers`; tickets are keyed by point, day and number. A ticket never called is abandoned unless the
 * file says otherwise.
 * @throws DomainError IMPORT_INVALID
 */
export async function importTickets(
  db: Db,
  source: ByteSource,
  opts: RegisterImportOptions,
): Promise<RegisterImportResult> {
  const started = performance.now();
  const p = await prepare(db, 'tickets', opts);
  const names: HeaderNames = new Map();
  const errors: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  let warningsTotal = 0;
  const seen = new Seen();
  const batchRows = opts.batchRows ?? 10_000;
  let rows = 0;
  const source$ = readRegister(
    source,
    {
      format: opts.format,
      sheet: opts.sheet,
      mapping: p.mapping,
      required: ['point', 'number', 'issued_at'],
    },
    names,
  );
  const changed = await db.transaction(async (tx) => {
    let n = 0;
    const batches = new BatchWriter<TicketRecord>(batchRows, async (rows) => {
      if (rows.length) n += await upsertTicketsCsv(tx, ticketsToCsv(rows));
    });
    try {
      for await (const batch of source$)
        for (const row of batch) {
          rows++;
          const c = new RegisterRowCheck(row, names, p.values);
          const point = c.point('point', p.points);
          const number = c.text('number', { required: true, max: 40 });
          const counter = c.text('counter', { max: 40 });
          const f = c.mapped('field');
          let field: Field = 'other';
          if (f.value !== undefined) {
            if ((FIELDS as readonly string[]).includes(f.value)) field = f.value as Field;
            else c.fail('field', 'import.mapping_value', { value: f.value });
          } else if (f.unknown) c.warn('field', 'import.field_other');
          const issued = c.dayTime('issued_at', { required: true });
          if (issued && issued.time === null) c.fail('issued_at', 'import.time_needed');
          if (issued && issued.day > opts.today) c.fail('issued_at', 'import.future', { today: opts.today });
          const called = c.dayTime('called_at');
          const finished = c.dayTime('finished_at');
          if (called && called.time === null) c.fail('called_at', 'import.time_needed');
          if (finished && finished.time === null) c.fail('finished_at', 'import.time_needed');
          if (issued?.time && called?.time && stamp(called) < stamp(issued))
            c.fail('called_at', 'import.called_before_issued');
          if (finished && !called && c.errors.length === 0)
            c.fail('finished_at', 'import.finished_not_called');
          if (called?.time && finished?.time && stamp(finished) < stamp(called))
            c.fail('finished_at', 'import.finished_before_called');
          const abandoned = c.bool('abandoned') ?? called === undefined;
          if (point && issued && number !== null) {
            const key = `${point}|${issued.day}|${number}`;
            const first = seen.check(key, row.at);
            if (first !== undefined) c.fail('number', 'import.duplicate_ticket', { first: placeMsg(first) });
          }
          warningsTotal += c.warnings.length;
          if (warnings.length < MAX_WARNINGS)
            warnings.push(...c.warnings.slice(0, MAX_WARNINGS - warnings.length));
          if (c.errors.length) {
            errors.push(...c.errors);
            batches.drop();
            continue;
          }
          if (errors.length) continue;
          await batches.add({
            point: point!,
            number: number!,
            counter,
            field,
            issued_at: stamp(issued!),
            called_at: called ? stamp(called) : null,
            finished_at: finished ? stamp(finished) : null,
            abandoned,
          });
        }
    } catch (err) {
      await batches.settle();
      throw err;
    }
    if (rows === 0 || errors.length) await batches.settle();
    if (rows === 0)
      throw new DomainError('IMPORT_INVALID', msg('import.no_rows', { kind: msg('import.kind.tickets') }));
    if (errors.length) throw invalid('tickets', errors);
    await batches.finish();
    return n;
  });
  await refreshStatistics(db, ['tickets'], changed);
  return {
    kind: 'tickets',
    rows,
    changed,
    warnings_total: warningsTotal,
    warnings,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The register import of `kind`. */
export function importRegister(
  db: Db,
  kind: RegisterKind,
  source: ByteSource,
  opts: RegisterImportOptions,
): Promise<RegisterImportResult> {
  return kind === 'dossiers' ? importDossiers(db, source, opts) : importTickets(db, source, opts);
}

/** Today in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function todayInHanoi(nowMs = Date.now()): string {
  return new Date(nowMs + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Reads a mapping file given by path (`--mapping FILE.json`), validated like the model files. */
export function readMappingFile(path: string): ImportMapping {
  return loadModelFile(ImportMapping, basename(path), dirname(path));
}

/** The format of a register file by its name: `.xlsx` or else CSV. @throws DomainError for `.xls`. */
export function formatOfName(name: string): SourceFormat {
  const ext = extname(name).toLowerCase();
  if (ext === '.xls') throw new DomainError('IMPORT_INVALID', msg('import.xlsx_only'));
  return ext === '.xlsx' || ext === '.xlsm' ? 'xlsx' : 'csv';
}
