-- When each API key was last used, to the minute: written by the API at most once a minute per key and
-- process (src/api/plugins/auth.ts), never in the way of the request that used it.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
