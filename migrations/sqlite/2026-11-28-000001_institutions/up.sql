-- Institutions: universities, academy institutes, funders, ministries, companies.
-- search_key and sort_key are folded in the application (Unicode lower case), because SQLite's
-- lower() folds ASCII only; both backends then compare plain text byte by byte.
CREATE TABLE institutions (
    id          TEXT PRIMARY KEY NOT NULL,
    name_en     TEXT NOT NULL,
    name_ru     TEXT,
    name_zh     TEXT,
    country     TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    city        TEXT,
    ror_id      TEXT UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('university', 'academy_institute', 'funder', 'ministry', 'company', 'other')),
    website     TEXT,
    search_key  TEXT NOT NULL,
    sort_key    TEXT NOT NULL,
    version     BIGINT NOT NULL CHECK (version > 0),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE INDEX institutions_by_sort_key ON institutions (sort_key, id);
CREATE INDEX institutions_by_country ON institutions (country, sort_key, id);
CREATE INDEX institutions_by_kind ON institutions (kind, sort_key, id);
