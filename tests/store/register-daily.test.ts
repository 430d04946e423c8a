import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/index.ts';
import { Random } from '../../src/core/random.ts';
import type { Dossier } from '../../src/schemas/register.ts';
import type { Db } from '../../src/store/db.ts';
import { iterateDossiers } from '../../src/store/dossiers-repo.ts';
import {
  type AggregateScope,
  pastDueAggregates,
  procedureTimes,
  receivingAggregates,
  resolvedAggregates,
} from '../../src/store/indicators-repo.ts';
import { importCsv } from '../../src/usecases/import/import.ts';
import { importDossiers } from '../../src/usecases/import/register.ts';
import { describeStores } from '../helpers/backends.ts';
import { IMPORT_CTX, THREE_POINTS_CSV } from '../helpers/register-rows.ts';

// The indicators' daily aggregates (register_daily, register_past_due, register_result_days) against a count
// by hand over the stored dossiers, after a first import, a re-import of the same file and a delta import that
// finishes pending dossiers (and moves one dossier's receipt and due days).
const ctx = IMPORT_CTX;
const POINTS = THREE_POINTS_CSV;
const HEADER =
  'Mã hồ sơ,Mã thủ tục,Lĩnh vực,Nơi tiếp nhận,Cơ quan giải quyết,Hình thức nộp,Mức độ,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Đã số hóa,Kết quả điện tử';
const FIELDS = ['Đất đai', 'Hộ kinh doanh', 'Hộ tịch', 'Xây dựng'];
const CHANNELS = ['Trực tiếp', 'Trực tuyến', 'Bưu chính'];
const POINT_CODES = ['P1', 'P2', 'P3'];
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const TODAY = '2025-10-15';

interface Row {
  code: string;
  proc: string;
  field: string;
  point: string;
  unit: string;
  channel: string;
  level: string;
  received: string;
  due: string;
  finished: string | null;
  digitised: string;
  electronic: string;
}
const rnd = new Random(15);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd.uniform() * xs.length)]!;
const rows: Row[] = Array.from({ length: 400 }, (_, i) => {
  const received = addDays('2025-09-01', Math.floor(rnd.uniform() * 40));
  const due = addDays(received, Math.floor(rnd.uniform() * 12));
  const fin = addDays(received, Math.floor(rnd.uniform() * 20));
  const channel = pick(CHANNELS);
  const point = pick(POINT_CODES);
  return {
    code: `HS-${i}`,
    proc: pick(['', '1.004227', '2.000720']),
    field: pick(FIELDS),
    point,
    unit: rnd.uniform() < 0.2 ? pick(POINT_CODES) : point,
    channel,
    level: channel === 'Trực tuyến' ? pick(['Toàn trình', 'Một phần', '']) : '',
    received,
    due,
    finished: fin <= TODAY && rnd.uniform() < 0.8 ? fin : null,
    digitised: pick(['Có', 'Không', '']),
    electronic: pick(['Có', 'Không', '']),
  };
});
const csv = (rs: readonly Row[]) =>
  `${HEADER}\n${rs
    .map((r) =>
      [
        r.code,
        r.proc,
        r.field,
        r.point,
        r.unit,
        r.channel,
        r.level,
        dmy(r.received),
        dmy(r.due),
        r.finished ? dmy(r.finished) : '',
        r.digitised,
        r.electronic,
      ].join(','),
    )
    .join('\n')}\n`;
const bytes = (s: string) => [Buffer.from(s, 'utf8')];
const OPTS = { format: 'csv' as const, today: TODAY };

/** percentile_cont over a list, as PostgreSQL computes it. */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  return lo === pos ? s[lo]! : s[lo]! + (s[lo + 1]! - s[lo]!) * (pos - lo);
}
const day = (t: string | null) => (t === null ? null : t.slice(0, 10));
const diff = (a: string, b: string) => (Date.parse(a) - Date.parse(b)) / 86_400_000;

/** What each aggregate should hold, counted by hand over the stored dossiers, per point and day. */
function byHand(ds: readonly Dossier[], from: string, to: string) {
  const receiving = new Map<string, Record<string, number>>();
  const resolved = new Map<string, Record<string, number>>();
  const pastDue = new Map<string, number>();
  const bump = (m: Map<string, Record<string, number>>, k: string, col: string) => {
    const r = m.get(k) ?? {};
    r[col] = (r[col] ?? 0) + 1;
    m.set(k, r);
  };
  const times = new Map<string | null, number[]>();
  for (const d of ds) {
    const rd = day(d.received_at)!;
    const fd = day(d.finished_at);
    const dd = day(d.due_at)!;
    if (rd >= from && rd <= to) {
      const k = `${d.receiving_point}|${rd}`;
      bump(receiving, k, 'received');
      bump(receiving, k, d.channel);
      if (d.channel === 'online' && d.online_level === 'full') bump(receiving, k, 'full_online');
      if (d.channel === 'online' && d.online_level !== null) bump(receiving, k, 'online_level_known');
      if (d.channel === 'in_person' && d.digitised) bump(receiving, k, 'digitised_in_person');
      if (d.channel === 'in_person' && d.digitised !== null) bump(receiving, k, 'digitised_known');
    }
    if (fd && fd >= from && fd <= to && !d.withdrawn) {
      const k = `${d.competent_unit}|${fd}`;
      bump(resolved, k, 'resolved');
      bump(resolved, k, d.timeliness!);
      if (d.electronic_result) bump(resolved, k, 'electronic');
      if (d.electronic_result !== null) bump(resolved, k, 'electronic_known');
      const t = times.get(d.procedure_code) ?? [];
      t.push(diff(fd, rd));
      times.set(d.procedure_code, t);
    }
    for (let t = from; t <= to; t = addDays(t, 1))
      if (!d.withdrawn && dd < t && rd <= t && (fd === null || fd > t)) {
        const k = `${d.competent_unit}|${t}`;
        pastDue.set(k, (pastDue.get(k) ?? 0) + 1);
      }
  }
  return { receiving, resolved, pastDue, times };
}

