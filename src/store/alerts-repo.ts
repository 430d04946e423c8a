import type { OverdueRisk, RiskDossier } from '../core/supervise/overdue-risk.ts';
import { fieldId, fieldOf } from './codes.ts';
import type { Db, Queryable } from './db.ts';

/** Register rows as the overdue-risk estimator reads them (usecases/alerts.ts). */
export interface RiskSourceRow extends RiskDossier {
  receiving_point: string;
  procedure_code: string | null;
  procedure_name: string | null;
  field_id: number;
}

const ts = (day: unknown, time: unknown): string => {
  const d = day instanceof Date ? day.toISOString().slice(0, 10) : String(day).slice(0, 10);
  return time ? `${d} ${String(time).slice(0, 5)}` : d;
};
const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/**
 * Dossiers received from `since` on (the history the estimator learns from) plus every dossier still without
 * a result, whenever received; withdrawn ones are left out.
 */
export async function riskSource(db: Queryable, since: string): Promise<RiskSourceRow[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT code, procedure_code, procedure_name, field_id, receiving_point, competent_unit,
       received_on, received_time, due_on, finished_on, finished_time
     FROM dossiers
     WHERE NOT withdrawn AND (received_on >= $1 OR finished_on IS NULL)`,
    [since],
  );
  return rows.map((r) => {
    const field = fieldOf(Number(r.field_id));
    const code = r.procedure_code === null ? null : String(r.procedure_code);
    const name = r.procedure_name === null ? null : String(r.procedure_name);
    return {
      code: String(r.code),
      procedure: code ?? `${field}:${name ?? ''}`,
      procedure_code: code,
      procedure_name: name,
      field,
      field_id: Number(r.field_id),
      receiving_point: String(r.receiving_point),
      competent_unit: String(r.competent_unit),
      received_at: ts(r.received_on, r.received_time),
      due_at: iso(r.due_on),
      finished_at: r.finished_on === null ? null : ts(r.finished_on, r.finished_time),
      same_day: false,
    };
  });
}

const COLUMNS = [
  'code',
  'as_of',
  'receiving_point',
  'competent_unit',
  'field_id',
  'procedure_code',
  'procedure_name',
  'received_on',
  'due_on',
  'unit',
  'left_units',
  'left_hours',
  'elapsed',
  'probability',
  'stratum',
  'at_risk',
];

/** Replaces the stored risks by `risks` (one transaction: readers see the old list or the new one). */
export async function replaceOverdueRisks(
  db: Db,
  asOf: string,
  risks: ReadonlyArray<{ risk: OverdueRisk; dossier: RiskSourceRow }>,
  refresh: { id: string; history: number; seconds: number; calibration: unknown },
): Promise<void> {
  // COPY takes raw CSV values: quote every text, never neutralise (these are data, not a spreadsheet).
  const q = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const lines = risks.map(({ risk: r, dossier: d }) =>
    [
      q(d.code),
      q(asOf),
      q(d.receiving_point),
      q(d.competent_unit),
      d.field_id,
      q(d.procedure_code),
      q(d.procedure_name),
      d.received_at.slice(0, 10),
      d.due_at,
      r.unit,
      r.left,
      r.unit === 'days' ? r.left * 8 : r.left,
      r.elapsed,
      r.probability,
      r.stratum,
      r.at_risk,
    ].join(','),
  );
  await db.transaction(async (tx) => {
    await tx.exec('DELETE FROM overdue_risks');
    if (lines.length) await tx.copyCsv('overdue_risks', COLUMNS, `${lines.join('\n')}\n`);
    await tx.query(
      `INSERT INTO overdue_risk_refreshes (id, as_of, pending, history, seconds, calibration)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, pending = EXCLUDED.pending,
         history = EXCLUDED.history, seconds = EXCLUDED.seconds, calibration = EXCLUDED.calibration,
         created_at = now()`,
      [
        refresh.id,
        asOf,
        lines.length,
        refresh.history,
        refresh.seconds,
        JSON.stringify(refresh.calibration ?? null),
      ],
    );
  });
}

export interface StoredRisk {
  code: string;
  receiving_point: string;
  competent_unit: string;
  field: string;
  procedure_code: string | null;
  procedure_name: string | null;
  received_on: string;
  due_on: string;
  unit: 'days' | 'hours';
  left: number;
  probability: number;
  stratum: string;
  at_risk: number;
}

export interface RiskFilter {
  point?: string;
  field?: string;
  minProbability?: number;
  limit?: number;
}

function where(f: RiskFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts: string[] = [];
  if (f.point) {
    params.push(f.point);
    parts.push(`(competent_unit = $${params.length} OR receiving_point = $${params.length})`);
  }
  if (f.field) {
    params.push(fieldId(f.field as Parameters<typeof fieldId>[0]));
    parts.push(`field_id = $${params.length}`);
  }
  if (f.minProbability !== undefined) {
    params.push(f.minProbability);
    parts.push(`probability >= $${params.length}`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Stored risks, nearest to the deadline first, then the most probable miss. */
export async function listOverdueRisks(
  db: Queryable,
  f: RiskFilter,
): Promise<{ total: number; items: StoredRisk[] }> {
  const w = where(f);
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM overdue_risks ${w.sql}`,
    w.params,
  );
  const rows = await db.query<Record<string, unknown>>(
    `SELECT code, receiving_point, competent_unit, field_id, procedure_code, procedure_name, received_on, due_on,
       unit, left_units, probability, stratum, at_risk
     FROM overdue_risks ${w.sql}
     ORDER BY left_hours, probability DESC, code
     LIMIT ${Math.max(1, Math.min(100_000, f.limit ?? 500))}`,
    w.params,
  );
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      code: String(r.code),
      receiving_point: String(r.receiving_point),
      competent_unit: String(r.competent_unit),
      field: fieldOf(Number(r.field_id)),
      procedure_code: r.procedure_code === null ? null : String(r.procedure_code),
      procedure_name: r.procedure_name === null ? null : String(r.procedure_name),
      received_on: iso(r.received_on),
      due_on: iso(r.due_on),
      unit: String(r.unit) as 'days' | 'hours',
      left: Number(r.left_units),
      probability: Number(r.probability),
      stratum: String(r.stratum),
      at_risk: Number(r.at_risk),
    })),
  };
}

