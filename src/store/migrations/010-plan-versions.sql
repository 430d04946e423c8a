-- Plan versions (issue #14): a mid-week re-plan is a new version of an approved plan. Approving it keeps the
-- approved plan, as `superseded`, with the version that replaced it.
ALTER TABLE plans DROP CONSTRAINT IF EXISTS plans_status_check;
ALTER TABLE plans ADD CONSTRAINT plans_status_check
  CHECK (status IN ('draft', 'approved', 'rejected', 'superseded'));
ALTER TABLE plans ADD COLUMN superseded_by text REFERENCES plans (id);
