-- Accounts and sessions, one-time tokens, partner API tokens, login throttling, the mail outbox,
-- and the append-only history of changes.

CREATE TABLE users (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    email           TEXT NOT NULL,
    email_key       TEXT COLLATE "C" NOT NULL UNIQUE,  -- the email folded to lower case: one account per address
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'lab_head', 'partner')),
    institution_id  TEXT REFERENCES institutions (id),
    status          TEXT NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    password_hash   TEXT,
    auth_version    BIGINT NOT NULL,       -- bumped on disable, role or password change: old tokens die
    version         BIGINT NOT NULL CHECK (version > 0),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (role IN ('admin', 'coordinator') OR institution_id IS NOT NULL)
);
CREATE INDEX users_by_institution ON users (institution_id);

CREATE TABLE refresh_families (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,    -- absolute lifetime of the whole login
    revoked_at      TIMESTAMP,
    revoked_reason  TEXT
);
CREATE INDEX refresh_families_by_user ON refresh_families (user_id);

CREATE TABLE refresh_tokens (
    id               TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    family_id        TEXT NOT NULL REFERENCES refresh_families (id),
    token_hash       TEXT NOT NULL UNIQUE, -- SHA-256 of the token; the token itself is never stored
    created_at       TIMESTAMP NOT NULL,
    idle_expires_at  TIMESTAMP NOT NULL,
    used_at          TIMESTAMP
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);

CREATE TABLE one_time_tokens (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE INDEX one_time_tokens_by_user ON one_time_tokens (user_id, purpose, created_at);

CREATE TABLE partner_tokens (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    institution_id  TEXT NOT NULL REFERENCES institutions (id),
    name            TEXT NOT NULL,
    prefix          TEXT NOT NULL,         -- shown in lists so a token can be recognised
    token_hash      TEXT NOT NULL UNIQUE,
    created_by      TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP,
    last_used_at    TIMESTAMP,
    revoked_at      TIMESTAMP
);
CREATE INDEX partner_tokens_by_institution ON partner_tokens (institution_id, id);

CREATE TABLE login_failures (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    identifier_key  TEXT NOT NULL,         -- SHA-256 of the folded email, whether or not it exists
    client_ip       TEXT NOT NULL,
    failed_at       TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_by_identifier ON login_failures (identifier_key, failed_at);
CREATE INDEX login_failures_by_client ON login_failures (client_ip, failed_at);

CREATE TABLE outbox (
    id               TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,        -- emptied once delivered: it may carry a one-time link
    created_at       TIMESTAMP NOT NULL,
    attempts         BIGINT NOT NULL,
    next_attempt_at  TIMESTAMP NOT NULL,
    locked_until     TIMESTAMP,            -- a worker's claim, so two servers never send one message
    sent_at          TIMESTAMP,
    last_error       TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

CREATE TABLE history (
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    resource     TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    action       TEXT NOT NULL,
    actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('user', 'partner_token', 'system')),
    actor_id     TEXT,
    request_id   TEXT,
    at           TIMESTAMP NOT NULL,
    changes      TEXT NOT NULL             -- JSON: {"field": {"before": …, "after": …}}
);
CREATE INDEX history_by_resource ON history (resource, resource_id, id);

CREATE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only';
END;
$$;
CREATE TRIGGER history_is_append_only BEFORE UPDATE OR DELETE ON history
    FOR EACH ROW EXECUTE FUNCTION history_is_append_only();
CREATE TRIGGER history_is_append_only_truncate BEFORE TRUNCATE ON history
    FOR EACH STATEMENT EXECUTE FUNCTION history_is_append_only();
