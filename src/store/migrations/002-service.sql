-- API keys: only the SHA-256 of a random 32-byte key is stored; the key itself is shown once.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'planner', 'manager', 'scheduler', 'admin')),
  key_hash text NOT NULL UNIQUE,
  -- First characters of the key, to recognise it in lists (not enough to use it).
  key_prefix text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  revoked_at timestamptz
);

-- Every write through the API: who (key id and role), when, what (method, route, target, outcome).
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  key_id text NOT NULL,
  role text NOT NULL,
  action text NOT NULL,
  target text NOT NULL DEFAULT '',
  status integer NOT NULL,
  request_id text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

-- CSV files uploaded for import jobs, addressed by content hash (the same file is stored once).
CREATE TABLE uploads (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('points', 'staff', 'volumes')),
  bytes integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text
);

-- Named what-if scenarios (a list of edits understood by the simulation and plan use cases).
CREATE TABLE scenarios (
  id text PRIMARY KEY,
  name text NOT NULL,
  edits jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text
);

-- Simulation results, one row per simulation job id: a retried job never writes a second row.
CREATE TABLE simulation_runs (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  input jsonb NOT NULL,
  result jsonb NOT NULL
);
