import { channelId } from './codes.ts';
import { type Queryable, rowsAsJson } from './db.ts';

/**
 * SQL aggregates of the register (dossiers, tickets) and of daily counts for the supervision indicators
 * (usecases/indicators.ts, docs/indicators.md). Every query groups by a key (point, branch or the city) and a
 * period start (day, ISO week, month, quarter) chosen from fixed lists, never from input text.
 */

export type IndicatorLevel = 'point' | 'branch' | 'city';
export type IndicatorPeriod = 'day' | 'week' | 'month' | 'quarter';

export interface AggregateScope {
  level: IndicatorLevel;
  period: IndicatorPeriod;
  from: string;
  to: string;
  /** one point only (its code) */
  point?: string;
}

const IN_PERSON = channelId('in_person');
const ONLINE = channelId('online');
const POSTAL = channelId('postal');

function bucket(col: string, period: IndicatorPeriod): string {
  return period === 'day' ? col : `date_trunc('${period}', ${col})::date`;
}

/** The key expression, the join it needs and the filter on one point. */
function keyOf(pointCol: string, scope: AggregateScope, firstParam: number) {
  const key = scope.level === 'point' ? pointCol : scope.level === 'branch' ? 'p.branch' : `'city'`;
  const join = scope.level === 'branch' ? `JOIN points p ON p.code = ${pointCol}` : '';
  const filter = scope.point ? `AND ${pointCol} = $${firstParam}` : '';
  const params = scope.point ? [scope.point] : [];
  return { key, join, filter, params };
}

const toIso = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The one skeleton of every per-key, per-period aggregate: `SELECT key, period, <columns> FROM <table> [JOIN
 * points] WHERE <day> BETWEEN from AND to [AND <point> = point] [AND where] GROUP BY key, period [HAVING]`.
 * Each column is an SQL aggregate; counts read as numbers (0 when absent), `nullable` columns as number | null.
 */
async function aggregate<C extends string, N extends string = never>(
  db: Queryable,
  s: AggregateScope,
  q: {
    table: string;
    point: string;
    day: string;
    counts: Record<C, string>;
    nullable?: Record<N, string>;
    where?: string;
    having?: string;
  },
): Promise<Array<{ key: string; period: string } & Record<C, number> & Record<N, number | null>>> {
  const k = keyOf(q.point, s, 3);
  const nullable = (q.nullable ?? {}) as Record<N, string>;
  const cols = [...Object.entries(q.counts), ...Object.entries(nullable)] as Array<[string, string]>;
  const rows = await rowsAsJson(
    db,
    `SELECT ${k.key} AS key, ${bucket(q.day, s.period)} AS period,
       ${cols.map(([name, expr]) => `${expr} AS ${name}`).join(',\n       ')}
     FROM ${q.table} ${k.join}
     WHERE ${q.day} BETWEEN $1 AND $2 ${q.where ? `AND ${q.where}` : ''} ${k.filter}
     GROUP BY 1, 2 ${q.having ? `HAVING ${q.having}` : ''}`,
    [s.from, s.to, ...k.params],
  );
  return rows.map((r) => {
    const out: Record<string, unknown> = { key: String(r.key), period: toIso(r.period) };
    for (const name of Object.keys(q.counts)) out[name] = num(r[name]);
    for (const name of Object.keys(nullable)) out[name] = numOrNull(r[name]);
    return out as { key: string; period: string } & Record<C, number> & Record<N, number | null>;
  });
}

/** `sum(col)`, or `sum(col) FILTER (WHERE channel_id = id)` of one channel. */
const sum = (col: string, channel?: number) =>
  channel === undefined ? `sum(${col})` : `sum(${col}) FILTER (WHERE channel_id = ${channel})`;

export interface ReceivingRow {
  key: string;
  period: string;
  received: number;
  in_person: number;
  online: number;
  postal: number;
  full_online: number;
  /** online dossiers whose level (full / partial) is known */
  online_level_known: number;
  digitised_in_person: number;
  /** in-person dossiers whose digitisation flag is known */
  digitised_known: number;
}

/** Dossiers received, by receiving point (or its branch, or the city) and period of receipt (register_daily). */
export async function receivingAggregates(db: Queryable, s: AggregateScope): Promise<ReceivingRow[]> {
  return aggregate(db, s, {
    table: 'register_daily d',
    point: 'd.point',
    day: 'd.day',
    counts: {
      received: sum('d.received'),
      in_person: sum('d.in_person'),
      online: sum('d.online'),
      postal: sum('d.postal'),
      full_online: sum('d.full_online'),
      online_level_known: sum('d.online_level_known'),
      digitised_in_person: sum('d.digitised'),
      digitised_known: sum('d.digitised_known'),
    },
    // a day with results only is no receiving row
    having: 'sum(d.received) > 0',
  });
}

