-- A signed-in browser: a session of the console. It is a refresh family (so signing out
-- everywhere, a password change, disabling the account and the absolute lifetime end it exactly
-- as they end API sessions) with a cookie secret of its own, stored only as a SHA-256 hash.
CREATE TABLE console_sessions (
    family_id     TEXT PRIMARY KEY NOT NULL REFERENCES refresh_families (id),
    token_hash    TEXT NOT NULL UNIQUE,
    last_seen_at  TIMESTAMP NOT NULL       -- an idle session ends after the refresh idle lifetime
);
