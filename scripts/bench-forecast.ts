/**
 * Forecast benchmark: `npm run bench:forecast`.
 *
 * 1. Each real daily series in $DIEUPHOI_SERIES_DIR (default ../shared/data/series/) under the reference
 *    protocol of its README — 4 origins 28 steps apart, horizon 14, MASE against the in-sample seasonal naive
 *    (lag 7, or lag 5 rows for weekday-only series), steps are rows — next to the R forecast 8.20 figures.
 * 2. The sample panel: the sample data `npm start` loads (src/sample: 126 points × 3 channels × 7 fields,
 *    2024-01-01..2025-11-30, calibrated to the Center's Q3 2025 report, with Vietnamese holidays, Tết, the
 *    2025-07-01 merger and make-up days): the whole panel is forecast in worker threads (timing goal), a
 *    sample of its series is backtested per method, and holiday windows are scored separately.
 *
 * Env: BENCH_THREADS (default 2), BENCH_SAMPLE_EVERY (backtest every n-th panel series, default 9),
 * BENCH_SKIP_PANEL=1 to run the real series only; BENCH_SKIP_LEVELS=1 (coverage per hierarchy level),
 * BENCH_SKIP_BACKTEST=1 (per-method panel backtest), BENCH_SKIP_SPAN=1 (same-months context) skip parts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mean, median } from 'simple-statistics';
import { WorkCalendar } from '../src/core/calendar/calendar.ts';
import { addDays, diffDays, isoWeekday } from '../src/core/calendar/dates.ts';
import { nbCdf, pitInCentral } from '../src/core/forecast/distribution.ts';
import { pitCoverage } from '../src/core/forecast/evaluate.ts';
import { fitSeries, predictFitted } from '../src/core/forecast/forecast.ts';
import { calendarIsOpen, inferOpenWeekdays } from '../src/core/forecast/panel.ts';
import { METHODS, type MethodChoice, type SeriesPoint, type UsedMethod } from '../src/core/forecast/types.ts';
import { DEFAULT_SEED, generateHistory, sampleDataset } from '../src/sample/index.ts';
import { loadCalendarModel, loadFieldsModel, loadStaffingModel } from '../src/store/model-files.ts';
import { backtestPanel, type EvaluatedDay } from '../src/usecases/backtest-panel.ts';
import { forecastPanel, type PanelInputSeries } from '../src/usecases/forecast-panel.ts';

/** The panel's per-method backtest: the panel has under two years, so `yearly` would repeat `ensemble`. */
const ALL: MethodChoice[] = [...METHODS.filter((m) => m !== 'yearly'), 'auto'];
/** The real series: every method, `auto`, and `auto+yearly` (auto allowed the yearly term). */
type RealMethod = MethodChoice | 'auto+yearly';
const REAL: RealMethod[] = [...METHODS, 'auto', 'auto+yearly'];
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const repo = fileURLToPath(new URL('..', import.meta.url));
const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '–');
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);
const counts = (xs: string[]) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}:${v}`)
    .join(' ');
};

console.log(
  `bench:forecast — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);

// ───────────────────────────── 1. real series ─────────────────────────────

function seriesDir(): string | undefined {
  const candidates = [
    process.env.DIEUPHOI_SERIES_DIR,
    join(repo, '..', 'shared', 'data', 'series'),
    join(repo, '..', '..', 'shared', 'data', 'series'),
  ].filter((x): x is string => !!x);
  return candidates.find((d) => existsSync(d));
}

/** The README's "Reference accuracy (R forecast 8.20)" table: series → method → mean MASE. */
function referenceTable(dir: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) return out;
  let header: string[] | undefined;
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells[0] === 'series') header = cells;
    else if (header && /^[\w-]+$/.test(cells[0]!) && cells.slice(1).every((c) => /^[\d.]+$/.test(c))) {
      const rec: Record<string, number> = {};
      header.slice(1).forEach((h, i) => {
        rec[h] = Number(cells[i + 1]);
      });
      out.set(cells[0]!, rec);
    }
  }
  return out;
}

function readDateValue(path: string): SeriesPoint[] {
  return readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [date, v] = l.split(',');
      return { date: date!.trim(), value: Number(v) };
    });
}

