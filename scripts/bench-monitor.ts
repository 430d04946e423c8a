/**
 * `npm run bench:monitor`: supervision at Hanoi scale on the embedded store (PGlite in memory).
 *
 * A synthetic register of 1,000,000 dossiers (126 points in 12 branches, 150 days to the as-of day, ≈ 6,700 a
 * day; channel mix 40/60/0.2 %; 7 fields with their own time-to-result laws in working days, same-day
 * certification in working hours; 8 % filed at another point; results after the as-of day left pending) and
 * 200,000 queue tickets, loaded with COPY. Then:
 *  - indicators for 126 points × 90 days (level point, period day) — goal ≤ 2 s;
 *  - the overdue-risk job (the last 180 days + every pending dossier counted in the store, fit, score, store) —
 *    goal ≤ 10 s over ≥ 50,000 pending; then once more with the held-out backtest the alerts queue runs too;
 *  - the estimator's backtest on a held-out period (fit as of 30 days before, judged at the as-of day) —
 *    coverage at 50 % and 90 % within ±5 points.
 * Prints MET / NOT MET and the load average. BENCH_DOSSIERS overrides the register size; BENCH_ONLY=risk (or any of
 * indicators,risk,calibration) runs only those sections (the register is loaded either way).
 */
import { loadavg } from 'node:os';
import { WorkCalendar } from '../src/core/calendar/calendar.ts';
import { addDays } from '../src/core/calendar/dates.ts';
import { Random } from '../src/core/random.ts';
import { backtestRisk, WorkClock } from '../src/core/supervise/overdue-risk.ts';
import { riskSource } from '../src/store/alerts-repo.ts';
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { loadCalendarModel, loadProceduresModel } from '../src/store/model-files.ts';
import { upsertPoints } from '../src/store/points-repo.ts';
import { rebuildRegisterDaily } from '../src/store/register-daily-repo.ts';
import { refreshOverdueRisk } from '../src/usecases/alerts.ts';
import { indicatorReport } from '../src/usecases/indicators.ts';
import { hostLine } from './lib/host.ts';

const N = Number(process.env.BENCH_DOSSIERS ?? 1_000_000);
const only = new Set((process.env.BENCH_ONLY ?? 'indicators,risk,calibration').split(','));
const AS_OF_DAY = '2025-12-01';
const DAYS = 150;
const cal = new WorkCalendar(loadCalendarModel());
const rnd = new Random(20251201);
const sec = (t: number) => (performance.now() - t) / 1000;
const cpuSec = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const host = hostLine();
const db = await openDb({ dataDir: 'memory://' });
await migrate(db);
const points = Array.from({ length: 126 }, (_, i) => ({
  code: `P${String(i + 1).padStart(3, '0')}`,
  name: `Điểm ${i + 1}`,
  type: (i < 51 ? 'ward' : 'commune') as 'ward' | 'commune',
  branch: `Chi nhánh ${(i % 12) + 1}`,
  lat: 21 + (i % 12) * 0.01,
  lon: 105.8 + Math.floor(i / 12) * 0.01,
  population: 50_000,
  area_km2: 5,
  counters: 4,
  min_staff: 2,
  opening_hours: {
    weekday: [['08:00', '12:00'] as [string, string], ['13:00', '17:00'] as [string, string]],
    saturday: [],
  },
}));
await upsertPoints(db, points);

// Procedures: one per field with a term in working days and a time-to-result law (shifted geometric), plus a
// same-day certification (working hours, exponential).
const procs = loadProceduresModel().procedures;
const sameDay = procs.find((p) => 'same_day' in p.deadline && p.code)!;
const FIELDS = [
  { id: 1, code: '1.004227', term: 20, base: 6, p: 0.1 }, // land: slow, some overdue
  { id: 2, code: '1.001776', term: 10, base: 4, p: 0.18 }, // social policy: some overdue
  { id: 3, code: '1.001193', term: 5, base: 1, p: 0.4 }, // civil status
  { id: 5, code: '2.001651', term: 5, base: 2, p: 0.35 }, // business households
  { id: 6, code: '1.009994', term: 15, base: 5, p: 0.15 }, // construction
  { id: 7, code: null, term: 7, base: 2, p: 0.3 }, // other
];
const workdays: string[] = [];
for (let d = addDays(AS_OF_DAY, -DAYS); d <= AS_OF_DAY; d = addDays(d, 1))
  if (cal.isWorkday(d)) workdays.push(d);
