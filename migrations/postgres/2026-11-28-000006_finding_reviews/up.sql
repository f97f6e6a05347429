-- Reviews of funding findings: a coordinator marks a finding seen, with a note, an owner and a
-- state. Findings themselves are computed, never stored; reviews point at their stable key and
-- are append-only (the latest one is the finding's current review).

CREATE TABLE finding_reviews (
    id             TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    finding_key    TEXT COLLATE "C" NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('acknowledged', 'action_planned', 'resolved_externally')),
    note           TEXT NOT NULL,
    owner_user_id  TEXT COLLATE "C" REFERENCES users (id),
    reviewed_by    TEXT,
    reviewed_at    TIMESTAMP NOT NULL
);
CREATE INDEX finding_reviews_by_key ON finding_reviews (finding_key, reviewed_at, id);