/** In-sample seasonal-naive MAE as in the README: lag in rows; daily series interpolated over gaps. */
function readmeScale(train: SeriesPoint[], lag: number, weekdaysOnly: boolean): number {
  let vals = train.map((r) => r.value!);
  if (!weekdaysOnly) {
    vals = [];
    for (let i = 0; i < train.length; i++) {
      if (i > 0) {
        const gap = diffDays(train[i - 1]!.date, train[i]!.date);
        const a = train[i - 1]!.value!;
        const b = train[i]!.value!;
        for (let g = 1; g < gap; g++) vals.push(a + ((b - a) * g) / gap);
      }
      vals.push(train[i]!.value!);
    }
  }
  let s = 0;
  for (let i = lag; i < vals.length; i++) s += Math.abs(vals[i]! - vals[i - lag]!);
  return s / (vals.length - lag);
}

interface RealRow {
  method: RealMethod;
  mase: number;
  perOrigin: number[];
  smape: number;
  coverage: number;
  seconds: number;
  chosen: UsedMethod[];
}

/** Per real series, what the cross-series goals of the forecast roadmap need (auto vs R's best). */
const realOutcomes: Array<{ name: string; auto: number; rBest: number }> = [];
/** The R methods of the README protocol that the roadmap's MASE goal compares against. */
const R_METHODS = ['snaive', 'ets', 'stlf', 'thetaf', 'tbats', 'auto.arima'] as const;
const inBand = (c: number) => c >= 0.75 && c <= 0.85;
const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET');

