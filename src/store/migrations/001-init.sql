-- Reference codes: channels and fields are stored as smallint ids in the big volume table
-- (halves its index and doubles bulk-load speed on PGlite, measured); views give the readable form.
CREATE TABLE channels (id smallint PRIMARY KEY, code text NOT NULL UNIQUE);
INSERT INTO channels VALUES (1, 'in_person'), (2, 'online'), (3, 'postal');

CREATE TABLE fields (id smallint PRIMARY KEY, code text NOT NULL UNIQUE);
INSERT INTO fields VALUES
  (1, 'land'), (2, 'social_policy'), (3, 'civil_status'), (4, 'certification'),
  (5, 'business_household'), (6, 'construction'), (7, 'other');

CREATE TABLE points (
  code text PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('ward', 'commune')),
  branch text NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  population integer NOT NULL CHECK (population >= 0),
  area_km2 double precision NOT NULL CHECK (area_km2 >= 0),
  counters integer NOT NULL CHECK (counters >= 0),
  min_staff integer NOT NULL CHECK (min_staff >= 0),
  opening_hours jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
  id text PRIMARY KEY,
  name text NOT NULL,
  home_point text NOT NULL REFERENCES points (code),
  fields text[] NOT NULL,
  fte double precision NOT NULL CHECK (fte > 0 AND fte <= 1),
  role text NOT NULL CHECK (role IN ('staff', 'point_lead')),
  active boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_home_point ON staff (home_point);

CREATE TABLE daily_volumes (
  point text NOT NULL,
  date date NOT NULL,
  -- CHECKs, not foreign keys: an FK trigger per row cost 5× the bulk-load time (measured on PGlite).
  channel_id smallint NOT NULL CHECK (channel_id BETWEEN 1 AND 3),
  field_id smallint NOT NULL CHECK (field_id BETWEEN 1 AND 7),
  received integer NOT NULL CHECK (received >= 0),
  resolved integer NOT NULL CHECK (resolved >= 0 AND resolved <= received),
  on_time integer NOT NULL CHECK (on_time >= 0),
  overdue integer NOT NULL CHECK (overdue >= 0 AND on_time + overdue <= resolved),
  PRIMARY KEY (point, date, channel_id, field_id)
);

CREATE VIEW daily_volumes_v AS
  SELECT v.date, v.point, c.code AS channel, f.code AS field, v.received, v.resolved, v.on_time, v.overdue
  FROM daily_volumes v JOIN channels c ON c.id = v.channel_id JOIN fields f ON f.id = v.field_id;

-- Local closures and events added by users (date,name[,closed]); national holidays live in models/calendar.
CREATE TABLE calendar_events (
  date date NOT NULL,
  name text NOT NULL,
  closed boolean NOT NULL DEFAULT true,
  points text[],
  PRIMARY KEY (date, name)
);

-- Versioned forecast runs: inputs and parameters kept with the values they produced.
CREATE TABLE forecast_runs (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  as_of date NOT NULL,
  horizon integer NOT NULL,
  method text NOT NULL,
  quantiles double precision[] NOT NULL,
  parameters jsonb NOT NULL,
  inputs jsonb NOT NULL,
  diagnostics jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'complete'
);
CREATE INDEX forecast_runs_as_of ON forecast_runs (as_of DESC, created_at DESC);

CREATE TABLE forecast_values (
  run_id text NOT NULL REFERENCES forecast_runs (id) ON DELETE CASCADE,
  level text NOT NULL,        -- series, point, branch or city
  point text NOT NULL DEFAULT '',
  channel text NOT NULL DEFAULT '',
  field text NOT NULL DEFAULT '',
  date date NOT NULL,
  mean double precision NOT NULL,
  quantiles jsonb NOT NULL,   -- {"0.1": .., "0.5": .., "0.9": ..}
  method text NOT NULL,
  PRIMARY KEY (run_id, level, point, channel, field, date)
);

-- Versioned plans: a draft per week (or scenario), approved or rejected by a manager.
CREATE TABLE plans (
  id text PRIMARY KEY,
  week date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'rejected')),
  forecast_run_id text REFERENCES forecast_runs (id),
  scenario jsonb,
  parameters jsonb NOT NULL,
  inputs jsonb NOT NULL,
  kpis jsonb NOT NULL,
  result jsonb NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_note text
);
CREATE INDEX plans_week ON plans (week, created_at DESC);

CREATE TABLE plan_moves (
  plan_id text NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
  day date NOT NULL,
  staff_id text NOT NULL DEFAULT '',
  from_point text NOT NULL,
  to_point text NOT NULL,
  staff integer NOT NULL,
  minutes double precision NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (plan_id, day, staff_id, from_point, to_point)
);

CREATE TABLE meta (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
