import { readStoredTexts } from '../core/messages.ts';
import type { Staff } from '../schemas/domain.ts';
import type { Queryable } from './db.ts';
import { listStaff } from './staff-repo.ts';

/** Every statement on `roadmaps` and `staff_history` (migration 008). */
export interface RoadmapHead {
  id: string;
  created_at: string;
  status: 'draft' | 'approved' | 'rejected';
  start_date: string;
  quarters: number;
  max_transfers: number;
  solver_status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}
export interface StoredRoadmap extends RoadmapHead {
  result: unknown;
}

const HEAD = `id, created_at::text AS created_at, status, start_date::text AS start_date, quarters, max_transfers,
  solver_status, decided_by, decided_at::text AS decided_at, decision_note`;

export async function insertRoadmap(
  db: Queryable,
  r: {
    id: string;
    start: string;
    quarters: number;
    maxTransfers: number;
    solverStatus: string;
    result: unknown;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO roadmaps (id, start_date, quarters, max_transfers, solver_status, result)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (id) DO NOTHING`,
    [r.id, r.start, r.quarters, r.maxTransfers, r.solverStatus, JSON.stringify(r.result)],
  );
}

export async function findRoadmap(db: Queryable, id: string): Promise<StoredRoadmap | undefined> {
  const [row] = await db.query<StoredRoadmap>(`SELECT ${HEAD}, result FROM roadmaps WHERE id = $1`, [id]);
  // Roadmaps stored with each reason twice (English beside its message) read with the message alone.
  return row && { ...row, result: readStoredTexts(row.result) };
}

export async function listRoadmaps(db: Queryable): Promise<RoadmapHead[]> {
  return db.query<RoadmapHead>(`SELECT ${HEAD} FROM roadmaps ORDER BY created_at DESC LIMIT 100`);
}

export async function lockRoadmap(tx: Queryable, id: string): Promise<RoadmapHead | undefined> {
  const [row] = await tx.query<RoadmapHead>(`SELECT ${HEAD} FROM roadmaps WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

export async function setRoadmapDecision(
  tx: Queryable,
  id: string,
  d: { status: 'approved' | 'rejected'; by: string; note?: string },
): Promise<RoadmapHead> {
  const [row] = await tx.query<RoadmapHead>(
    `UPDATE roadmaps SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1
     RETURNING ${HEAD}`,
    [id, d.status, d.by, d.note ?? null],
  );
  return row!;
}

/** Adds home-point versions (never edits one): one row per person and start date. */
export async function insertStaffVersions(
  tx: Queryable,
  versions: ReadonlyArray<{ staff_id: string; valid_from: string; home_point: string; roadmap_id: string }>,
): Promise<void> {
  if (versions.length === 0) return;
  await tx.query(
    `INSERT INTO staff_history (staff_id, valid_from, home_point, roadmap_id)
     SELECT x.staff_id, x.valid_from::date, x.home_point, x.roadmap_id
     FROM jsonb_to_recordset($1::jsonb) AS x(staff_id text, valid_from text, home_point text, roadmap_id text)`,
    [JSON.stringify(versions)],
  );
}

/** Each person's home point in force on `date` by the history (people without a version are absent). */
export async function homePointsOn(db: Queryable, date: string): Promise<Map<string, string>> {
  const rows = await db.query<{ staff_id: string; home_point: string }>(
    `SELECT DISTINCT ON (staff_id) staff_id, home_point FROM staff_history
     WHERE valid_from <= $1::date ORDER BY staff_id, valid_from DESC`,
    [date],
  );
  return new Map(rows.map((r) => [r.staff_id, r.home_point]));
}

/** Received dossiers per point in [from, to] (inclusive): the register's trend between two windows. */
export async function receivedByPoint(db: Queryable, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db.query<{ point: string; n: number }>(
    `SELECT point, sum(received)::float8 AS n FROM volume_rows WHERE date BETWEEN $1::date AND $2::date
     GROUP BY point`,
    [from, to],
  );
  return new Map(rows.map((r) => [r.point, r.n]));
}

/** Staff with the home points in force on `date`: the staff table, overridden by the latest history version. */
export async function staffOn(db: Queryable, date: string): Promise<Staff[]> {
  const [staff, homes] = await Promise.all([listStaff(db), homePointsOn(db, date)]);
  return staff.map((s) => (homes.has(s.id) ? { ...s, home_point: homes.get(s.id)! } : s));
}
