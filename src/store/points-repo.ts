import type { Point } from '../schemas/domain.ts';
import type { Queryable } from './db.ts';

const COLS = 'code, name, type, branch, lat, lon, population, area_km2, counters, min_staff, opening_hours';

export async function listPoints(db: Queryable): Promise<Point[]> {
  return db.query<Point>(`SELECT ${COLS} FROM points ORDER BY code`);
}

export async function getPoint(db: Queryable, code: string): Promise<Point | undefined> {
  const [row] = await db.query<Point>(`SELECT ${COLS} FROM points WHERE code = $1`, [code]);
  return row;
}

export async function pointCodes(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ code: string }>('SELECT code FROM points');
  return new Set(rows.map((r) => r.code));
}

/** Inserts or updates points by code; returns how many rows changed. */
export async function upsertPoints(db: Queryable, points: Point[]): Promise<number> {
  if (points.length === 0) return 0;
  const rows = await db.query<{ n: number }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, type text, branch text, lat float8,
         lon float8, population int, area_km2 float8, counters int, min_staff int, opening_hours jsonb)
     ), up AS (
       INSERT INTO points (${COLS}) SELECT ${COLS} FROM input
       ON CONFLICT (code) DO UPDATE SET name = excluded.name, type = excluded.type, branch = excluded.branch,
         lat = excluded.lat, lon = excluded.lon, population = excluded.population, area_km2 = excluded.area_km2,
         counters = excluded.counters, min_staff = excluded.min_staff, opening_hours = excluded.opening_hours,
         updated_at = now()
       WHERE (points.name, points.type, points.branch, points.lat, points.lon, points.population, points.area_km2,
              points.counters, points.min_staff, points.opening_hours)
         IS DISTINCT FROM (excluded.name, excluded.type, excluded.branch, excluded.lat, excluded.lon,
              excluded.population, excluded.area_km2, excluded.counters, excluded.min_staff, excluded.opening_hours)
       RETURNING 1
     ) SELECT count(*)::int AS n FROM up`,
    [JSON.stringify(points)],
  );
  return rows[0]?.n ?? 0;
}