const perDay = Math.ceil(N / workdays.length);

const tLoad = performance.now();
const DCOLS = [
  'code',
  'procedure_code',
  'procedure_name',
  'field_id',
  'channel_id',
  'online_level',
  'receiving_point',
  'competent_unit',
  'received_on',
  'received_time',
  'due_on',
  'due_computed',
  'finished_on',
  'finished_time',
  'digitised',
  'electronic_result',
  'withdrawn',
];
let made = 0;
let pending = 0;
let lines: string[] = [];
const flush = async () => {
  if (lines.length) await db.copyCsv('dossiers', DCOLS, `${lines.join('\n')}\n`);
  lines = [];
};
const hhmm = (h: number) =>
  `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.floor((h % 1) * 60)).padStart(2, '0')}`;
for (const day of workdays) {
  for (let k = 0; k < perDay && made < N; k++, made++) {
    const u = rnd.uniform();
    const channel = u < 0.4005 ? 1 : u < 0.9976 ? 2 : 3;
    const point = points[Math.floor(rnd.uniform() * points.length)]!.code;
    const unit = rnd.uniform() < 0.08 ? points[Math.floor(rnd.uniform() * points.length)]!.code : point;
    const recvHour = 8 + rnd.uniform() * 8;
    const isCert = rnd.uniform() < 0.2;
    let procCode: string | null;
    let field: number;
    let due: string;
    let finished: string | null;
    let finTime = '';
    if (isCert) {
      procCode = sameDay.code;
      field = 4;
      const late = recvHour >= 15;
      due = late ? cal.addWorkingDays(day, 1) : day;
      // working hours to the result: exponential, mean 3 h
      const hours = -3 * Math.log(1 - rnd.uniform());
      const startH = (recvHour <= 12 ? recvHour - 8 : Math.max(4, recvHour - 9)) + hours;
      const dayOff = Math.floor(startH / 8);
      const within = startH - dayOff * 8;
      finished = cal.addWorkingDays(day, dayOff);
      finTime = hhmm(within <= 4 ? 8 + within : 9 + within);
    } else {
      const f = FIELDS[Math.floor(rnd.uniform() * FIELDS.length)]!;
      procCode = f.code;
      field = f.id;
      due = cal.addWorkingDays(day, f.term);
      let t = f.base;
      while (rnd.uniform() > f.p) t++;
      finished = cal.addWorkingDays(day, t);
      finTime = hhmm(8 + rnd.uniform() * 8);
    }
    if (finished > AS_OF_DAY) {
      finished = null;
      pending++;
    }
    const digit = channel !== 1 || rnd.uniform() < 0.9;
    lines.push(
      [
        `B${made}`,
        procCode ?? '',
        '',
        field,
        channel,
        channel === 2 ? (rnd.uniform() < 0.6 ? 'full' : 'partial') : '',
        point,
        unit,
        day,
        hhmm(recvHour),
        due,
        'true',
        finished ?? '',
        finished ? finTime : '',
        digit,
        finished ? rnd.uniform() < 0.7 : '',
        'false',
      ].join(','),
    );
    if (lines.length >= 50_000) await flush();
  }
}
await flush();
// tickets: the in-person arrivals of the last 40 working days, 200,000 in all
const TCOLS = [
  'point',
  'issued_on',
  'number',
  'counter',
  'field_id',
  'issued_at',
  'called_at',
  'finished_at',
  'abandoned',
];
const ticketDays = workdays.slice(-40);
const perTicketDay = Math.ceil(200_000 / ticketDays.length / points.length);
for (const day of ticketDays) {
  for (const p of points)
    for (let k = 1; k <= perTicketDay; k++) {
      const issued = 8 + rnd.uniform() * 8;
      const wait = (-12 * Math.log(1 - rnd.uniform())) / 60;
      const service = (4 + -6 * Math.log(1 - rnd.uniform())) / 60;
      const abandoned = rnd.uniform() < 0.03;
      const ts = (h: number) => `${day} ${hhmm(Math.min(23.9, h))}:00`;
      lines.push(
        [
          p.code,
          day,
          k,
          abandoned ? '' : 1,
          3,
          ts(issued),
          abandoned ? '' : ts(issued + wait),
          abandoned ? '' : ts(issued + wait + service),
          abandoned,
        ].join(','),
      );
    }
  if (lines.length >= 50_000) {
    await db.copyCsv('tickets', TCOLS, `${lines.join('\n')}\n`);
    lines = [];
  }
}
if (lines.length) await db.copyCsv('tickets', TCOLS, `${lines.join('\n')}\n`);
lines = [];
await db.query(
  `INSERT INTO register_coverage (point, first_day, last_day) SELECT receiving_point, min(received_on), max(received_on) FROM dossiers GROUP BY 1
   ON CONFLICT DO NOTHING`, // one span per point (migration 013 keys spans by point and first day)
);
// The COPY bypassed the import, which keeps the indicators' daily aggregates: build them once, as a bulk load does
// (only the indicators read them).
if (only.has('indicators')) {
  const tDaily = performance.now();
  const cpuDaily = process.cpuUsage();
  await db.transaction((tx) => rebuildRegisterDaily(tx));
  console.log(
    `daily aggregates built in ${sec(tDaily).toFixed(1)} s (CPU ${cpuSec(process.cpuUsage(cpuDaily)).toFixed(1)} s)`,
  );
}
await db.exec('ANALYZE');
const [{ n: dossiers }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers')) as [
  { n: number },
];
const [{ n: tickets }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM tickets')) as [
  { n: number },
];
console.log(
  `register: ${dossiers.toLocaleString('en')} dossiers (${pending.toLocaleString('en')} pending at ${AS_OF_DAY}), ${tickets.toLocaleString('en')} tickets, loaded in ${sec(tLoad).toFixed(1)} s`,
);
const ok = (b: boolean) => (b ? 'MET' : 'NOT MET');
const verdicts: string[] = [];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

