-- Attendance import jobs (`POST /attendance?mode=job`, issue #15): the uploaded file is stored like a register's.
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_kind_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_kind_check
  CHECK (kind IN ('points', 'staff', 'volumes', 'dossiers', 'tickets', 'attendance'));
