-- Queue tickets (issue #13): one row per ticket from the queue-number kiosks, keyed by point, day and number
-- (numbers restart every day). Times are local wall-clock times (Asia/Ho_Chi_Minh).
CREATE TABLE tickets (
  point text NOT NULL,
  issued_on date NOT NULL,
  number text NOT NULL,
  counter text,
  field_id smallint NOT NULL CHECK (field_id BETWEEN 1 AND 7),
  issued_at timestamp NOT NULL,
  called_at timestamp,
  finished_at timestamp,
  abandoned boolean NOT NULL DEFAULT false,
  PRIMARY KEY (point, issued_on, number),
  CHECK (called_at IS NULL OR called_at >= issued_at),
  CHECK (finished_at IS NULL OR (called_at IS NOT NULL AND finished_at >= called_at))
);
CREATE INDEX tickets_issued_brin ON tickets USING brin (issued_on);