describeStores('the indicators daily aggregates equal a count by hand', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await importCsv(db, 'points', bytes(POINTS), ctx);
  });
  afterAll(() => backend.dispose(db));

  const scope: AggregateScope = { level: 'point', period: 'day', from: '2025-09-01', to: '2025-10-20' };
  async function expectByHand() {
    const ds: Dossier[] = [];
    for await (const d of iterateDossiers(db)) ds.push(d);
    const want = byHand(ds, scope.from, scope.to);
    const rec = await receivingAggregates(db, scope);
    expect(rec.length).toBe(want.receiving.size);
    for (const r of rec) {
      const w = want.receiving.get(`${r.key}|${r.period}`)!;
      expect(r).toEqual({
        key: r.key,
        period: r.period,
        received: w.received ?? 0,
        in_person: w.in_person ?? 0,
        online: w.online ?? 0,
        postal: w.postal ?? 0,
        full_online: w.full_online ?? 0,
        online_level_known: w.online_level_known ?? 0,
        digitised_in_person: w.digitised_in_person ?? 0,
        digitised_known: w.digitised_known ?? 0,
      });
    }
    const res = await resolvedAggregates(db, scope);
    expect(res.length).toBe(want.resolved.size);
    for (const r of res) {
      const w = want.resolved.get(`${r.key}|${r.period}`)!;
      expect(r).toEqual({
        key: r.key,
        period: r.period,
        resolved: w.resolved ?? 0,
        early: w.early ?? 0,
        on_time: w.on_time ?? 0,
        overdue: w.overdue ?? 0,
        electronic: w.electronic ?? 0,
        electronic_known: w.electronic_known ?? 0,
      });
    }
    const pd = await pastDueAggregates(db, scope);
    expect(new Map(pd.map((r) => [`${r.key}|${r.period}`, r.pending_past_due]))).toEqual(want.pastDue);
    expect(want.pastDue.size).toBeGreaterThan(10);
    // by week for the city: the count at each week's last day (or `to`)
    const weeks = await pastDueAggregates(db, { ...scope, level: 'city', period: 'week' });
    for (const w of weeks) {
      const last = [6, 5, 4, 3, 2, 1, 0].map((k) => addDays(w.period, k)).find((d) => d <= scope.to)!;
      let n = 0;
      for (const [k, v] of want.pastDue) if (k.endsWith(`|${last}`)) n += v;
      expect(w.pending_past_due).toBe(n);
    }
    const times = await procedureTimes(db, scope);
    expect(times.map((t) => t.procedure_code).sort()).toEqual([...want.times.keys()].sort());
    for (const t of times) {
      const xs = want.times.get(t.procedure_code)!;
      expect(t.resolved).toBe(xs.length);
      expect(t.median_days).toBeCloseTo(percentile(xs, 0.5), 9);
      expect(t.p90_days).toBeCloseTo(percentile(xs, 0.9), 9);
    }
    return ds;
  }

  it('after an import, a re-import and a delta import that finishes pending dossiers', async () => {
    expect((await importDossiers(db, bytes(csv(rows)), OPTS)).changed).toBe(rows.length);
    await expectByHand();
    expect((await importDossiers(db, bytes(csv(rows)), OPTS)).changed).toBe(0);
    await expectByHand();
    // the delta: every pending dossier received before 2025-09-20 finished on 2025-10-10, and one moved
    const delta = rows
      .filter((r) => r.finished === null && r.received < '2025-09-20')
      .map((r) => ({ ...r, finished: '2025-10-10' }));
    const moved = rows.find((r) => r.finished !== null && r.received < '2025-09-10')!;
    delta.push({ ...moved, received: '2025-09-12', due: '2025-09-15', finished: '2025-10-14' });
    expect(delta.length).toBeGreaterThan(20);
    expect((await importDossiers(db, bytes(csv(delta)), OPTS)).changed).toBe(delta.length);
    const ds = await expectByHand();
    expect(ds.filter((d) => d.finished_at?.startsWith('2025-10-10')).length).toBeGreaterThanOrEqual(
      delta.length - 1,
    );
  });
});
