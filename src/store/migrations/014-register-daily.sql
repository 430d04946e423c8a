-- Daily aggregates of the register for the supervision indicators (issue #15), so that a report over 126 points
-- × 90 days reads a few thousand rows instead of scanning the dossiers. Maintained in the register import's
-- transaction for the days it touched (store/register-daily-repo.ts, called by refreshRegisterVolumes), and
-- filled below for the registers already stored.

-- Per point and day (one row: the indicators need no finer key, and 126 points × 90 days stay ~11,000 rows):
-- receipts at the receiving point on the day received, by channel; results at the competent unit on the day
-- finished (withdrawn dossiers are never resolved).
CREATE TABLE register_daily (
  point text NOT NULL,
  day date NOT NULL,
  received integer NOT NULL,
  in_person integer NOT NULL,
  online integer NOT NULL,
  postal integer NOT NULL,
  full_online integer NOT NULL,
  online_level_known integer NOT NULL,
  digitised integer NOT NULL,
  digitised_known integer NOT NULL,
  resolved integer NOT NULL,
  early integer NOT NULL,
  on_time integer NOT NULL,
  overdue integer NOT NULL,
  electronic integer NOT NULL,
  electronic_known integer NOT NULL,
  PRIMARY KEY (point, day)
);
CREATE INDEX register_daily_day ON register_daily (day);

-- Pending past due depends on the "as of" day T: a dossier counts on every T in [start_day, end_day) where
-- start_day = greatest(due_on + 1, received_on) and end_day = finished_on (NULL: still pending). Stored as those
-- intervals, counted, keyed by the day received so that an import recomputes whole received days (it notes the
-- received day of every changed dossier, before and after). Dossiers never past due are left out.
CREATE TABLE register_past_due (
  unit text NOT NULL,
  received_on date NOT NULL,
  start_day date NOT NULL,
  end_day date,
  n integer NOT NULL
);
CREATE INDEX register_past_due_received ON register_past_due (received_on);

-- Days to result (finished_on − received_on, calendar days) by competent unit, day finished, field and
-- procedure: a histogram, from which medians and 90th percentiles of any range are exact; `overdue` of the n.
CREATE TABLE register_result_days (
  unit text NOT NULL,
  finished_on date NOT NULL,
  field_id smallint NOT NULL,
  procedure_code text,
  procedure_name text,
  days integer NOT NULL,
  n integer NOT NULL,
  overdue integer NOT NULL
);
CREATE INDEX register_result_days_finished ON register_result_days (finished_on);

-- The registers already stored (the same SQL as register-daily-repo.ts refreshRegisterDaily, every day; channel
-- ids 1 in person, 2 online, 3 postal as seeded by migration 001).
INSERT INTO register_daily
SELECT point, day, sum(received)::int, sum(in_person)::int, sum(online)::int, sum(postal)::int,
  sum(full_online)::int, sum(online_level_known)::int, sum(digitised)::int, sum(digitised_known)::int,
  sum(resolved)::int, sum(early)::int, sum(on_time)::int, sum(overdue)::int, sum(electronic)::int,
  sum(electronic_known)::int
FROM (
  SELECT receiving_point AS point, received_on AS day, count(*) AS received,
    count(*) FILTER (WHERE channel_id = 1) AS in_person,
    count(*) FILTER (WHERE channel_id = 2) AS online,
    count(*) FILTER (WHERE channel_id = 3) AS postal,
    count(*) FILTER (WHERE channel_id = 2 AND online_level = 'full') AS full_online,
    count(*) FILTER (WHERE channel_id = 2 AND online_level IS NOT NULL) AS online_level_known,
    count(*) FILTER (WHERE channel_id = 1 AND digitised) AS digitised,
    count(*) FILTER (WHERE channel_id = 1 AND digitised IS NOT NULL) AS digitised_known,
    0 AS resolved, 0 AS early, 0 AS on_time, 0 AS overdue, 0 AS electronic, 0 AS electronic_known
  FROM dossiers
  GROUP BY 1, 2
  UNION ALL
  SELECT competent_unit, finished_on, 0, 0, 0, 0, 0, 0, 0, 0, count(*),
    count(*) FILTER (WHERE timeliness = 'early'), count(*) FILTER (WHERE timeliness = 'on_time'),
    count(*) FILTER (WHERE timeliness = 'overdue'), count(*) FILTER (WHERE electronic_result),
    count(*) FILTER (WHERE electronic_result IS NOT NULL)
  FROM dossiers WHERE finished_on IS NOT NULL AND NOT withdrawn
  GROUP BY 1, 2
) x
GROUP BY 1, 2;
INSERT INTO register_past_due (unit, received_on, start_day, end_day, n)
SELECT competent_unit, received_on, greatest(due_on + 1, received_on), finished_on, count(*)
FROM dossiers
WHERE NOT withdrawn
  AND (finished_on IS NULL OR finished_on > greatest(due_on + 1, received_on))
GROUP BY 1, 2, 3, 4;
INSERT INTO register_result_days (unit, finished_on, field_id, procedure_code, procedure_name, days, n, overdue)
SELECT competent_unit, finished_on, field_id, procedure_code, procedure_name, finished_on - received_on,
  count(*), count(*) FILTER (WHERE timeliness = 'overdue')
FROM dossiers WHERE finished_on IS NOT NULL AND NOT withdrawn
GROUP BY 1, 2, 3, 4, 5, 6;
