import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { addDays } from '../../src/core/calendar/dates.ts';
import { Random } from '../../src/core/random.ts';
import {
  backtestRisk,
  byUrgency,
  censoring,
  RiskModel,
  WorkClock,
} from '../../src/core/supervise/overdue-risk.ts';
import {
  prepareRiskScan,
  type RiskKeyCounts,
  type RiskScan,
  riskHistograms,
  riskPendingAt,
  riskSource,
  riskSourceStart,
} from '../../src/store/alerts-repo.ts';
import type { Db } from '../../src/store/db.ts';
import { loadCalendarModel, loadProceduresModel } from '../../src/store/model-files.ts';
import { refreshOverdueRisk } from '../../src/usecases/alerts.ts';
import { type Backend, describeStores, pgliteBackend } from '../helpers/backends.ts';
import { ensureRegisterTables, insertDossiers, type TestDossier } from '../helpers/register-rows.ts';

const cal = new WorkCalendar(loadCalendarModel());
const sameDay = loadProceduresModel()
  .procedures.filter((p) => 'same_day' in p.deadline && p.code)
  .map((p) => p.code as string);
const AS_OF = '2025-09-10 17:00';
const HISTORY_DAYS = 60;

/**
 * A register that exercises every branch of the scan: same-day procedures with and without times (some with
 * seconds), procedures without a code (the name decides), withdrawn dossiers, results after the as-of time
 * (unknown yet), receipts after it (left out), pending dossiers received before the history window, results
 * on a day off, at 12:30 and after 17:00.
 */
function register(): TestDossier[] {
  const rnd = new Random(15);
  const out: TestDossier[] = [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd.uniform() * xs.length)]!;
  const times = [null, '07:45', '08:00', '09:30:41', '12:00', '12:30', '13:00', '16:59', '17:00', '18:15'];
  let day = '2025-06-02';
  let i = 0;
  while (day <= '2025-09-10') {
    if (cal.isWorkday(day))
      for (let k = 0; k < 25; k++, i++) {
        const kind = rnd.uniform();
        const unit = pick(['P1', 'P2', 'P3']);
        const same = kind < 0.3;
        const code = same ? pick(sameDay) : kind < 0.8 ? pick(['1.000001', '1.000002']) : null;
        const lag = same ? Math.floor(rnd.uniform() * 3) : 1 + Math.floor(rnd.uniform() * 9);
        let finish: string | null = cal.addWorkingDays(day, lag);
        if (rnd.uniform() < 0.03) finish = addDays(finish, 1); // sometimes on a day off
        if (finish > '2025-09-10' || rnd.uniform() < 0.05) finish = null;
        out.push({
          code: `R${i}`,
          procedure_code: code,
          procedure_name: code ? 'Thủ tục' : pick(['Cấp bản sao', 'Đăng ký, xác nhận']),
          field: pick(['land', 'social_policy', 'civil_status', 'certification'] as const),
          channel: 'online',
          receiving_point: unit,
          competent_unit: unit,
          received_on: day,
          received_time: pick(times),
          due_on: cal.addWorkingDays(day, same ? 0 : 5),
          finished_on: finish,
          finished_time: finish ? pick(times) : null,
          withdrawn: rnd.uniform() < 0.02,
        });
      }
    day = addDays(day, 1);
  }
  // same-day dossiers of the as-of day still waiting, due the next working day
  for (let k = 0; k < 40; k++)
    out.push({
      code: `NOW${k}`,
      procedure_code: sameDay[k % 2]!,
      field: 'certification',
      channel: 'in_person',
      receiving_point: 'P1',
      received_on: '2025-09-10',
      received_time: `${String(8 + (k % 8)).padStart(2, '0')}:${k % 2 ? '15' : '40'}`,
      due_on: cal.addWorkingDays('2025-09-10', 1),
    });
  // pending since long before the history window; received after the as-of time; a result after it
  out.push(
    {
      code: 'OLD',
      procedure_code: '1.000001',
      field: 'land',
      channel: 'in_person',
      receiving_point: 'P1',
      received_on: '2025-03-03',
      received_time: '10:00',
      due_on: '2025-03-10',
    },
    {
      code: 'LATER',
      procedure_code: sameDay[0]!,
      field: 'certification',
      channel: 'in_person',
      receiving_point: 'P1',
      received_on: '2025-09-10',
      received_time: '17:01',
      due_on: '2025-09-11',
    },
    {
      code: 'AFTER',
      procedure_code: sameDay[0]!,
      field: 'certification',
      channel: 'in_person',
      receiving_point: 'P2',
      received_on: '2025-09-10',
      received_time: '09:00',
      due_on: '2025-09-10',
      finished_on: '2025-09-10',
      finished_time: '17:01',
    },
  );
  return out;
}

/** The estimator as it ran before the store counted the history: every source row read, fitted in JavaScript. */
async function reference(db: Db) {
  const day = AS_OF.slice(0, 10);
  const since = addDays(day, -HISTORY_DAYS);
  const rows = await riskSource(db, since);
  const sd = new Set(sameDay);
  let first = since;
  for (const r of rows) {
    if (r.procedure_code && sd.has(r.procedure_code)) r.same_day = true;
    if (r.received_at < first) first = r.received_at.slice(0, 10);
  }
  const clock = new WorkClock(cal, addDays(first, -1), addDays(day, 400));
  const model = RiskModel.fit(rows, AS_OF, clock);
  const pending = rows
    .filter((d) => d.received_at <= AS_OF && (d.finished_at === null || d.finished_at > AS_OF))
    .map((d) => model.risk(d))
    .sort(byUrgency);
  const calibration = backtestRisk(rows, `${addDays(day, -30)} 23:59`, AS_OF, clock, { seed: 1 });
  return { rows, pending, calibration };
}

