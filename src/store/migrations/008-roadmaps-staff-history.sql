-- Establishment roadmaps (issue #16) and the versioned staff history: an approved roadmap's first quarter
-- adds home-point versions valid from the quarter's start; the staff table is never edited in place for it.
CREATE TABLE roadmaps (
  id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'rejected')),
  start_date date NOT NULL,
  quarters integer NOT NULL,
  max_transfers integer NOT NULL,
  solver_status text NOT NULL,
  result jsonb NOT NULL,
  decided_by text,
  decided_at timestamptz,
  decision_note text
);

CREATE TABLE staff_history (
  staff_id text NOT NULL,
  valid_from date NOT NULL,
  home_point text NOT NULL,
  roadmap_id text REFERENCES roadmaps (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, valid_from)
);
CREATE INDEX staff_history_from ON staff_history (valid_from);
