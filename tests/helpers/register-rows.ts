import type { Channel, Field } from '../../src/schemas/domain.ts';
import { channelId, fieldId } from '../../src/store/codes.ts';
import type { Db } from '../../src/store/db.ts';
import { rebuildRegisterDaily } from '../../src/store/register-daily-repo.ts';
import type { ImportContext } from '../../src/usecases/import/import.ts';

/** The import context of the register tests (one morning's hours by default, no unit enrichment). */
export const IMPORT_CTX: ImportContext = {
  defaultHours: { weekday: [['08:00', '12:00']], saturday: [] },
  enrichUnits: () => [],
};

/** Two points of the register tests: a ward and a commune in two branches (Ba Vì, P3, is not one of them). */
export const TWO_POINTS_CSV = `code,name,type,branch,lat,lon,population,area_km2,counters,min_staff,weekday_hours,saturday_hours
P1,Hoàn Kiếm,ward,Chi nhánh 1,21.03,105.85,105301,1.91,4,2,08:00-12:00;13:00-17:00,08:00-12:00
P2,Sóc Sơn,commune,Chi nhánh 2,21.25,105.85,80000,90.5,2,2,08:00-12:00;13:00-17:00,
`;

/** The same with Ba Vì (P3), a second commune of branch 2. */
export const THREE_POINTS_CSV = `${TWO_POINTS_CSV}P3,Ba Vì,commune,Chi nhánh 2,21.2,105.4,90000,120,2,2,08:00-12:00;13:00-17:00,
`;

/** The fewest Vietnamese headers a dossier export needs (fields given by name, due dates given): the workbook tests. */
export const SHORT_DOSSIER_HEADER = [
  'Mã hồ sơ',
  'Lĩnh vực',
  'Nơi tiếp nhận',
  'Hình thức nộp',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
];

/**
 * Register rows for supervision tests. The tables are migration 006/007's; on a store migrated without them
 * (a branch where the register is not in yet) the columns supervision reads are created here, so these tests
 * run either way.
 */
export async function ensureRegisterTables(db: Db): Promise<void> {
  const [row] = await db.query<{ ok: boolean }>(`SELECT to_regclass('dossiers') IS NOT NULL AS ok`);
  if (row?.ok) return;
  await db.exec(`
    CREATE TABLE dossiers (
      code text PRIMARY KEY, procedure_code text, procedure_name text,
      field_id smallint NOT NULL, channel_id smallint NOT NULL, online_level text,
      receiving_point text NOT NULL, competent_unit text NOT NULL,
      received_on date NOT NULL, received_time time, due_on date NOT NULL, due_time time,
      due_computed boolean NOT NULL DEFAULT false,
      finished_on date, finished_time time, returned_on date, returned_time time,
      digitised boolean, electronic_result boolean, withdrawn boolean NOT NULL DEFAULT false,
      timeliness text GENERATED ALWAYS AS (CASE WHEN finished_on IS NULL THEN NULL
        WHEN finished_on < due_on THEN 'early' WHEN finished_on > due_on THEN 'overdue'
        WHEN due_time IS NOT NULL AND finished_time IS NOT NULL AND finished_time > due_time THEN 'overdue'
        ELSE 'on_time' END) STORED);
    CREATE TABLE tickets (
      point text NOT NULL, issued_on date NOT NULL, number text NOT NULL, counter text,
      field_id smallint NOT NULL, issued_at timestamp NOT NULL, called_at timestamp, finished_at timestamp,
      abandoned boolean NOT NULL DEFAULT false, PRIMARY KEY (point, issued_on, number));
    CREATE TABLE register_coverage (point text, first_day date NOT NULL, last_day date NOT NULL, PRIMARY KEY (point, first_day));
  `);
}

export interface TestDossier {
  code: string;
  procedure_code?: string | null;
  procedure_name?: string | null;
  field?: Field;
  channel: Channel;
  online_level?: 'full' | 'partial' | null;
  receiving_point: string;
  competent_unit?: string;
  received_on: string;
  received_time?: string | null;
  due_on: string;
  finished_on?: string | null;
  finished_time?: string | null;
  digitised?: boolean | null;
  electronic_result?: boolean | null;
  withdrawn?: boolean;
}

export async function insertDossiers(db: Db, rows: readonly TestDossier[]): Promise<void> {
  for (const d of rows)
    await db.query(
      `INSERT INTO dossiers (code, procedure_code, procedure_name, field_id, channel_id, online_level,
         receiving_point, competent_unit, received_on, received_time, due_on, due_computed, finished_on,
         finished_time, digitised, electronic_result, withdrawn)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,false,$12,$13,$14,$15,$16)`,
      [
        d.code,
        d.procedure_code ?? null,
        d.procedure_name ?? null,
        fieldId(d.field ?? 'civil_status'),
        channelId(d.channel),
        d.online_level ?? null,
        d.receiving_point,
        d.competent_unit ?? d.receiving_point,
        d.received_on,
        d.received_time ?? null,
        d.due_on,
        d.finished_on ?? null,
        d.finished_time ?? null,
        d.digitised ?? null,
        d.electronic_result ?? null,
        d.withdrawn ?? false,
      ],
    );
  // Rows written past the import: the indicators' daily aggregates are rebuilt, as a bulk load does.
  await db.transaction((tx) => rebuildRegisterDaily(tx));
}

export async function insertTickets(
  db: Db,
  rows: ReadonlyArray<{
    point: string;
    number: string;
    issued_at: string;
    called_at?: string | null;
    finished_at?: string | null;
    abandoned?: boolean;
  }>,
): Promise<void> {
  for (const t of rows)
    await db.query(
      `INSERT INTO tickets (point, issued_on, number, field_id, issued_at, called_at, finished_at, abandoned)
       VALUES ($1, $2::date, $3, 1, $4, $5, $6, $7)`,
      [
        t.point,
        t.issued_at.slice(0, 10),
        t.number,
        t.issued_at,
        t.called_at ?? null,
        t.finished_at ?? null,
        t.abandoned ?? false,
      ],
    );
}

/** Makes `first`…`last` the one span of days the point's register covers (migration 013 keeps spans). */
export async function setCoverage(db: Db, point: string, first: string, last: string): Promise<void> {
  await db.query('DELETE FROM register_coverage WHERE point = $1', [point]);
  await db.query('INSERT INTO register_coverage (point, first_day, last_day) VALUES ($1, $2, $3)', [
    point,
    first,
    last,
  ]);
}