function benchReal(name: string, rows: SeriesPoint[], reference?: Record<string, number>): void {
  const plain = new WorkCalendar(undefined, [], 'none');
  const weekdaysOnly = !rows.some((r) => isoWeekday(r.date) >= 6);
  const lag = weekdaysOnly ? 5 : 7;
  const ctx = { calendar: plain, isOpen: calendarIsOpen(plain, inferOpenWeekdays([rows])) };
  const H = 14;
  const results: RealRow[] = [];
  for (const name of REAL) {
    const method: MethodChoice = name === 'auto+yearly' ? 'auto' : name;
    const yearly = name === 'auto+yearly';
    const perOrigin: number[] = [];
    let smape = 0;
    let smapeN = 0;
    let covered = 0;
    let total = 0;
    let ms = 0;
    const chosen: UsedMethod[] = [];
    for (let k = 3; k >= 0; k--) {
      const o = rows.length - H - 28 * k;
      const train = rows.slice(0, o);
      const test = rows.slice(o, o + H);
      const lastTrain = train[train.length - 1]!.date;
      const h = diffDays(lastTrain, test[test.length - 1]!.date);
      // Warm-up (JIT) before the first timed fit.
      if (k === 3) predictFitted(fitSeries(train, ctx, { method, horizon: h, yearly }), h, [0.1, 0.5, 0.9]);
      const t0 = performance.now();
      const f = fitSeries(train, ctx, { method, horizon: h, yearly });
      const fc = predictFitted(f, h, [0.1, 0.5, 0.9]);
      ms += performance.now() - t0;
      chosen.push(f.method);
      let ae = 0;
      for (const r of test) {
        const i = diffDays(lastTrain, r.date) - 1;
        const m = fc.mean[i]!;
        ae += Math.abs(r.value! - m);
        smape += (200 * Math.abs(r.value! - m)) / (Math.abs(r.value!) + Math.abs(m));
        smapeN++;
        if (r.value! >= fc.quantiles[0]![i]! && r.value! <= fc.quantiles[2]![i]!) covered++;
        total++;
      }
      perOrigin.push(ae / test.length / readmeScale(train, lag, weekdaysOnly));
    }
    results.push({
      method: name,
      mase: mean(perOrigin),
      perOrigin,
      smape: smape / smapeN,
      coverage: covered / total,
      seconds: ms / 4 / 1000,
      chosen,
    });
  }
  // One series, selection included: the final fit on the whole history (median of 7 runs after warm-up).
  fitSeries(rows, ctx, { horizon: H });
  const times: number[] = [];
  let finalMethod = '';
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const f = fitSeries(rows, ctx, { horizon: H });
    predictFitted(f, H);
    times.push(performance.now() - t0);
    finalMethod = f.method;
  }
  const timesYearly: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    predictFitted(fitSeries(rows, ctx, { horizon: H, yearly: true }), H);
    timesYearly.push(performance.now() - t0);
  }

  const rSnaive = reference?.snaive ?? Number.NaN;
  const rBest = Math.min(
    reference?.ets ?? Number.POSITIVE_INFINITY,
    reference?.thetaf ?? Number.POSITIVE_INFINITY,
  );
  console.log(
    `\n${name}: ${rows.length} rows ${rows[0]!.date}..${rows[rows.length - 1]!.date}, ${weekdaysOnly ? 'weekdays only (season 5 rows)' : 'daily (season 7)'}, calendar none`,
  );
  console.log(
    `${pad('method', 11)} ${lpad('MASE', 6)}  ${pad('per origin', 23)} ${lpad('sMAPE%', 7)} ${lpad('p10–p90', 7)} ${lpad('s/fit', 7)}  used`,
  );
  for (const r of results)
    console.log(
      `${pad(r.method, 11)} ${lpad(fmt(r.mase), 6)}  ${pad(r.perOrigin.map((x) => fmt(x, 2)).join(' '), 23)} ${lpad(fmt(r.smape, 2), 7)} ${lpad(fmt(r.coverage, 2), 7)} ${lpad(fmt(r.seconds, 4), 7)}  ${counts(r.chosen)}`,
    );
  if (reference)
    console.log(
      `R forecast 8.20 (README): ${Object.entries(reference)
        .map(([m, v]) => `${m} ${fmt(v)}`)
        .join(', ')}`,
    );
  const auto = results.find((r) => r.method === 'auto')!;
  const best = results
    .filter((r) => r.method !== 'auto' && r.method !== 'auto+yearly')
    .sort((a, b) => a.mase - b.mase)[0]!;
  const ours = results.find((r) => r.method === 'snaive')!.mase;
  console.log(
    `goal MASE ≤ 0.85 × R snaive (${fmt(0.85 * rSnaive)}) and ≤ R min(ets, thetaf) (${fmt(rBest)}): ` +
      `auto ${fmt(auto.mase)} → ${auto.mase <= 0.85 * rSnaive && auto.mase <= rBest ? 'MET' : 'NOT MET'}` +
      ` (vs R snaive ${fmt(auto.mase / rSnaive - 1, 3)}, vs our snaive ${fmt(auto.mase / ours - 1, 3)}); ` +
      `best single method ${best.method} ${fmt(best.mase)}`,
  );
  console.log(
    `coverage goal 0.80 ± 0.05: auto ${fmt(auto.coverage, 2)} (${Math.abs(auto.coverage - 0.8) <= 0.05 ? 'MET' : 'NOT MET'}, ${4 * H} days)`,
  );
  console.log(
    `one series incl. selection: median ${fmt(median(times), 1)} ms, max ${fmt(Math.max(...times), 1)} ms (goal ≤ 50 ms) → ${median(times) <= 50 ? 'MET' : 'NOT MET'}; chosen ${finalMethod}`,
  );
  console.log('holiday windows: none scored (no holiday calendar for this series; see the panel below)');
  if (reference) {
    const rBestAll = Math.min(...R_METHODS.map((m) => reference[m] ?? Number.POSITIVE_INFINITY));
    const rBestName = R_METHODS.find((m) => reference[m] === rBestAll) ?? '?';
    realOutcomes.push({ name, auto: auto.mase, rBest: rBestAll });
    console.log(
      `roadmap goals: MASE ≤ best of R's ${R_METHODS.join(', ')} (${rBestName} ${fmt(rBestAll)}): auto ${fmt(auto.mase)} → ${met(auto.mase <= rBestAll)}; ` +
        `p10–p90 in 75–85% on the rolling windows: ${fmt(auto.coverage, 2)} over ${4 * H} days → ${met(inBand(auto.coverage))}; ` +
        `one series with selection ≤ 30 ms median: ${fmt(median(times), 1)} ms → ${met(median(times) <= 30)} (auto+yearly ${fmt(median(timesYearly), 1)} ms, load ${loadavg()[0]!.toFixed(1)})`,
    );
  }
}

/**
 * Named holidays of another country on a real series (information, not a goal: R's figures have no
 * holidays): the bank calls with the US federal holidays of 2003 the bank was closed on (the weekdays absent
 * from the data that are federal holidays), as a `--holidays` file would give them, against no list.
 */