export interface ResolvedRow {
  key: string;
  period: string;
  resolved: number;
  early: number;
  on_time: number;
  overdue: number;
  electronic: number;
  electronic_known: number;
}

/** Dossiers finished (not withdrawn), by competent unit (or branch, city) and period of the finish (register_daily). */
export async function resolvedAggregates(db: Queryable, s: AggregateScope): Promise<ResolvedRow[]> {
  return aggregate(db, s, {
    table: 'register_daily d',
    point: 'd.point',
    day: 'd.day',
    counts: {
      resolved: sum('d.resolved'),
      early: sum('d.early'),
      on_time: sum('d.on_time'),
      overdue: sum('d.overdue'),
      electronic: sum('d.electronic'),
      electronic_known: sum('d.electronic_known'),
    },
    having: 'sum(d.resolved) > 0',
  });
}

export interface PastDueRow {
  key: string;
  period: string;
  pending_past_due: number;
}

/**
 * Dossiers pending past their due day at the end of each period (the period's last day, or `to`): received by
 * then, no result by then, due before then. Read from register_past_due's intervals [start_day, end_day): the
 * count at a day T is the number of interval starts ≤ T minus the ends ≤ T, so the starts and ends of each key
 * are summed per period (those before `from` into the first) and accumulated over the periods.
 */
export async function pastDueAggregates(db: Queryable, s: AggregateScope): Promise<PastDueRow[]> {
  const k = keyOf('e.unit', s, 3);
  const rows = await rowsAsJson(
    db,
    `WITH periods AS (
       SELECT DISTINCT ${bucket('g::date', s.period)} AS start
       FROM generate_series($1::date, $2::date, interval '1 day') g
     ), ev AS (
       SELECT ${k.key} AS key, ${bucket('greatest(e.day, $1::date)', s.period)} AS start, sum(e.delta) AS delta
       FROM (
         SELECT unit, start_day AS day, n AS delta FROM register_past_due WHERE start_day <= $2::date
         UNION ALL
         SELECT unit, end_day, -n FROM register_past_due WHERE end_day <= $2::date
       ) e ${k.join}
       WHERE true ${k.filter}
       GROUP BY 1, 2
     ), cum AS (
       SELECT ks.key, pr.start,
         sum(coalesce(ev.delta, 0)) OVER (PARTITION BY ks.key ORDER BY pr.start) AS n
       FROM (SELECT DISTINCT key FROM ev) ks CROSS JOIN periods pr
       LEFT JOIN ev ON ev.key = ks.key AND ev.start = pr.start
     )
     SELECT key, start AS period, n FROM cum WHERE n > 0`,
    [s.from, s.to, ...k.params],
  );
  return rows.map((r) => ({ key: String(r.key), period: toIso(r.period), pending_past_due: num(r.n) }));
}

export interface TicketRow {
  key: string;
  period: string;
  tickets: number;
  abandoned: number;
  wait_median_min: number | null;
  wait_p90_min: number | null;
  service_median_min: number | null;
  service_p90_min: number | null;
}

/** Queue tickets by point (or branch, city) and period of issue: waits (issue → call), service (call → end). */
export async function ticketAggregates(db: Queryable, s: AggregateScope): Promise<TicketRow[]> {
  const wait = 'extract(epoch FROM t.called_at - t.issued_at) / 60';
  const service = 'extract(epoch FROM t.finished_at - t.called_at) / 60';
  const pct = (p: number, expr: string, col: string) =>
    `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${expr}) FILTER (WHERE ${col} IS NOT NULL)`;
  return aggregate(db, s, {
    table: 'tickets t',
    point: 't.point',
    day: 't.issued_on',
    counts: { tickets: 'count(*)', abandoned: 'count(*) FILTER (WHERE t.abandoned)' },
    nullable: {
      wait_median_min: pct(0.5, wait, 't.called_at'),
      wait_p90_min: pct(0.9, wait, 't.called_at'),
      service_median_min: pct(0.5, service, 't.finished_at'),
      service_p90_min: pct(0.9, service, 't.finished_at'),
    },
  });
}

export interface DailyCountRow {
  key: string;
  period: string;
  received: number;
  in_person: number;
  online: number;
  postal: number;
  resolved: number;
  on_time: number;
  overdue: number;
}

