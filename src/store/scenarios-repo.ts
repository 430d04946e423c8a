import { readStoredTexts } from '../core/messages.ts';
import type { Queryable } from './db.ts';

export interface ScenarioRow {
  id: string;
  name: string;
  edits: unknown[];
  created_at: string;
  created_by: string | null;
}

export async function insertScenario(
  db: Queryable,
  s: { id: string; name: string; edits: unknown[]; createdBy?: string },
): Promise<ScenarioRow> {
  const [row] = await db.query<ScenarioRow>(
    `INSERT INTO scenarios (id, name, edits, created_by) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name
     RETURNING id, name, edits, created_at, created_by`,
    [s.id, s.name, JSON.stringify(s.edits), s.createdBy ?? null],
  );
  return row!;
}

export async function listScenarios(db: Queryable): Promise<ScenarioRow[]> {
  return db.query<ScenarioRow>(
    'SELECT id, name, edits, created_at, created_by FROM scenarios ORDER BY created_at DESC, id LIMIT 500',
  );
}

export async function getScenario(db: Queryable, id: string): Promise<ScenarioRow | undefined> {
  const [row] = await db.query<ScenarioRow>(
    'SELECT id, name, edits, created_at, created_by FROM scenarios WHERE id = $1',
    [id],
  );
  return row;
}

export async function deleteScenario(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM scenarios WHERE id = $1 RETURNING 1', [id])).length > 0;
}

/** Stores a simulation result once per job id: a retried job never writes a second row. */
export async function saveSimulationRun(
  db: Queryable,
  id: string,
  input: unknown,
  result: unknown,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO simulation_runs (id, input, result) VALUES ($1, $2::jsonb, $3::jsonb)
     ON CONFLICT (id) DO NOTHING RETURNING 1`,
    [id, JSON.stringify(input), JSON.stringify(result)],
  );
  return rows.length > 0;
}

export async function getSimulationRun(
  db: Queryable,
  id: string,
): Promise<{ id: string; created_at: string; input: unknown; result: unknown } | undefined> {
  const [row] = await db.query<{ id: string; created_at: string; input: unknown; result: unknown }>(
    'SELECT id, created_at, input, result FROM simulation_runs WHERE id = $1',
    [id],
  );
  // Runs stored with each note twice (English beside its message) read with the message alone.
  return row && { ...row, result: readStoredTexts(row.result) };
}
