import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/index.ts';
import { Random } from '../../src/core/random.ts';
import type { Db } from '../../src/store/db.ts';
import { rebuildRegisterVolumes } from '../../src/store/dossiers-repo.ts';
import { rebuildRegisterDaily } from '../../src/store/register-daily-repo.ts';
import { importCsv } from '../../src/usecases/import/import.ts';
import { importDossiers } from '../../src/usecases/import/register.ts';
import { describeStores } from '../helpers/backends.ts';
import { IMPORT_CTX, THREE_POINTS_CSV } from '../helpers/register-rows.ts';

// A first import into an empty register counts the derived tables from the rows as it writes them
// (store/register-aggregates.ts); every later import recomputes them in SQL. Both must give the same tables:
// the first import's, then the SQL rebuild of every day over the same dossiers.
const ctx = IMPORT_CTX;
const POINTS = THREE_POINTS_CSV;
const TODAY = '2025-10-15';
const rnd = new Random(13);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd.uniform() * xs.length)]!;
/** A time of day from `from` o'clock (or none). */
const time = (from: number) =>
  rnd.uniform() < 0.3
    ? ''
    : ` ${String(from + Math.floor(rnd.uniform() * 4)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}`;
const HEADER =
  'code,procedure_code,procedure_name,field,receiving_point,competent_unit,channel,online_level,received_at,due_at,finished_at,returned_at,digitised,electronic_result,withdrawn';
const lines = Array.from({ length: 600 }, (_, i) => {
  const received = addDays('2025-09-01', Math.floor(rnd.uniform() * 30));
  const due = addDays(received, Math.floor(rnd.uniform() * 6));
  // Often finished on the due day: the hour then decides between on time and overdue.
  const finished = rnd.uniform() < 0.3 ? due : addDays(received, Math.floor(rnd.uniform() * 12));
  const done = finished <= TODAY && rnd.uniform() < 0.85;
  const returned = done && rnd.uniform() < 0.3 ? addDays(finished, 1) : '';
  const channel = pick(['in_person', 'online', 'postal']);
  const point = pick(['P1', 'P2', 'P3']);
  const procedure = pick(['', '2.000815', '2.000884', 'X.9']);
  return [
    `HS-${i}`,
    procedure,
    pick(['', 'Chứng thực bản sao', '"Cấp giấy, ""đặc biệt"""']),
    procedure === '' || procedure === 'X.9' ? pick(['land', 'civil_status', 'construction']) : '',
    point,
    rnd.uniform() < 0.25 ? pick(['P1', 'P2', 'P3']) : point,
    channel,
    channel === 'online' ? pick(['full', 'partial', '']) : '',
    `${received}${time(7)}`,
    rnd.uniform() < 0.7 ? `${due}${time(11)}` : procedure.startsWith('X') || procedure === '' ? due : '',
    done ? `${finished}${time(11)}` : '',
    returned,
    pick(['true', 'false', '']),
    done ? pick(['true', 'false', '']) : '',
    rnd.uniform() < 0.05 ? 'true' : '',
  ].join(',');
});
const bytes = (s: string) => [Buffer.from(s, 'utf8')];

const TABLES = {
  register_volumes: 'point, date, channel_id, field_id',
  register_coverage: 'point',
  register_daily: 'point, day',
  register_past_due: 'unit, received_on, start_day, end_day NULLS FIRST, n',
  register_result_days:
    'unit, finished_on, field_id, procedure_code NULLS FIRST, procedure_name NULLS FIRST, days',
};

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [t, order] of Object.entries(TABLES))
    out[t] = await db.query(`SELECT * FROM ${t} ORDER BY ${order}`);
  return out;
}

describeStores('register aggregates of a first import', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await importCsv(db, 'points', bytes(POINTS), ctx);
  });
  afterAll(() => backend.dispose(db));

  it('equal the SQL rebuild of every day over the same dossiers', async () => {
    const r = await importDossiers(db, bytes(`${HEADER}\n${lines.join('\n')}\n`), {
      format: 'csv',
      today: TODAY,
      batchRows: 50,
    });
    expect(r.changed).toBe(lines.length);
    const counted = await snapshot(db);
    expect(counted.register_volumes!.length).toBeGreaterThan(100);
    expect(counted.register_past_due!.length).toBeGreaterThan(5);
    expect(counted.register_result_days!.some((x) => (x as { overdue: number }).overdue > 0)).toBe(true);
    const [days] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT received_on FROM dossiers UNION SELECT finished_on FROM dossiers
       WHERE finished_on IS NOT NULL) d`,
    );
    expect(r.days).toBe(days!.n);
    await db.transaction(async (tx) => {
      await rebuildRegisterVolumes(tx);
      await rebuildRegisterDaily(tx);
    });
    expect(await snapshot(db)).toEqual(counted);
  });
});
