-- Funders, joint centres, laboratories with their status history, mirror links, and the keys that
-- make creates idempotent. search_key and sort_key are folded in the application (see institutions).

CREATE TABLE funders (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name_en         TEXT NOT NULL,
    name_ru         TEXT,
    name_zh         TEXT,
    short_code      TEXT NOT NULL,
    short_code_key  TEXT COLLATE "C" NOT NULL UNIQUE,  -- folded: RSF and rsf are one funder
    country         TEXT COLLATE "C" NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    funder_doi      TEXT UNIQUE,
    ror_id          TEXT,
    status          TEXT NOT NULL CHECK (status IN ('active', 'closed')),
    closed_on       DATE,
    successor_id    TEXT REFERENCES funders (id),
    search_key      TEXT COLLATE "C" NOT NULL,
    sort_key        TEXT COLLATE "C" NOT NULL,
    version         BIGINT NOT NULL CHECK (version > 0),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (successor_id IS NULL OR successor_id <> id)
);
CREATE INDEX funders_by_sort_key ON funders (sort_key, id);
CREATE INDEX funders_by_country ON funders (country, sort_key, id);
CREATE INDEX funders_by_successor ON funders (successor_id);

CREATE TABLE centres (
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name_en      TEXT NOT NULL,
    name_ru      TEXT,
    name_zh      TEXT,
    founded_on   DATE,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'active', 'reduced', 'suspended', 'closed')),
    description  TEXT,
    search_key   TEXT COLLATE "C" NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX centres_by_sort_key ON centres (sort_key, id);

CREATE TABLE centre_hosts (
    centre_id       TEXT COLLATE "C" NOT NULL REFERENCES centres (id),
    institution_id  TEXT COLLATE "C" NOT NULL REFERENCES institutions (id),
    PRIMARY KEY (centre_id, institution_id)
);
CREATE INDEX centre_hosts_by_institution ON centre_hosts (institution_id);

CREATE TABLE labs (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name_en         TEXT NOT NULL,
    name_ru         TEXT,
    name_zh         TEXT,
    institution_id  TEXT NOT NULL REFERENCES institutions (id),
    centre_id       TEXT REFERENCES centres (id),
    head_user_id    TEXT REFERENCES users (id),
    research_line   TEXT,
    search_key      TEXT COLLATE "C" NOT NULL,
    sort_key        TEXT COLLATE "C" NOT NULL,
    version         BIGINT NOT NULL CHECK (version > 0),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX labs_by_sort_key ON labs (sort_key, id);
CREATE INDEX labs_by_institution ON labs (institution_id, sort_key, id);
CREATE INDEX labs_by_centre ON labs (centre_id, sort_key, id);
CREATE INDEX labs_by_head ON labs (head_user_id);

-- A lab's status over time; the current status is the latest entry already in effect.
CREATE TABLE lab_status_entries (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    lab_id        TEXT NOT NULL REFERENCES labs (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'active', 'suspended', 'closed')),
    effective_on  DATE NOT NULL,
    reason        TEXT NOT NULL,
    recorded_by   TEXT,
    recorded_at   TIMESTAMP NOT NULL
);
CREATE INDEX lab_status_entries_by_lab ON lab_status_entries (lab_id, effective_on, id);

CREATE FUNCTION lab_status_entries_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Deleting a whole (unreferenced) lab takes its entries with it; nothing else may.
    IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM labs WHERE id = OLD.lab_id) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'lab status entries are append-only';
END;
$$;
CREATE TRIGGER lab_status_entries_are_append_only BEFORE UPDATE OR DELETE ON lab_status_entries
    FOR EACH ROW EXECUTE FUNCTION lab_status_entries_are_append_only();

CREATE TABLE mirror_links (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    lab_a_id    TEXT NOT NULL REFERENCES labs (id),
    lab_b_id    TEXT NOT NULL REFERENCES labs (id),
    kind        TEXT NOT NULL CHECK (kind IN ('mirror', 'third_country')),
    starts_on   DATE NOT NULL,
    ends_on     DATE,
    end_reason  TEXT,
    version     BIGINT NOT NULL CHECK (version > 0),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    CHECK (lab_a_id <> lab_b_id),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX mirror_links_by_lab_a ON mirror_links (lab_a_id, starts_on);
CREATE INDEX mirror_links_by_lab_b ON mirror_links (lab_b_id, starts_on);

-- Responses to creates, kept 24 h per caller and key, so a retried POST returns the first answer.
CREATE TABLE idempotency_keys (
    caller        TEXT NOT NULL,
    key           TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,           -- SHA-256 of the request: method, path and body
    created_at    TIMESTAMP NOT NULL,
    completed_at  TIMESTAMP,               -- NULL while the first request is still running
    status        INTEGER,
    location      TEXT,
    etag          TEXT,
    body          TEXT,
    PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