// 1. indicators 126 points × 90 days
if (only.has('indicators')) {
  const from = addDays(AS_OF_DAY, -89);
  await indicatorReport(db, { level: 'city', period: 'month', from, to: AS_OF_DAY }); // warm-up
  const rowsOut: Array<Record<string, string | number>> = [];
  let tPoint = 0;
  let cpuPoint = 0;
  for (const [level, period] of [
    ['point', 'day'],
    ['point', 'week'],
    ['branch', 'month'],
    ['city', 'quarter'],
  ] as const) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await indicatorReport(db, { level, period, from, to: AS_OF_DAY });
    const s = sec(t);
    if (level === 'point' && period === 'day') {
      tPoint = s;
      cpuPoint = cpuSec(process.cpuUsage(cpu));
    }
    rowsOut.push({
      level,
      period,
      rows: r.rows.length,
      seconds: s.toFixed(3),
      'cpu s': cpuSec(process.cpuUsage(cpu)).toFixed(3),
    });
  }
  console.table(rowsOut);
  verdicts.push(
    `indicators 126 points × 90 days: ${tPoint.toFixed(3)} s, CPU ${cpuPoint.toFixed(3)} s (goal ≤ 2 s) ${ok(tPoint <= 2)}`,
  );
}

// 2. overdue-risk job: the refresh alone, then as the alerts queue runs it (with its backtest)
if (only.has('risk')) {
  const risk = async (backtest: boolean) => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = await refreshOverdueRisk(db, {}, { asOf: `${AS_OF_DAY} 17:00`, id: 'bench', backtest });
    return { r, seconds: sec(t), cpu: cpuSec(process.cpuUsage(cpu)) };
  };
  const { r: refresh, seconds: riskSeconds, cpu: riskCpu } = await risk(false);
  const job = await risk(true);
  console.table(
    [
      ['refresh', riskSeconds, riskCpu, refresh],
      ['job (with backtest)', job.seconds, job.cpu, job.r],
    ].map(([what, s, c, r]) => {
      const x = r as typeof refresh;
      return {
        what,
        pending: x.pending,
        'register rows': x.history,
        seconds: (s as number).toFixed(2),
        'cpu s': (c as number).toFixed(2),
        'fit s': x.stages.fit.toFixed(2),
        'score s': x.stages.score.toFixed(2),
        'backtest s': x.stages.backtest.toFixed(2),
        'write s': x.stages.write.toFixed(2),
      };
    }),
  );
  const jc = job.r.calibration;
  verdicts.push(
    `overdue-risk job over ${refresh.pending.toLocaleString('en')} pending: ${riskSeconds.toFixed(2)} s, CPU ${riskCpu.toFixed(2)} s; scoring and storing the list (goal ≤ 10 s over ≥ 50,000) ${ok(riskSeconds <= 10 && refresh.pending >= 50_000)}; the job as the alerts queue runs it, with its 30-day backtest: ${job.seconds.toFixed(2)} s, CPU ${job.cpu.toFixed(2)} s ${ok(job.seconds <= 10 && refresh.pending >= 50_000)}`,
    `the job's own backtest (as of ${jc?.as_of}, ${jc?.dossiers.toLocaleString('en')} judged): 50% → ${pct(jc?.coverage_50 ?? 0)}, 90% → ${pct(jc?.coverage_90 ?? 0)}, predicted miss ${pct(jc?.predicted_miss ?? 0)} against observed ${pct(jc?.observed_miss ?? 0)}`,
  );
}

