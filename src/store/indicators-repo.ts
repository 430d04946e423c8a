import { channelId } from './codes.ts';
import type { Queryable } from './db.ts';

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

/** Dossiers received, by receiving point (or its branch, or the city) and period of receipt. */
export async function receivingAggregates(db: Queryable, s: AggregateScope): Promise<ReceivingRow[]> {
  const k = keyOf('d.receiving_point', s, 3);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${k.key} AS key, ${bucket('d.received_on', s.period)} AS period,
       count(*) AS received,
       count(*) FILTER (WHERE d.channel_id = ${IN_PERSON}) AS in_person,
       count(*) FILTER (WHERE d.channel_id = ${ONLINE}) AS online,
       count(*) FILTER (WHERE d.channel_id = ${POSTAL}) AS postal,
       count(*) FILTER (WHERE d.channel_id = ${ONLINE} AND d.online_level = 'full') AS full_online,
       count(*) FILTER (WHERE d.channel_id = ${ONLINE} AND d.online_level IS NOT NULL) AS online_level_known,
       count(*) FILTER (WHERE d.channel_id = ${IN_PERSON} AND d.digitised) AS digitised_in_person,
       count(*) FILTER (WHERE d.channel_id = ${IN_PERSON} AND d.digitised IS NOT NULL) AS digitised_known
     FROM dossiers d ${k.join}
     WHERE d.received_on BETWEEN $1 AND $2 ${k.filter}
     GROUP BY 1, 2`,
    [s.from, s.to, ...k.params],
  );
  return rows.map((r) => ({
    key: String(r.key),
    period: toIso(r.period),
    received: num(r.received),
    in_person: num(r.in_person),
    online: num(r.online),
    postal: num(r.postal),
    full_online: num(r.full_online),
    online_level_known: num(r.online_level_known),
    digitised_in_person: num(r.digitised_in_person),
    digitised_known: num(r.digitised_known),
  }));
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

/** Dossiers finished (not withdrawn), by competent unit (or branch, city) and period of the finish. */
export async function resolvedAggregates(db: Queryable, s: AggregateScope): Promise<ResolvedRow[]> {
  const k = keyOf('d.competent_unit', s, 3);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${k.key} AS key, ${bucket('d.finished_on', s.period)} AS period,
       count(*) AS resolved,
       count(*) FILTER (WHERE d.timeliness = 'early') AS early,
       count(*) FILTER (WHERE d.timeliness = 'on_time') AS on_time,
       count(*) FILTER (WHERE d.timeliness = 'overdue') AS overdue,
       count(*) FILTER (WHERE d.electronic_result) AS electronic,
       count(*) FILTER (WHERE d.electronic_result IS NOT NULL) AS electronic_known
     FROM dossiers d ${k.join}
     WHERE d.finished_on BETWEEN $1 AND $2 AND NOT d.withdrawn ${k.filter}
     GROUP BY 1, 2`,
    [s.from, s.to, ...k.params],
  );
  return rows.map((r) => ({
    key: String(r.key),
    period: toIso(r.period),
    resolved: num(r.resolved),
    early: num(r.early),
    on_time: num(r.on_time),
    overdue: num(r.overdue),
    electronic: num(r.electronic),
    electronic_known: num(r.electronic_known),
  }));
}

export interface PastDueRow {
  key: string;
  period: string;
  pending_past_due: number;
}

/**
 * Dossiers pending past their due day at the end of each period (the period's last day, or `to`): received by
 * then, no result by then, due before then. Only dossiers that were ever late can count, which keeps the join
 * small.
 */
