import type { Queryable } from './db.ts';

/** The in-process job runner's record of every job's state (`job_history`), kept across restarts. */

export async function saveJobState(
  db: Queryable,
  job: { id: string; queue: string; state: string; viewJson: string },
): Promise<void> {
  await db.query(
    `INSERT INTO job_history (id, queue, state, view, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (id) DO UPDATE SET state = excluded.state, view = excluded.view, updated_at = now()`,
    [job.id, job.queue, job.state, job.viewJson],
  );
}

/** Deletes the finished jobs but the `keep` most recent ones. */
export async function pruneFinishedJobs(db: Queryable, keep: number): Promise<void> {
  await db.query(
    `DELETE FROM job_history WHERE state IN ('completed', 'failed') AND id NOT IN (
       SELECT id FROM job_history WHERE state IN ('completed', 'failed') ORDER BY updated_at DESC LIMIT $1)`,
    [keep],
  );
}

/** Every recorded job's view, oldest update first. */
export async function listJobViews<V>(db: Queryable): Promise<V[]> {
  const rows = await db.query<{ view: V }>('SELECT view FROM job_history ORDER BY updated_at, id');
  return rows.map((r) => r.view);
}