/** Per competent unit: pending dossiers, those likely to miss (≥ threshold) and those already past due. */
export async function overdueRiskCounts(
  db: Queryable,
  threshold = 0.5,
): Promise<Array<{ point: string; pending: number; at_risk: number; past_due: number }>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT competent_unit AS point, count(*)::int AS pending,
       count(*) FILTER (WHERE probability >= $1 AND left_hours > 0)::int AS at_risk,
       count(*) FILTER (WHERE left_hours <= 0)::int AS past_due
     FROM overdue_risks GROUP BY competent_unit ORDER BY competent_unit`,
    [threshold],
  );
  return rows.map((r) => ({
    point: String(r.point),
    pending: Number(r.pending),
    at_risk: Number(r.at_risk),
    past_due: Number(r.past_due),
  }));
}

export async function latestRiskRefresh(db: Queryable): Promise<
  | {
      id: string;
      as_of: string;
      created_at: string;
      pending: number;
      history: number;
      seconds: number;
      calibration: unknown;
    }
  | undefined
> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT id, as_of, created_at, pending, history, seconds, calibration FROM overdue_risk_refreshes ORDER BY created_at DESC LIMIT 1',
  );
  if (!r) return undefined;
  return {
    id: String(r.id),
    as_of: String(r.as_of),
    created_at: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
    pending: Number(r.pending),
    history: Number(r.history),
    seconds: Number(r.seconds),
    calibration: r.calibration ?? null,
  };
}