describeStores('overdue risk counted in the store', (backend: Backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await ensureRegisterTables(db);
    await insertDossiers(db, register());
  }, 120_000);
  afterAll(async () => {
    await backend.dispose(db);
  });

  it('scores every pending dossier exactly as the estimator on every row read into JavaScript', async () => {
    const ref = await reference(db);
    const r = await refreshOverdueRisk(
      db,
      {},
      { asOf: AS_OF, historyDays: HISTORY_DAYS, backtest: true, id: 'eq' },
    );
    expect(r.history).toBe(ref.rows.length);
    expect(r.pending).toBe(ref.pending.length);
    const codes = new Set(ref.pending.map((x) => x.code));
    expect(codes.has('OLD')).toBe(true);
    expect(codes.has('AFTER')).toBe(true);
    expect(codes.has('LATER')).toBe(false);
    expect(ref.pending.some((x) => x.unit === 'hours' && x.probability < 1)).toBe(true);
    const stored = await db.query<Record<string, unknown>>(
      `SELECT code, unit, left_units, elapsed, probability, stratum, at_risk
       FROM overdue_risks ORDER BY left_hours, probability DESC, code`,
    );
    expect(
      stored.map((s) => ({
        code: s.code,
        unit: s.unit,
        left: Number(s.left_units),
        elapsed: Number(s.elapsed),
        probability: Number(s.probability),
        stratum: s.stratum,
        at_risk: Number(s.at_risk),
      })),
    ).toEqual(ref.pending);
    expect(r.calibration).toEqual(ref.calibration);
  }, 60_000);

  it('one pass over the register counts and lists each cutoff as its own pass does (the backtest sees only its cutoff)', async () => {
    const day = AS_OF.slice(0, 10);
    const since = addDays(day, -HISTORY_DAYS);
    const clock = new WorkClock(cal, addDays(await riskSourceStart(db, since), -1), addDays(day, 400));
    const scan = (asOf: string): RiskScan => ({
      since,
      ...censoring(asOf, clock),
      clock: clock.table(),
      sameDay,
    });
    const live = scan(AS_OF);
    const back = scan(`${addDays(day, -30)} 23:59`);
    // per finest key and time: [events, censored], whatever the grouping
    const flat = (keys: RiskKeyCounts[]) => {
      const m = new Map<string, [number, number]>();
      for (const c of keys)
        c.times.forEach((t, k) => {
          const key = `${c.same_day}|${c.procedure_code}|${c.procedure_name}|${c.field_id}|${c.competent_unit}|${t}`;
          const x = m.get(key) ?? [0, 0];
          m.set(key, [x[0] + c.events[k]!, x[1] + c.censored[k]!]);
        });
      return m;
    };
    const read = await db.transaction(async (tx) => {
      await prepareRiskScan(tx);
      return {
        both: await riskHistograms(tx, [live, back]),
        live: await riskHistograms(tx, [live]),
        back: await riskHistograms(tx, [back]),
        pendingBoth: await riskPendingAt(tx, [live, back]),
        pendingLive: await riskPendingAt(tx, [live]),
        pendingBack: await riskPendingAt(tx, [back]),
      };
    });
    expect(read.both.history).toBe(read.live.history);
    expect(flat(read.both.keys[0]!)).toEqual(flat(read.live.keys[0]!));
    expect(flat(read.both.keys[1]!)).toEqual(flat(read.back.keys[0]!));
    // the cutoffs differ: a result between them is an event at one and censored (or unseen) at the other
    expect(flat(read.both.keys[1]!)).not.toEqual(flat(read.both.keys[0]!));
    const codes = (rows: Array<{ code: string }>) => rows.map((r) => r.code);
    expect(codes(read.pendingBoth[0]!)).toEqual(codes(read.pendingLive[0]!));
    expect(codes(read.pendingBoth[1]!)).toEqual(codes(read.pendingBack[0]!));
    expect(read.pendingBoth[1]!.length).toBeGreaterThan(100);
    expect(read.pendingBoth[1]!.every((d) => d.received_at <= back.cutoff)).toBe(true);
  }, 60_000);
});

describe('overdue risks on the embedded store', () => {
  let db: Db;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    await ensureRegisterTables(db);
    await insertDossiers(db, register());
  }, 120_000);
  afterAll(() => pgliteBackend.dispose(db));

  // PGlite has no autovacuum: each refresh's DELETE left the previous list dead in the table and its indexes.
  it('a refresh leaves no dead list behind: the table and its indexes stop growing', async () => {
    const size = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT (pg_relation_size('overdue_risks') + pg_indexes_size('overdue_risks'))::int AS n",
        )
      )[0]!.n;
    const refresh = () => refreshOverdueRisk(db, {}, { asOf: AS_OF, historyDays: HISTORY_DAYS, id: 'size' });
    await refresh();
    await refresh();
    const after2 = await size();
    expect(after2).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await refresh();
    expect(await size()).toBe(after2);
  }, 60_000);
});
