-- Jobs of the in-process runner (no Redis): kept so that a restart still shows them, answers a repeated
-- trigger with the existing job, and runs again the jobs it interrupted. BullMQ keeps its own in Redis.
CREATE TABLE job_history (
  id text PRIMARY KEY,
  queue text NOT NULL,
  state text NOT NULL,
  view jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_history_updated ON job_history (updated_at DESC);