function benchHolidayList(rows: SeriesPoint[]): void {
  const closed = [
    ['2003-01-01', "New Year's Day"],
    ['2003-05-26', 'Memorial Day'],
    ['2003-07-04', 'Independence Day'],
    ['2003-09-01', 'Labor Day'],
    ['2003-11-27', 'Thanksgiving Day'],
    ['2003-12-25', 'Christmas Day'],
  ].map(([date, name]) => ({ date: date!, name: name!, closed: true }));
  const H = 14;
  const mase = (withList: boolean) => {
    const cal = new WorkCalendar(undefined, withList ? closed : [], 'none');
    const ctx = {
      calendar: cal,
      isOpen: calendarIsOpen(cal, inferOpenWeekdays([rows])),
      holidays: withList ? closed : undefined,
    };
    const per: number[] = [];
    for (let k = 3; k >= 0; k--) {
      const o = rows.length - H - 28 * k;
      const train = rows.slice(0, o);
      const test = rows.slice(o, o + H);
      const last = train[train.length - 1]!.date;
      const h = diffDays(last, test[test.length - 1]!.date);
      const fc = predictFitted(fitSeries(train, ctx, { horizon: h }), h);
      let ae = 0;
      for (const r of test) ae += Math.abs(r.value! - fc.mean[diffDays(last, r.date) - 1]!);
      per.push(ae / test.length / readmeScale(train, 5, true));
    }
    return mean(per);
  };
  console.log(
    `named holidays (information): with the US federal holidays the bank was closed on as a --holidays list (${closed.length} names, each its own before / on / after effect) auto MASE ${fmt(mase(true))}, without ${fmt(mase(false))}`,
  );
}

const dir = seriesDir();
if (!dir) console.log('\nno real series directory found (set DIEUPHOI_SERIES_DIR)');
else {
  const refs = referenceTable(dir);
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    const name = f.replace(/\.csv$/, '');
    const rows = readDateValue(join(dir, f));
    benchReal(name, rows, refs.get(name));
    if (name === 'us-bankcalls-2003') benchHolidayList(rows);
  }
  if (realOutcomes.length > 0) {
    const ours = mean(realOutcomes.map((o) => o.auto));
    const theirs = mean(realOutcomes.map((o) => o.rBest));
    console.log(
      `\nroadmap goal, mean over the ${realOutcomes.length} real series: auto MASE ${fmt(ours)} ≤ 0.95 × mean of R's best per series (${fmt(0.95 * theirs)}) → ${met(ours <= 0.95 * theirs)} (${fmt(ours / theirs - 1, 3)} vs R's best)`,
    );
  }
}

// ───────────────────────────── 2. sample panel ─────────────────────────────