// 3. calibration on a held-out period: fit as of 30 days before the as-of day, judge what happened since.
if (only.has('calibration')) {
  const tCal = performance.now();
  const hist = await riskSource(db, addDays(AS_OF_DAY, -DAYS - 1));
  const sd = new Set([sameDay.code]);
  for (const r of hist) if (r.procedure_code && sd.has(r.procedure_code)) r.same_day = true;
  const clock = new WorkClock(cal, addDays(AS_OF_DAY, -DAYS - 5), addDays(AS_OF_DAY, 400));
  const cutoffs = [45, 30, 20].map((d) => `${addDays(AS_OF_DAY, -d)} 17:00`);
  const cals = cutoffs.map((c) => backtestRisk(hist, c, `${AS_OF_DAY} 23:59`, clock, { seed: 1 }));
  console.table(
    cals.map((c) => ({
      'as of': c.as_of,
      judged: c.dossiers,
      'coverage 50%': (c.coverage_50 * 100).toFixed(1),
      'coverage 90%': (c.coverage_90 * 100).toFixed(1),
      'predicted miss %': (c.predicted_miss * 100).toFixed(2),
      'observed miss %': (c.observed_miss * 100).toFixed(2),
      brier: c.brier,
    })),
  );
  console.log(`backtests in ${sec(tCal).toFixed(1)} s`);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const c50 = mean(cals.map((c) => c.coverage_50));
  const c90 = mean(cals.map((c) => c.coverage_90));
  verdicts.push(
    `calibration (mean of ${cals.length} held-out origins): 50% → ${pct(c50)}, 90% → ${pct(c90)} (goal ±5 points) ${ok(Math.abs(c50 - 0.5) <= 0.05 && Math.abs(c90 - 0.9) <= 0.05)}`,
  );
}

console.log('');
console.log(host);
for (const v of verdicts) console.log(v);
console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (1, 5, 15 min), ${process.version}`,
);
await db.close();
