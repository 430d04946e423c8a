-- Overdue risk of the pending dossiers (issue #15), replaced whole by each refresh (the alerts queue's
-- overdue-risk job, after a register import and every night). `left_units` is in `unit` (working days, or
-- working hours for same-day procedures); `left_hours` is the same on one scale (8 h a working day) to sort by.
CREATE TABLE overdue_risks (
  code text PRIMARY KEY,
  as_of text NOT NULL,
  receiving_point text NOT NULL,
  competent_unit text NOT NULL,
  field_id smallint NOT NULL,
  procedure_code text,
  procedure_name text,
  received_on date NOT NULL,
  due_on date NOT NULL,
  unit text NOT NULL CHECK (unit IN ('days', 'hours')),
  left_units double precision NOT NULL,
  left_hours double precision NOT NULL,
  elapsed double precision NOT NULL,
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  stratum text NOT NULL,
  at_risk integer NOT NULL
);
CREATE INDEX overdue_risks_urgency ON overdue_risks (left_hours, probability DESC, code);
CREATE INDEX overdue_risks_unit ON overdue_risks (competent_unit, left_hours);

-- One row per refresh: when, as of when, how many, and the backtest of the estimator on the register.
CREATE TABLE overdue_risk_refreshes (
  id text PRIMARY KEY,
  as_of text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  pending integer NOT NULL,
  history integer NOT NULL,
  seconds double precision NOT NULL,
  calibration jsonb
);
