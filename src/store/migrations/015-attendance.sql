-- Attendance (issue #15, plan against actuals): who was at which point on a day, from an attendance import
-- (`dieuphoi import --attendance`, `POST /attendance`). One row per day and person: a re-import upserts it.
-- `present` false: recorded absent (leave, sick); `hours` when the file gives them.
CREATE TABLE attendance (
  day date NOT NULL,
  staff_id text NOT NULL,
  point text NOT NULL,
  present boolean NOT NULL,
  hours double precision CHECK (hours IS NULL OR (hours >= 0 AND hours <= 24)),
  PRIMARY KEY (day, staff_id)
);
CREATE INDEX attendance_point_day ON attendance (point, day);
