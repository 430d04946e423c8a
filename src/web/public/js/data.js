// What the pages read from the API, normalised: dates, points, staff, forecasts, plans and jobs.
// Forecast, plan and simulation answers come from use cases that may not be deployed yet: every reader here
// returns `null` (not an error) when the server has nothing there, so pages show an empty state.

import * as api from './api.js';

export const FIELDS = [
  'land',
  'social_policy',
  'civil_status',
  'certification',
  'business_household',
  'construction',
  'other',
];
export const CHANNELS = ['in_person', 'online', 'postal'];

// ---- dates (ISO strings, like the server) ----

/** @param {string} iso @param {number} n */
export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday, 1 = Monday. @param {string} iso */
export function isoWeekday(iso) {
  const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** @param {string} iso */
export function mondayOf(iso) {
  return addDays(iso, 1 - isoWeekday(iso));
}

/** Today in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function todayHanoi() {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** `2026-W02` for any day of the week. @param {string} iso */
export function isoWeekLabel(iso) {
  const thursday = addDays(mondayOf(iso), 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week =
    Math.round((Date.parse(mondayOf(thursday)) - Date.parse(mondayOf(jan4))) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// ---- reference data ----

/**
 * @typedef {{ code: string, name: string, type: string, branch: string, lat: number, lon: number, population: number,
 *   area_km2: number, counters: number, min_staff: number }} Point
 * @typedef {{ id: string, name: string, home_point: string, fields: string[], fte: number, role: string, active: boolean }} Staff
 */

/** @param {import('./app.js').Ctx} ctx @returns {Promise<Point[]>} */
export async function points(ctx) {
  return (await ctx.cached('/points')).points;
}

/** @param {import('./app.js').Ctx} ctx @returns {Promise<Map<string, Point>>} */
export async function pointIndex(ctx) {
  return new Map((await points(ctx)).map((p) => [p.code, p]));
}

/** @param {import('./app.js').Ctx} ctx @returns {Promise<Staff[]>} */
export async function activeStaff(ctx) {
  return (await ctx.cached('/staff?active=true')).staff;
}

/** Active staff (FTE-weighted) per home point. @param {import('./app.js').Ctx} ctx */
export async function staffByPoint(ctx) {
  /** @type {Map<string, number>} */
  const m = new Map();
  for (const s of await activeStaff(ctx)) m.set(s.home_point, (m.get(s.home_point) ?? 0) + (s.fte ?? 1));
  return m;
}

/** @param {import('./app.js').Ctx} ctx */
export async function readiness() {
  try {
    const res = await fetch('/ready', { headers: { accept: 'application/json' } });
    return await res.json();
  } catch {
    return null;
  }
}

// ---- forecasts ----

/**
 * @typedef {{ level: string, point: string, channel: string, field: string, date: string, mean: number,
 *   p10: number | null, p50: number | null, p90: number | null }} ForecastRow
 * @typedef {{ id: string, as_of: string, horizon: number, method: string, created_at?: string }} ForecastRunInfo
 */

/**
 * A quantile of a row whatever the key style: {"0.1": …}, {"p10": …}, {"q10": …}, or a p10 property.
 * @param {Record<string, any>} r
 * @param {number} level 0.1, 0.5 or 0.9
 */
function quantileOf(r, level) {
  const pct = Math.round(level * 100);
  const q = r.quantiles ?? r;
  for (const k of [String(level), `p${pct}`, `q${pct}`, level.toFixed(1), level.toFixed(2)]) {
    const v = q?.[k];
    if (typeof v === 'number') return v;
  }
  return typeof r[`p${pct}`] === 'number' ? r[`p${pct}`] : null;
}

/**
 * Normalises a forecast answer into run info and flat rows.
 * @param {any} body
 * @returns {{ run: ForecastRunInfo, rows: ForecastRow[] } | null}
 */
export function normaliseForecast(body) {
  if (!body) return null;
  const run = body.run ?? body;
  const raw = body.values ?? body.rows ?? run.values ?? run.rows ?? body.series ?? [];
  /** @type {ForecastRow[]} */
  const rows = [];
  for (const r of raw) {
    const dates = Array.isArray(r.dates) ? r.dates : body.dates;
    if (Array.isArray(dates) && Array.isArray(r.mean)) {
      // series layout (the API's default): one entry per series with arrays over the run's dates
      dates.forEach((/** @type {string} */ date, /** @type {number} */ i) => {
        if (r.mean[i] === null || r.mean[i] === undefined) return;
        rows.push({
          level: r.level ?? 'series',
          point: r.point ?? '',
          channel: r.channel ?? '',
          field: r.field ?? '',
          date,
          mean: r.mean[i],
          p10: r.quantiles?.['0.1']?.[i] ?? r.quantiles?.p10?.[i] ?? null,
          p50: r.quantiles?.['0.5']?.[i] ?? r.quantiles?.p50?.[i] ?? null,
          p90: r.quantiles?.['0.9']?.[i] ?? r.quantiles?.p90?.[i] ?? null,
        });
      });
      continue;
    }
    rows.push({
      level: r.level ?? (r.point ? 'series' : 'city'),
      point: r.point ?? '',
      channel: r.channel ?? '',
      field: r.field ?? '',
      date: String(r.date).slice(0, 10),
      mean: Number(r.mean),
      p10: quantileOf(r, 0.1),
      p50: quantileOf(r, 0.5),
      p90: quantileOf(r, 0.9),
    });
  }
  return {
    run: {
      id: run.id ?? run.runId ?? body.id ?? '',
      as_of: String(run.as_of ?? run.asOf ?? '').slice(0, 10),
      horizon: run.horizon ?? 0,
      method: run.method ?? '',
      created_at: run.created_at ?? run.createdAt,
    },
    rows,
  };
}

/** @param {import('./app.js').Ctx} ctx */
export async function latestForecast(ctx) {
  let p = ctx.cache.get('forecast:latest');
  if (!p) {
    p = api.getOptional('/forecasts/latest').then(normaliseForecast);
    ctx.cache.set('forecast:latest', p);
    p.catch(() => ctx.cache.delete('forecast:latest'));
  }
  return /** @type {Promise<ReturnType<typeof normaliseForecast>>} */ (p);
}

/** City-wide rows: the total, and the API's totals by channel and by field. */
const CITY_LEVELS = new Set(['city', 'total', 'city_channel', 'city_field']);

/**
 * The city's daily series for a channel and field ('' = all): the city row of exactly that channel and field
 * when the run has one; else the sum over points of their rows of that channel and field; else the sum of the
 * finest rows (point × channel × field) that match. A sum's p10/p90 is approximate (quantiles do not add).
 * @param {ForecastRow[]} rows
 * @param {string} channel
 * @param {string} field
 * @returns {{ days: Array<{ date: string, mean: number, p10: number | null, p90: number | null }>, approx: boolean }}
 */
export function citySeries(rows, channel, field) {
  const exact = rows.filter(
    (r) => CITY_LEVELS.has(r.level) && (r.channel ?? '') === channel && (r.field ?? '') === field,
  );
  if (exact.length) {
    return {
      days: exact.map((r) => ({ date: r.date, mean: r.mean, p10: r.p10, p90: r.p90 })).sort(byDate),
      approx: false,
    };
  }
  let parts = rows.filter(
    (r) => r.level === 'point' && (r.channel ?? '') === channel && (r.field ?? '') === field,
  );
  if (!parts.length)
    parts = rows.filter(
      (r) => r.level === 'series' && (!channel || r.channel === channel) && (!field || r.field === field),
    );
  /** @type {Map<string, { date: string, mean: number, p10: number | null, p90: number | null }>} */
  const acc = new Map();
  for (const r of parts) {
    const d = acc.get(r.date) ?? { date: r.date, mean: 0, p10: 0, p90: 0 };
    d.mean += r.mean;
    d.p10 = d.p10 === null || r.p10 === null ? null : d.p10 + r.p10;
    d.p90 = d.p90 === null || r.p90 === null ? null : d.p90 + r.p90;
    acc.set(r.date, d);
  }
  return { days: [...acc.values()].sort(byDate), approx: parts.length > 0 };
}

/**
 * Each point's own rows for all channels and fields: its point-level total when the run has one, else its
 * series rows (to be summed).
 * @param {ForecastRow[]} rows
 */
export function pointTotalRows(rows) {
  const totals = rows.filter((r) => r.level === 'point' && !r.channel && !r.field);
  return totals.length ? totals : rows.filter((r) => r.level === 'series');
}

/** @param {{ date: string }} a @param {{ date: string }} b */
function byDate(a, b) {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Expected dossiers per point and open day over some dates, from a forecast's point totals (or series).
 * @param {ForecastRow[]} rows
 * @param {(date: string) => boolean} keep
 * @returns {Map<string, number>} point → mean dossiers per forecast day
 */
export function pointDailyMeans(rows, keep) {
  // Per point and day first, then the mean over the days it receives dossiers (closed days are not load).
  /** @type {Map<string, Map<string, number>>} */
  const byPoint = new Map();
  for (const r of pointTotalRows(rows)) {
    if (!r.point || !keep(r.date)) continue;
    const days = byPoint.get(r.point) ?? new Map();
    days.set(r.date, (days.get(r.date) ?? 0) + r.mean);
    byPoint.set(r.point, days);
  }
  /** @type {Map<string, number>} */
  const out = new Map();
  for (const [p, days] of byPoint) {
    const open = [...days.values()].filter((v) => v >= 0.5);
    out.set(p, open.length ? open.reduce((a, b) => a + b, 0) / open.length : 0);
  }
  return out;
}

/**
 * City totals per day of a range (received, resolved, on time, overdue). Asked by channel and summed: the same
 * answer as by date, and one query shape for every store.
 * @param {string} from
 * @param {string} to
 * @returns {Promise<Map<string, { received: number, resolved: number, on_time: number, overdue: number }>>}
 */
export async function dailyTotals(from, to) {
  const body = await api.get(`/volumes/totals?from=${from}&to=${to}&by=channel`);
  /** @type {Map<string, { received: number, resolved: number, on_time: number, overdue: number }>} */
  const out = new Map();
  for (const r of body.rows ?? []) {
    const d = String(r.date).slice(0, 10);
    const a = out.get(d) ?? { received: 0, resolved: 0, on_time: 0, overdue: 0 };
    a.received += r.received;
    a.resolved += r.resolved;
    a.on_time += r.on_time;
    a.overdue += r.overdue;
    out.set(d, a);
  }
  return out;
}

/**
 * The last six weeks of city totals and the last day with data (the sample history ends yesterday); when
 * those weeks are empty, the last day with data within `lookback` days. Aggregates over the volume table are
 * the slowest reads of the API on the embedded store, so pages share this one (cached per session).
 * @param {import('./app.js').Ctx} ctx
 * @param {number} [lookback]
 * @returns {Promise<{ last: string | null, byDate: Map<string, { received: number, resolved: number, on_time: number, overdue: number }> }>}
 */
export async function recentActuals(ctx, lookback = 400) {
  const key = 'actuals:recent';
  let p = ctx.cache.get(key);
  if (!p) {
    p = (async () => {
      const to = todayHanoi();
      let byDate = await dailyTotals(addDays(to, -42), to);
      let last = lastWithData(byDate);
      if (!last) {
        const wide = await dailyTotals(addDays(to, -lookback), to);
        last = lastWithData(wide);
        if (last) byDate = await dailyTotals(addDays(last, -42), last);
      }
      return { last, byDate };
    })();
    ctx.cache.set(key, p);
    p.catch(() => ctx.cache.delete(key));
  }
  return /** @type {any} */ (p);
}

/** @param {Map<string, { received: number }>} byDate */
function lastWithData(byDate) {
  const days = [...byDate]
    .filter(([, v]) => v.received > 0)
    .map(([d]) => d)
    .sort();
  return days.at(-1) ?? null;
}

/** Last date with recorded volumes. @param {import('./app.js').Ctx} ctx */
export async function lastActualDate(ctx) {
  return (await recentActuals(ctx)).last;
}

/**
 * Expected load per point, in dossiers per working day per active staff member: from the forecast of the
 * given week when there is one, else from the last 28 days of actuals (days with any dossier only).
 * @param {import('./app.js').Ctx} ctx
 * @param {string} week Monday of the week
 * @returns {Promise<{ source: 'forecast' | 'actuals' | 'none', byPoint: Map<string, { perDay: number, staff: number, perStaff: number | null }> }>}
 */
export async function pointLoad(ctx, week) {
  const key = `load:${week}`;
  let p = ctx.cache.get(key);
  if (!p) {
    p = computePointLoad(ctx, week);
    ctx.cache.set(key, p);
    p.catch(() => ctx.cache.delete(key));
  }
  return /** @type {any} */ (p);
}

/** @param {import('./app.js').Ctx} ctx @param {string} week */
async function computePointLoad(ctx, week) {
  const staff = await staffByPoint(ctx);
  /** @type {Map<string, number>} */
  let perDay = new Map();
  /** @type {'forecast' | 'actuals' | 'none'} */
  let source = 'none';
  // No forecast (none run yet, or forecasting not deployed): fall back to actuals.
  const fc = await latestForecast(ctx).catch(() => null);
  if (fc?.rows.length) {
    const end = addDays(week, 6);
    perDay = pointDailyMeans(fc.rows, (d) => d >= week && d <= end);
    if (perDay.size === 0) perDay = pointDailyMeans(fc.rows, () => true);
    if (perDay.size) source = 'forecast';
  }
  if (source === 'none') {
    const last = await lastActualDate(ctx);
    if (last) {
      const from = addDays(last, -27);
      const body = await api.get(`/volumes/totals?from=${from}&to=${last}&by=point`);
      /** @type {Map<string, { sum: number, days: Set<string> }>} */
      const acc = new Map();
      for (const r of body.rows ?? []) {
        if (!(r.received > 0)) continue;
        const a = acc.get(r.key) ?? { sum: 0, days: new Set() };
        a.sum += r.received;
        a.days.add(r.date);
        acc.set(r.key, a);
      }
      perDay = new Map([...acc].map(([k, a]) => [k, a.sum / Math.max(1, a.days.size)]));
      if (perDay.size) source = 'actuals';
    }
  }
  /** @type {Map<string, { perDay: number, staff: number, perStaff: number | null }>} */
  const byPoint = new Map();
  for (const [code, v] of perDay) {
    const s = staff.get(code) ?? 0;
    byPoint.set(code, { perDay: v, staff: s, perStaff: s > 0 ? v / s : null });
  }
  return { source, byPoint };
}

// ---- plans ----

/**
 * @typedef {{ date: string, staff_id: string, name: string, from: string, to: string, staff: number, minutes: number, reason: string }} PlanMove
 * @typedef {{ id: string, week: string, status: string, created_at?: string, decided_by?: string | null, decision_note?: string | null,
 *   kpis: any, moves: PlanMove[], explanation: string[], utilisation: Array<{ point: string, before: number | null, after: number | null }>,
 *   raw: any }} Plan
 */

/**
 * Normalises a plan answer: moves as rows (per person when the roster names them), KPIs, explanation.
 * @param {any} body
 * @returns {Plan | null}
 */
export function normalisePlan(body) {
  if (!body) return null;
  const p = body.plan ?? body;
  const result = p.result ?? {};
  const kpis = p.kpis ?? result.kpis ?? {};
  /** @type {any[]} */
  const rawMoves = p.moves ?? result.roster?.moves ?? result.moves ?? result.stage1?.moves ?? [];
  const moves = rawMoves.map((m) => ({
    date: String(m.date ?? m.day ?? '').slice(0, 10),
    staff_id: m.staff_id ?? '',
    name: m.name ?? m.staff_name ?? '',
    from: m.from ?? m.from_point ?? '',
    to: m.to ?? m.to_point ?? '',
    staff: typeof m.staff === 'number' ? m.staff : 1,
    minutes: Number(m.minutes ?? 0),
    reason: m.reason ?? '',
  }));
  return {
    id: p.id ?? '',
    week: String(p.week ?? result.week ?? '').slice(0, 10),
    status: p.status ?? 'draft',
    created_at: p.created_at ?? p.createdAt,
    decided_by: p.decided_by ?? p.decidedBy ?? null,
    decision_note: p.decision_note ?? p.note ?? null,
    kpis,
    moves,
    explanation: p.explanation ?? result.explanation ?? [],
    utilisation: kpis.utilisation ?? p.utilisation ?? [],
    raw: p,
  };
}

/**
 * Plans of a week, newest first (an empty list when planning is not deployed yet).
 * @param {string} week
 * @returns {Promise<Array<{ id: string, week: string, status: string, created_at?: string, scenario?: unknown[] | null }>>}
 */
export async function plansOfWeek(week) {
  const body = await api.getOptional(`/plans?week=${week}`);
  const list = body?.plans ?? (Array.isArray(body) ? body : []);
  // The week's own plans before what-if (scenario) plans; approved first; then newest first.
  const rank = (/** @type {any} */ p) => (p.scenario?.length ? 2 : 0) + (p.status === 'approved' ? 0 : 1);
  return [...list].sort(
    (a, b) => rank(a) - rank(b) || String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')),
  );
}

/** @param {string} id */
export async function plan(id) {
  return normalisePlan(await api.getOptional(`/plans/${encodeURIComponent(id)}`));
}

/**
 * @typedef {{ from: string, to: string, minutes: number, reason?: string }} DiffSide
 * @typedef {DiffSide & { date: string, staff_id: string, name: string }} DiffRef
 * @typedef {{ added?: DiffRef[], removed?: DiffRef[], changed?: Array<{ date: string, staff_id: string, name: string,
 *   before: DiffSide, after: DiffSide }> }} MovesDiff
 * @typedef {{ kind: 'added' | 'removed' | 'changed', date: string, staff_id: string, name: string, from: string,
 *   to: string, minutes: number, reason: string, staff: number, before?: { from: string, to: string, minutes: number } }} DiffRow
 */

/**
 * The moves of a plan diff as the server counts them (`GET /plans/:a/diff/:b`, its `moves`: added, removed,
 * changed with before/after), one row each for the comparison table: a changed move shows where the person
 * goes in plan B, with plan A's move as `before`. Rows by day, then destination.
 * @param {MovesDiff | undefined} moves
 * @returns {DiffRow[]}
 */
export function diffRows(moves) {
  /** @type {DiffRow[]} */
  const out = [];
  /** @param {'added' | 'removed'} kind @param {DiffRef} m */
  const row = (kind, m) => ({
    kind,
    date: m.date,
    staff_id: m.staff_id,
    name: m.name ?? '',
    from: m.from,
    to: m.to,
    minutes: Number(m.minutes ?? 0),
    reason: m.reason ?? '',
    staff: 1,
  });
  for (const m of moves?.added ?? []) out.push(row('added', m));
  for (const m of moves?.removed ?? []) out.push(row('removed', m));
  for (const c of moves?.changed ?? [])
    out.push({
      kind: 'changed',
      date: c.date,
      staff_id: c.staff_id,
      name: c.name ?? '',
      from: c.after.from,
      to: c.after.to,
      minutes: Number(c.after.minutes ?? 0),
      reason: c.after.reason ?? '',
      staff: 1,
      before: { from: c.before.from, to: c.before.to, minutes: Number(c.before.minutes ?? 0) },
    });
  return out.sort((x, y) => x.date.localeCompare(y.date) || x.to.localeCompare(y.to));
}

// ---- jobs ----

/**
 * @typedef {{ id: string, queue: string, name: string, state: string, progress: { pct: number, stage: string, text?: string },
 *   attempts: number, maxAttempts: number, data: any, result?: any, error?: { code: string, message: string, details?: any[] },
 *   createdAt: string, startedAt?: string, finishedAt?: string }} Job
 */

/**
 * Polls a job until it completes or fails, calling `onUpdate` with each view.
 * @param {string} id
 * @param {(job: Job) => void} onUpdate
 * @param {{ signal?: AbortSignal, intervalMs?: number }} [opts]
 * @returns {Promise<Job>}
 */
export async function watchJob(id, onUpdate, opts = {}) {
  const interval = opts.intervalMs ?? 700;
  for (;;) {
    /** @type {Job} */
    const job = await api.get(`/jobs/${encodeURIComponent(id)}`, { signal: opts.signal });
    onUpdate(job);
    if (job.state === 'completed' || job.state === 'failed') return job;
    await new Promise((resolve, reject) => {
      const t = setTimeout(resolve, interval);
      opts.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  }
}

// ---- simulations ----

/** Where each simulated figure sits in the grouped report (core/simulate/report.ts). */
const FIGURE_PATHS = {
  wait_mean_min: ['wait', 'mean_min'],
  wait_p90_min: ['wait', 'p90_min'],
  within_target: ['wait', 'within_target'],
  on_time_rate: ['overdue', 'on_time_rate'],
  backlog: ['backlog', 'end'],
  overdue: ['overdue', 'total'],
  arrived: ['counter', 'arrived'],
  abandoned: ['counter', 'abandoned'],
  counter_utilisation: ['counter', 'utilisation'],
};

/**
 * A figure of a simulation summary, grouped ({ wait: { mean_min } }) or flat ({ wait_mean_min }).
 * @param {any} group
 * @param {string} name
 */
export function figure(group, name) {
  if (!group) return undefined;
  // Grouped first: in that form `backlog` and `overdue` are groups, not figures.
  const path = /** @type {Record<string, string[]>} */ (FIGURE_PATHS)[name];
  const grouped = path?.reduce((o, k) => o?.[k], group);
  return grouped !== undefined ? grouped : group[name];
}

/**
 * A simulation result as pages read it: city figures of the base (estimates: mean, lo, hi), the paired
 * differences scenario − base when a scenario ran, and the differences per point.
 * @param {any} res the `result` of GET /simulations/:id
 */
export function normaliseSimulation(res) {
  const base = res?.base?.city?.total ?? res?.base?.city ?? null;
  const diff = res?.difference?.city ?? res?.comparison?.city?.total ?? null;
  /** @type {any[]} */
  const rawPoints = res?.difference?.points ?? res?.comparison?.points ?? [];
  return {
    base,
    diff,
    points: rawPoints.map((p) => ({ point: p.point, figures: p.total ?? p })),
    notes: [...(res?.scenario?.scenario_notes ?? res?.scenario_notes ?? []), ...(res?.base?.notes ?? [])],
    replications: res?.replications ?? res?.base?.replications ?? null,
  };
}