if (process.env.BENCH_SKIP_PANEL !== '1') {
  const model = loadCalendarModel();
  const cal = new WorkCalendar(model);
  const FROM = '2024-01-01';
  const TO = '2025-11-30';

  /**
   * The sample that `npm start` loads: the 126 points of data/points.csv's generator and their daily history
   * from src/sample (calibrated to the Center's Q3 2025 report), one series per point × channel × field.
   */
  function samplePanel(): { series: PanelInputSeries[]; branchOf: (p: string) => string } {
    const staffingModel = loadStaffingModel();
    const fieldsModel = loadFieldsModel();
    const { points } = sampleDataset({ seed: DEFAULT_SEED, calendar: cal, staffingModel, fieldsModel });
    const byKey = new Map<string, { key: PanelInputSeries['key']; history: SeriesPoint[] }>();
    for (const v of generateHistory({
      points,
      from: FROM,
      until: TO,
      seed: DEFAULT_SEED,
      calendar: cal,
      staffingModel,
      fieldsModel,
    })) {
      const id = `${v.point}|${v.channel}|${v.field}`;
      let s = byKey.get(id);
      if (!s) {
        s = { key: { point: v.point, channel: v.channel, field: v.field }, history: [] };
        byKey.set(id, s);
      }
      s.history.push({ date: v.date, value: v.received });
    }
    const branch = new Map(points.map((p) => [p.code, p.branch]));
    return { series: [...byKey.values()], branchOf: (p) => branch.get(p)! };
  }

  const t0 = performance.now();
  const { series, branchOf } = samplePanel();
  const genS = (performance.now() - t0) / 1000;
  const recent = new Set<string>();
  let perDayTotal = 0;
  for (const s of series)
    for (const p of s.history)
      if (p.date >= '2025-10-01') {
        perDayTotal += p.value!;
        if (p.value! > 0) recent.add(p.date);
      }
  console.log(
    `\nSAMPLE PANEL — the sample data of npm start (src/sample, seed ${DEFAULT_SEED}): ${series.length} series (126 points × channels × fields with any history), ${FROM}..${TO}, ~${Math.round(perDayTotal / Math.max(1, recent.size))} dossiers per day with any dossier in Oct–Nov 2025; generated in ${fmt(genS, 1)} s`,
  );

  // 2a. The whole panel: auto selection, reconciliation, worker threads.
  for (const reconcile of ['wls', 'bottom_up'] as const) {
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await forecastPanel(series, {
      horizon: 14,
      calendar: { model },
      branchOf,
      reconcile,
      threads: THREADS,
    });
    const s = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    console.log(
      `forecast all ${series.length} series, horizon 14, auto selection, reconcile ${reconcile} (${r.diagnostics.aggregatesFitted} aggregates fitted too), ${r.diagnostics.workers} worker threads: ${fmt(s, 1)} s (goal ≤ 60 s → ${s <= 60 ? 'MET' : 'NOT MET'}; roadmap ≤ 20 s on 2 cores → ${met(s <= 20)}); methods ${Object.entries(
        r.diagnostics.methods,
      )
        .map(([m, n]) => `${m}:${n}`)
        .join(' ')}; interval calibration ${Object.entries(r.diagnostics.calibration)
        .map(([m, n]) => `${m}:${n}`)
        .join(
          ' ',
        )}; warnings ${r.diagnostics.warnings}; split: prepare ${fmt(r.diagnostics.timings.prepareSeconds, 1)} s, fit ${fmt(r.diagnostics.timings.fitSeconds, 1)} s, reconcile+rows ${fmt(r.diagnostics.timings.reconcileSeconds, 1)} s; CPU time of all threads ${fmt(cpuS, 1)} s (the wall time 2 idle cores would need ≈ ${fmt(cpuS / 2, 1)} s); load ${loadavg()[0]!.toFixed(1)}`,
    );
  }

  // 2a'. Interval coverage per level of the hierarchy, on rolling windows: the whole panel forecast (auto,
  // wls, aggregates included) as of 4 past dates 28 days apart (the last window ends on the last day), each
  // from the data up to that date only, scored against the actual counts of the next 14 days.
  if (process.env.BENCH_SKIP_LEVELS !== '1') {
    // BENCH_LEVELS_SHIFT=n moves the four origins n days earlier: validation windows before the test ones.
    const LEVELS_SHIFT = Number(process.env.BENCH_LEVELS_SHIFT ?? 0);
    const leafValue = new Map<string, Map<string, number>>();
    for (const s of series)
      leafValue.set(
        `${s.key.point}|${s.key.channel}|${s.key.field}`,
        new Map(s.history.filter((p) => p.value !== null).map((p) => [p.date, p.value!])),
      );
    const levelOf = (r: { point?: string; channel?: string; field?: string; branch?: string }) =>
      r.field !== undefined
        ? 'point × channel × field'
        : r.channel !== undefined
          ? 'point × channel'
          : r.point !== undefined
            ? 'point'
            : r.branch !== undefined
              ? 'branch'
              : 'city';
    const LEVELS = ['point × channel × field', 'point × channel', 'point', 'branch', 'city'];
    const cov = new Map<
      string,
      { n: number; inside: number; pit: number; big: number; bigIn: number; zero: number; zeroIn: number }
    >();
    for (const l of LEVELS) cov.set(l, { n: 0, inside: 0, pit: 0, big: 0, bigIn: 0, zero: 0, zeroIn: 0 });
    const t3 = performance.now();
    for (let k = 3; k >= 0; k--) {
      const asOf = addDays(TO, -14 - 28 * k - LEVELS_SHIFT);
      const r = await forecastPanel(series, {
        horizon: 14,
        calendar: { model },
        branchOf,
        reconcile: 'wls',
        includeAggregates: true,
        threads: THREADS,
        asOf,
      });
      const dispOf = new Map(
        r.diagnostics.series.map((d) => [`${d.key.point}|${d.key.channel}|${d.key.field}`, d.dispersion]),
      );
      // Actual totals per node and date: sums of the observed leaves below it (a date no leaf observed
      // is not scored).
      const actual = new Map<string, number>();
      const seen = new Set<string>();
      for (const s of series) {
        const values = leafValue.get(`${s.key.point}|${s.key.channel}|${s.key.field}`)!;
        for (const date of r.dates) {
          const v = values.get(date);
          if (v === undefined) continue;
          for (const id of [
            `${s.key.point}|${s.key.channel}|${s.key.field}`,
            `${s.key.point}|${s.key.channel}|`,
            `${s.key.point}||`,
            `b:${branchOf(s.key.point!)}`,
            'city',
          ]) {
            const key = `${id}@${date}`;
            actual.set(key, (actual.get(key) ?? 0) + v);
            seen.add(key);
          }
        }
      }
      for (const row of r.rows) {
        const level = levelOf(row);
        const id =
          level === 'city'
            ? 'city'
            : level === 'branch'
              ? `b:${row.branch}`
              : `${row.point}|${row.channel ?? ''}|${row.field ?? ''}`;
        const key = `${id}@${row.date}`;
        if (!seen.has(key)) continue;
        const y = actual.get(key)!;
        const c = cov.get(level)!;
        const inside = y >= row.quantiles.p10! && y <= row.quantiles.p90! ? 1 : 0;
        c.n++;
        c.inside += inside;
        if (row.mean >= 20) {
          c.big++;
          c.bigIn += inside;
        }
        if (level === LEVELS[0]) {
          const d = dispOf.get(id) ?? 0;
          c.pit += pitInCentral(y, row.mean, d, 0.1, 0.9);
          // Days forecast as "almost surely none" (P(0) ≥ 0.9): every band holding the median is [0, 0]
          // and covers whenever nothing comes, so no band can cover 80% of them.
          if (nbCdf(0, row.mean, d) >= 0.9) {
            c.zero++;
            c.zeroIn += inside;
          }
        }
      }
    }
    const levelS = (performance.now() - t3) / 1000;
    console.log(
      `\ninterval coverage per level (4 panel forecasts as of ${addDays(TO, -14 - 84 - LEVELS_SHIFT)}..${addDays(TO, -14 - LEVELS_SHIFT)}, 28 days apart, 14 days each, auto + wls, ${fmt(levelS, 1)} s): ` +
        'share of actual counts inside p10–p90 (days with any observation under the node)',
    );
    for (const l of LEVELS) {
      const c = cov.get(l)!;
      const share = c.inside / c.n;
      const pitShare = l === LEVELS[0] ? c.pit / c.n : Number.NaN;
      // At the leaves most days have a mean below 5 dossiers: no integer interval covers exactly 80% there
      // (p10–p90 of a Poisson(0.5) is [0, 1], 91%); the randomised PIT is the discreteness-free coverage.
      console.log(
        `  ${pad(l, 24)} ${lpad(String(c.n), 6)} days: p10–p90 ${fmt(share, 3)} → ${met(inBand(share))}` +
          `; days forecast ≥ 20: ${c.big} days, ${fmt(c.bigIn / c.big, 3)} → ${met(inBand(c.bigIn / c.big))}` +
          (l === LEVELS[0]
            ? `; randomised PIT ${fmt(pitShare, 3)} → ${met(inBand(pitShare))}` +
              `; days forecast P(0) ≥ 0.9 (band [0, 0] whatever the method): ${c.zero} days, ${fmt(c.zeroIn / c.zero, 3)}` +
              `; the other ${c.n - c.zero} days ${fmt((c.inside - c.zeroIn) / (c.n - c.zero), 3)} → ${met(inBand((c.inside - c.zeroIn) / (c.n - c.zero)))}`
            : ''),
      );
    }
  }

  // One panel series at a time, in this thread, after warm-up: the per-series budget (≤ 50 ms).
  const sampleEvery = Number(process.env.BENCH_SAMPLE_EVERY ?? 9);
  const sample = series.filter((_, i) => i % sampleEvery === 0);
  const times: number[] = [];
  const isOpenOf = (s: PanelInputSeries) =>
    calendarIsOpen(
      cal,
      inferOpenWeekdays(series.filter((x) => x.key.point === s.key.point).map((x) => x.history)),
    );
  for (const [i, s] of sample.entries()) {
    const ctx = { calendar: cal, isOpen: isOpenOf(s) };
    if (i < 5) fitSeries(s.history, ctx, { horizon: 14 });
    const t1 = performance.now();
    predictFitted(fitSeries(s.history, ctx, { horizon: 14 }), 14);
    times.push(performance.now() - t1);
  }
  times.sort((a, b) => a - b);
  console.log(
    `one panel series incl. selection (${times.length} series, 1 thread): median ${fmt(median(times), 1)} ms, p95 ${fmt(times[Math.floor(0.95 * times.length)]!, 1)} ms (goal ≤ 50 ms → ${median(times) <= 50 ? 'MET' : 'NOT MET'})`,
  );

  if (process.env.BENCH_SKIP_BACKTEST !== '1') {
    // 2b. Backtest per method on a sample of series: ordinary weeks (4 origins × 28 days before the end) and
    // holiday windows (origins a week before each holiday of the last year).
    const holidayOrigins = ['2024-12-25', '2025-01-18', '2025-03-31', '2025-04-23', '2025-08-23'];
    const opts = { horizon: 14, methods: ALL, calendar: { model }, keepDays: true, threads: THREADS };
    const t2 = performance.now();
    const ordinary = await backtestPanel(sample, { ...opts, origins: 4, step: 28 });
    const holiday = await backtestPanel(sample, {
      ...opts,
      origins: 0,
      step: 28,
      originDates: holidayOrigins,
    });
    const btS = (performance.now() - t2) / 1000;

    /** A test day is in a holiday window when a holiday is within 7 days of it, or Tết within 21. */
    const inHolidayWindow = (d: string) => {
      if (Math.abs(cal.tetOffset(d)) <= 21) return true;
      for (let k = -7; k <= 7; k++) if (cal.isHoliday(addDays(d, k))) return true;
      return false;
    };
    const scaled = (days: EvaluatedDay[], keep: (d: EvaluatedDay) => boolean) => {
      const v = days.filter((d) => keep(d) && d.scale > 0);
      return { err: v.reduce((a, d) => a + Math.abs(d.actual - d.mean) / d.scale, 0), n: v.length };
    };
    console.log(
      `\nbacktest of ${sample.length} panel series (every ${sampleEvery}th), horizon 14, ${THREADS} threads, ${fmt(btS, 1)} s. ` +
        'MASE: per series mean over origins, then mean over series; rel: geometric mean of MASE / snaive MASE; ' +
        'p10–p90: share of actual counts inside the integer quantiles (more than 80% on low counts by discreteness: see the days forecast ≥ 20 and PIT, the randomised-PIT coverage, which is 80% for calibrated count forecasts)',
    );
    console.log(
      `${pad('method', 9)} ${lpad('MASE', 6)} ${lpad('rel', 6)} ${lpad('sMAPE%', 7)} ${lpad('p10–p90', 7)} ${lpad('≥20/day', 7)} ${lpad('PIT', 5)} ${lpad('s/fit', 7)} │ ${lpad('holiday', 7)} ${lpad('rel', 6)} ${lpad('ordinary', 8)} ${lpad('rel', 6)}  used (ordinary backtest)`,
    );
    const snaiveIdx = ALL.indexOf('snaive');
    const relOf = (scores: { err: number; n: number }, base: { err: number; n: number }) =>
      scores.err / base.err;
    const holidayBase = scaled(
      holiday.series.flatMap((s) => s.methods[snaiveIdx]!.days ?? []),
      (d) => inHolidayWindow(d.date),
    );
    const ordinaryBase = scaled(
      ordinary.series.flatMap((s) => s.methods[snaiveIdx]!.days ?? []),
      (d) => !inHolidayWindow(d.date),
    );
    ALL.forEach((m, j) => {
      const sum = ordinary.summary[j]!;
      const days = ordinary.series.flatMap((s) => s.methods[j]!.days ?? []);
      const big = days.filter((d) => d.mean >= 20);
      const bigCov = big.filter((d) => d.actual >= d.lo && d.actual <= d.hi).length / big.length;
      const hol = scaled(
        holiday.series.flatMap((s) => s.methods[j]!.days ?? []),
        (d) => inHolidayWindow(d.date),
      );
      const ord = scaled(days, (d) => !inHolidayWindow(d.date));
      console.log(
        `${pad(m, 9)} ${lpad(fmt(sum.mase), 6)} ${lpad(fmt(sum.relativeToSnaive), 6)} ${lpad(fmt(sum.smape, 1), 7)} ${lpad(fmt(sum.coverage, 2), 7)} ${lpad(fmt(bigCov, 2), 7)} ${lpad(fmt(pitCoverage(days), 2), 5)} ${lpad(fmt(sum.seconds, 4), 7)} │ ${lpad(fmt(hol.err / hol.n), 7)} ${lpad(fmt(relOf(hol, holidayBase)), 6)} ${lpad(fmt(ord.err / ord.n), 8)} ${lpad(fmt(relOf(ord, ordinaryBase)), 6)}  ${Object.entries(
          sum.chosen,
        )
          .sort((a, b) => b[1]! - a[1]!)
          .map(([k, v]) => `${k}:${v}`)
          .join(' ')}`,
      );
    });
    const autoJ = ALL.indexOf('auto');
    const autoHol = relOf(
      scaled(
        holiday.series.flatMap((s) => s.methods[autoJ]!.days ?? []),
        (d) => inHolidayWindow(d.date),
      ),
      holidayBase,
    );
    const autoOrd = relOf(
      scaled(
        ordinary.series.flatMap((s) => s.methods[autoJ]!.days ?? []),
        (d) => !inHolidayWindow(d.date),
      ),
      ordinaryBase,
    );
    console.log(
      `holiday windows (test days within 7 days of a holiday or 21 of Tết, origins ${holidayOrigins.join(', ')}) vs ordinary days (last 4 × 28-day origins): ` +
        `auto error relative to seasonal naive ${fmt(autoHol)} vs ${fmt(autoOrd)} → goal (holiday ≤ ordinary) ${autoHol <= autoOrd ? 'MET' : 'NOT MET'}`,
    );
    const autoCov = ordinary.summary[autoJ]!.coverage;
    console.log(
      `roadmap goals on the panel: holiday windows ≤ 1.10 × the ordinary days' ratio: ${fmt(autoHol)} vs ${fmt(1.1 * autoOrd)} → ${met(autoHol <= 1.1 * autoOrd)}; ` +
        `p10–p90 in 75–85% on the rolling windows at the series level (point × channel × field, ${sample.length} series): ${fmt(autoCov, 2)} → ${met(inBand(autoCov))}; ` +
        'every level of the hierarchy, reconciled: see "interval coverage per level" above',
    );

    // Context for the goal above (information only, the goal is unchanged): the ordinary reference is Aug–Nov
    // 2025, while the holiday origins lie in Dec 2024–Aug 2025 (less history, pre-merger field mix, the
    // post-merger ramp). Ordinary days of those same months, from origins every 28 days across their span.
    if (process.env.BENCH_SKIP_SPAN !== '1') {
      const spanOrigins: string[] = [];
      for (
        let o = addDays(holidayOrigins[0]!, -14);
        o <= holidayOrigins[holidayOrigins.length - 1]!;
        o = addDays(o, 28)
      )
        spanOrigins.push(o);
      const span = await backtestPanel(sample, {
        ...opts,
        methods: ['snaive', 'auto'],
        origins: 0,
        step: 28,
        originDates: spanOrigins,
      });
      const spanDays = (j: number) => span.series.flatMap((s) => s.methods[j]!.days ?? []);
      const spanRel = relOf(
        scaled(spanDays(1), (d) => !inHolidayWindow(d.date)),
        scaled(spanDays(0), (d) => !inHolidayWindow(d.date)),
      );
      const spanHol = relOf(
        scaled(spanDays(1), (d) => inHolidayWindow(d.date)),
        scaled(spanDays(0), (d) => inHolidayWindow(d.date)),
      );
      console.log(
        `same months as the holiday origins (${spanOrigins.length} origins every 28 days, ${spanOrigins[0]}..${spanOrigins[spanOrigins.length - 1]}; information, not a goal): ` +
          `auto error relative to seasonal naive on ordinary days ${fmt(spanRel)}, on holiday-window days ${fmt(spanHol)}`,
      );
    }
  }
}
console.log(
  `\nload average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
