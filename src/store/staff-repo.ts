import type { Staff } from '../schemas/domain.ts';
import type { Queryable } from './db.ts';

const COLS = 'id, name, home_point, fields, fte, role, active, skills';

export async function listStaff(
  db: Queryable,
  opts: { point?: string; activeOnly?: boolean } = {},
): Promise<Staff[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.point) {
    params.push(opts.point);
    where.push(`home_point = $${params.length}`);
  }
  if (opts.activeOnly) where.push('active');
  return db.query<Staff>(
    `SELECT ${COLS} FROM staff ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    params,
  );
}

/** Inserts or updates staff by id; returns how many rows changed. */
export async function upsertStaff(db: Queryable, staff: Staff[]): Promise<number> {
  if (staff.length === 0) return 0;
  const rows = await db.query<{ n: number }>(
    `WITH input AS (
       SELECT x.id, x.name, x.home_point, ARRAY(SELECT jsonb_array_elements_text(x.fields)) AS fields, x.fte, x.role, x.active,
         ARRAY(SELECT jsonb_array_elements_text(coalesce(x.skills, '[]'::jsonb))) AS skills
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, home_point text, fields jsonb, fte float8,
         role text, active boolean, skills jsonb)
     ), up AS (
       INSERT INTO staff (${COLS}) SELECT ${COLS} FROM input
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, home_point = excluded.home_point,
         fields = excluded.fields, fte = excluded.fte, role = excluded.role, active = excluded.active,
         skills = excluded.skills, updated_at = now()
       WHERE (staff.name, staff.home_point, staff.fields, staff.fte, staff.role, staff.active, staff.skills)
         IS DISTINCT FROM (excluded.name, excluded.home_point, excluded.fields, excluded.fte, excluded.role, excluded.active,
           excluded.skills)
       RETURNING 1
     ) SELECT count(*)::int AS n FROM up`,
    [JSON.stringify(staff)],
  );
  return rows[0]?.n ?? 0;
}