export async function pastDueAggregates(db: Queryable, s: AggregateScope): Promise<PastDueRow[]> {
  const k = keyOf('d.competent_unit', s, 3);
  const rows = await db.query<Record<string, unknown>>(
    `WITH periods AS (
       SELECT ${bucket('g::date', s.period)} AS start, max(g::date) AS last
       FROM generate_series($1::date, $2::date, interval '1 day') g GROUP BY 1
     )
     SELECT ${k.key} AS key, pr.start AS period, count(*) AS n
     FROM dossiers d ${k.join}
     JOIN periods pr ON d.due_on < pr.last AND d.received_on <= pr.last
       AND (d.finished_on IS NULL OR d.finished_on > pr.last)
     WHERE NOT d.withdrawn AND d.due_on < $2::date
       AND (d.finished_on IS NULL OR d.finished_on > d.due_on) ${k.filter}
     GROUP BY 1, 2`,
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
  const k = keyOf('t.point', s, 3);
  const wait = 'extract(epoch FROM t.called_at - t.issued_at) / 60';
  const service = 'extract(epoch FROM t.finished_at - t.called_at) / 60';
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${k.key} AS key, ${bucket('t.issued_on', s.period)} AS period,
       count(*) AS tickets,
       count(*) FILTER (WHERE t.abandoned) AS abandoned,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE t.called_at IS NOT NULL) AS wait_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ${wait}) FILTER (WHERE t.called_at IS NOT NULL) AS wait_p90,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${service}) FILTER (WHERE t.finished_at IS NOT NULL) AS service_median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY ${service}) FILTER (WHERE t.finished_at IS NOT NULL) AS service_p90
     FROM tickets t ${k.join}
     WHERE t.issued_on BETWEEN $1 AND $2 ${k.filter}
     GROUP BY 1, 2`,
    [s.from, s.to, ...k.params],
  );
  return rows.map((r) => ({
    key: String(r.key),
    period: toIso(r.period),
    tickets: num(r.tickets),
    abandoned: num(r.abandoned),
    wait_median_min: numOrNull(r.wait_median),
    wait_p90_min: numOrNull(r.wait_p90),
    service_median_min: numOrNull(r.service_median),
    service_p90_min: numOrNull(r.service_p90),
  }));
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
  const k = keyOf('v.point', s, 3);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${k.key} AS key, ${bucket('v.date', s.period)} AS period,
       sum(v.received) AS received,
       sum(v.received) FILTER (WHERE v.channel_id = ${IN_PERSON}) AS in_person,
       sum(v.received) FILTER (WHERE v.channel_id = ${ONLINE}) AS online,
       sum(v.received) FILTER (WHERE v.channel_id = ${POSTAL}) AS postal,
       sum(v.resolved) AS resolved, sum(v.on_time) AS on_time, sum(v.overdue) AS overdue
     FROM daily_volumes v ${k.join}
     WHERE v.date BETWEEN $1 AND $2 ${k.filter}
       ${
         registerTables
           ? `AND NOT EXISTS (
         SELECT 1 FROM register_coverage c WHERE c.point = v.point AND v.date BETWEEN c.first_day AND c.last_day
       )`
           : ''
       }
     GROUP BY 1, 2`,
    [s.from, s.to, ...k.params],
  );
  return rows.map((r) => ({
    key: String(r.key),
    period: toIso(r.period),
    received: num(r.received),
    in_person: num(r.in_person),
    online: num(r.online),
    postal: num(r.postal),
    resolved: num(r.resolved),
    on_time: num(r.on_time),
    overdue: num(r.overdue),
  }));
}

export interface ProcedureTimeRow {
  procedure_code: string | null;
  procedure_name: string | null;
  resolved: number;
  median_days: number;
  p90_days: number;
}

/** Median and 90th percentile of calendar days from receipt to result, by procedure, over the finishes in range. */
export async function procedureTimes(
  db: Queryable,
  s: Pick<AggregateScope, 'from' | 'to' | 'point'> & { branch?: string },
): Promise<ProcedureTimeRow[]> {
  const params: unknown[] = [s.from, s.to];
  let filter = '';
  let join = '';
  if (s.point) {
    params.push(s.point);
    filter = `AND d.competent_unit = $${params.length}`;
  } else if (s.branch) {
    params.push(s.branch);
    join = 'JOIN points p ON p.code = d.competent_unit';
    filter = `AND p.branch = $${params.length}`;
  }
  const rows = await db.query<Record<string, unknown>>(
    `SELECT d.procedure_code, min(d.procedure_name) AS procedure_name, count(*) AS resolved,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d.finished_on - d.received_on) AS median_days,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY d.finished_on - d.received_on) AS p90_days
     FROM dossiers d ${join}
     WHERE d.finished_on BETWEEN $1 AND $2 AND NOT d.withdrawn ${filter}
     GROUP BY d.procedure_code
     ORDER BY count(*) DESC, d.procedure_code`,
    params,
  );
  return rows.map((r) => ({
    procedure_code: r.procedure_code === null ? null : String(r.procedure_code),
    procedure_name: r.procedure_name === null ? null : String(r.procedure_name),
    resolved: num(r.resolved),
    median_days: num(r.median_days),
    p90_days: num(r.p90_days),
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