/**
 * Daily counts (daily_volumes) of point-days the register does not cover (the rule of the volume_rows view):
 * sites without a register still get the indicators counts allow. Before the register tables exist
 * (`registerTables` false) every daily count stands.
 */
export async function dailyCountAggregates(
  db: Queryable,
  s: AggregateScope,
  registerTables = true,
): Promise<DailyCountRow[]> {
  return aggregate(db, s, {
    table: 'daily_volumes v',
    point: 'v.point',
    day: 'v.date',
    counts: {
      received: sum('v.received'),
      in_person: sum('v.received', IN_PERSON),
      online: sum('v.received', ONLINE),
      postal: sum('v.received', POSTAL),
      resolved: sum('v.resolved'),
      on_time: sum('v.on_time'),
      overdue: sum('v.overdue'),
    },
    ...(registerTables
      ? {
          where: `NOT EXISTS (
         SELECT 1 FROM register_coverage c WHERE c.point = v.point AND v.date BETWEEN c.first_day AND c.last_day
       )`,
        }
      : {}),
  });
}

export interface ProcedureTimeRow {
  procedure_code: string | null;
  procedure_name: string | null;
  resolved: number;
  median_days: number;
  p90_days: number;
}

/**
 * percentile_cont(p) of a sorted histogram (value, count): the value at position p·(N − 1), interpolated between
 * its two neighbours — as PostgreSQL computes it over the rows.
 */
function histogramPercentile(bins: ReadonlyArray<{ days: number; n: number }>, p: number): number {
  const total = bins.reduce((t, b) => t + b.n, 0);
  const pos = p * (total - 1);
  const lo = Math.floor(pos);
  const at = (i: number) => {
    let seen = 0;
    for (const b of bins) {
      seen += b.n;
      if (seen > i) return b.days;
    }
    return bins[bins.length - 1]?.days ?? 0;
  };
  const first = at(lo);
  return pos === lo ? first : first + (at(lo + 1) - first) * (pos - lo);
}

/**
 * Median and 90th percentile of calendar days from receipt to result, by procedure, over the finishes in range:
 * exact, from the histogram register_result_days.
 */
export async function procedureTimes(
  db: Queryable,
  s: Pick<AggregateScope, 'from' | 'to' | 'point'> & { branch?: string },
): Promise<ProcedureTimeRow[]> {
  const params: unknown[] = [s.from, s.to];
  let filter = '';
  let join = '';
  if (s.point) {
    params.push(s.point);
    filter = `AND h.unit = $${params.length}`;
  } else if (s.branch) {
    params.push(s.branch);
    join = 'JOIN points p ON p.code = h.unit';
    filter = `AND p.branch = $${params.length}`;
  }
  const rows = await rowsAsJson(
    db,
    `WITH bins AS (
       SELECT h.procedure_code, min(h.procedure_name) AS procedure_name, h.days, sum(h.n) AS n
       FROM register_result_days h ${join}
       WHERE h.finished_on BETWEEN $1 AND $2 ${filter}
       GROUP BY h.procedure_code, h.days
     )
     SELECT procedure_code, min(procedure_name) OVER w AS procedure_name, days, n, sum(n) OVER w AS total
     FROM bins
     WINDOW w AS (PARTITION BY procedure_code)
     ORDER BY total DESC, procedure_code, days`,
    params,
  );
  const out: Array<ProcedureTimeRow & { bins: Array<{ days: number; n: number }> }> = [];
  for (const r of rows) {
    const code = r.procedure_code === null ? null : String(r.procedure_code);
    let last = out[out.length - 1];
    if (!last || last.procedure_code !== code || last.resolved !== num(r.total)) {
      last = {
        procedure_code: code,
        procedure_name: r.procedure_name === null ? null : String(r.procedure_name),
        resolved: num(r.total),
        median_days: 0,
        p90_days: 0,
        bins: [],
      };
      out.push(last);
    }
    last.bins.push({ days: num(r.days), n: num(r.n) });
  }
  return out.map(({ bins, ...row }) => ({
    ...row,
    median_days: histogramPercentile(bins, 0.5),
    p90_days: histogramPercentile(bins, 0.9),
  }));
}

/** Whether the register tables exist (before migration 006 the indicators read daily counts only). */
export async function registerPresent(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>(
    `SELECT to_regclass('dossiers') IS NOT NULL AND to_regclass('tickets') IS NOT NULL
       AND to_regclass('register_coverage') IS NOT NULL AS ok`,
  );
  return row?.ok === true;
}
