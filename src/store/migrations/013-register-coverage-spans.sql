-- The register's coverage as spans of days per point (issue #13): a register imported for 2025-07-01..09-23 and
-- for the last 90 days covers both periods, and the days between them are read from the daily counts. A span is a
-- run of days on which the point received dossiers (as receiving point or competent unit) with no gap longer than
-- 14 days; a point's newest span runs on to its last register day (the finishes up to the export), the older ones
-- end on their last receipt (after it a later period's daily counts hold the day: the register does not know that
-- day's receipts). Computed by the import's refresh (store/dossiers-repo.ts).
ALTER TABLE register_coverage DROP CONSTRAINT register_coverage_pkey;
ALTER TABLE register_coverage ADD PRIMARY KEY (point, first_day);
ALTER TABLE register_coverage ADD CONSTRAINT register_coverage_span CHECK (first_day <= last_day);

-- Register rows are read inside a span of their point only: an older span's late finishes fall on days whose
-- daily counts stand (they hold that day's resolved dossiers already).
CREATE OR REPLACE VIEW volume_rows AS
  SELECT r.point, r.date, r.channel_id, r.field_id, r.received, r.processing, r.resolved, r.on_time, r.overdue
  FROM register_volumes r
  WHERE EXISTS (
    SELECT 1 FROM register_coverage c WHERE c.point = r.point AND r.date BETWEEN c.first_day AND c.last_day
  )
  UNION ALL
  SELECT v.point, v.date, v.channel_id, v.field_id, v.received, v.received, v.resolved, v.on_time, v.overdue
  FROM daily_volumes v
  WHERE NOT EXISTS (
    SELECT 1 FROM register_coverage c WHERE c.point = v.point AND v.date BETWEEN c.first_day AND c.last_day
  );
