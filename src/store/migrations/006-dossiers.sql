-- The dossier register (issue #13): one row per dossier (hồ sơ) from the one-stop system, keyed by its code.
-- Dates are local days (Asia/Ho_Chi_Minh) with an optional local time beside them: exports often give only the
-- day, and the daily aggregates, due dates and timeliness all work on days.
CREATE TABLE dossiers (
  code text PRIMARY KEY,
  procedure_code text,          -- as given (may be absent from models/procedures.json: then the field decides)
  procedure_name text,
  field_id smallint NOT NULL CHECK (field_id BETWEEN 1 AND 7),
  channel_id smallint NOT NULL CHECK (channel_id BETWEEN 1 AND 3),
  online_level text CHECK (online_level IN ('full', 'partial')),
  receiving_point text NOT NULL, -- where it was filed (any point: one-tier model)
  competent_unit text NOT NULL,  -- the commune whose authority decides it (default: the receiving point)
  received_on date NOT NULL,
  received_time time,
  due_on date NOT NULL,
  due_time time,
  due_computed boolean NOT NULL, -- true: computed from the procedure's legal deadline (core/register/due-date.ts)
  finished_on date,
  finished_time time,
  returned_on date,
  returned_time time,
  digitised boolean,
  electronic_result boolean,
  withdrawn boolean NOT NULL DEFAULT false,
  -- Derived, never imported: early / on_time / overdue against the due day (and hour when both are known).
  timeliness text GENERATED ALWAYS AS (
    CASE
      WHEN finished_on IS NULL THEN NULL
      WHEN finished_on < due_on THEN 'early'
      WHEN finished_on > due_on THEN 'overdue'
      WHEN due_time IS NOT NULL AND finished_time IS NOT NULL AND finished_time > due_time THEN 'overdue'
      ELSE 'on_time'
    END
  ) STORED,
  status text GENERATED ALWAYS AS (
    CASE
      WHEN withdrawn THEN 'withdrawn'
      WHEN returned_on IS NOT NULL THEN 'returned'
      WHEN finished_on IS NULL THEN 'pending'
      WHEN finished_on < due_on THEN 'early'
      WHEN finished_on > due_on THEN 'overdue'
      WHEN due_time IS NOT NULL AND finished_time IS NOT NULL AND finished_time > due_time THEN 'overdue'
      ELSE 'on_time'
    END
  ) STORED,
  CHECK (finished_on IS NULL OR finished_on >= received_on),
  CHECK (returned_on IS NULL OR returned_on >= received_on)
);
-- The daily aggregates recompute whole days (received_on, finished_on); the list reads by point and day.
CREATE INDEX dossiers_received ON dossiers (received_on);
CREATE INDEX dossiers_finished ON dossiers (finished_on) WHERE finished_on IS NOT NULL;
CREATE INDEX dossiers_point_received ON dossiers (receiving_point, received_on DESC, code DESC);
CREATE INDEX dossiers_unit_received ON dossiers (competent_unit, received_on DESC, code DESC);
CREATE INDEX dossiers_status_received ON dossiers (status, received_on DESC, code DESC);

-- Daily volumes derived from the register, maintained in the import transaction for the days it touched:
-- received counted at the receiving point, processing (received) at the competent unit, resolved / on time /
-- overdue at the competent unit on the day the dossier was finished. Same key as daily_volumes.
CREATE TABLE register_volumes (
  point text NOT NULL,
  date date NOT NULL,
  channel_id smallint NOT NULL CHECK (channel_id BETWEEN 1 AND 3),
  field_id smallint NOT NULL CHECK (field_id BETWEEN 1 AND 7),
  received integer NOT NULL CHECK (received >= 0),
  processing integer NOT NULL CHECK (processing >= 0),
  resolved integer NOT NULL CHECK (resolved >= 0),
  on_time integer NOT NULL CHECK (on_time >= 0),
  overdue integer NOT NULL CHECK (overdue >= 0 AND on_time + overdue <= resolved),
  PRIMARY KEY (point, date, channel_id, field_id)
);
CREATE INDEX register_volumes_date_brin ON register_volumes USING brin (date);

-- The days each point's register covers (its first to last day with a register row): there the register
-- replaces any daily-count row of the same point and day.
CREATE TABLE register_coverage (
  point text PRIMARY KEY,
  first_day date NOT NULL,
  last_day date NOT NULL
);

-- Every read of volumes goes through this view: register rows, plus daily-count rows of point-days the register
-- does not cover (an anti-join on a table of one row per point). `processing` of a daily-count row is its received.
CREATE VIEW volume_rows AS
  SELECT r.point, r.date, r.channel_id, r.field_id, r.received, r.processing, r.resolved, r.on_time, r.overdue
  FROM register_volumes r
  UNION ALL
  SELECT v.point, v.date, v.channel_id, v.field_id, v.received, v.received, v.resolved, v.on_time, v.overdue
  FROM daily_volumes v
  WHERE NOT EXISTS (
    SELECT 1 FROM register_coverage c WHERE c.point = v.point AND v.date BETWEEN c.first_day AND c.last_day
  );

-- A day's resolved count is no longer tied to the dossiers received that day (an ordinary daily report resolves
-- dossiers received earlier): drop resolved <= received.
-- (Its name is PostgreSQL's choice, daily_volumes_check: found by its definition; resolved >= 0 stays.)
DO $$
DECLARE c text;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
    WHERE conrelid = 'daily_volumes'::regclass AND contype = 'c'
      AND pg_get_constraintdef(oid) LIKE '%resolved <= received%'
  LOOP
    EXECUTE format('ALTER TABLE daily_volumes DROP CONSTRAINT %I', c);
  END LOOP;
END $$;
ALTER TABLE daily_volumes ADD CONSTRAINT daily_volumes_resolved_nonnegative CHECK (resolved >= 0);

-- Import jobs may upload registers (CSV or XLSX bytes).
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_kind_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_kind_check
  CHECK (kind IN ('points', 'staff', 'volumes', 'dossiers', 'tickets'));
