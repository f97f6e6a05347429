-- Institutions: universities, academy institutes, funders, ministries, companies.
-- Keys that are sorted or paged through use the "C" collation so PostgreSQL orders them byte by
-- byte exactly like SQLite does; search_key and sort_key are folded in the application.
CREATE TABLE institutions (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name_en     TEXT NOT NULL,
    name_ru     TEXT,
    name_zh     TEXT,
    country     TEXT COLLATE "C" NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    city        TEXT,
    ror_id      TEXT UNIQUE,
    kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('university', 'academy_institute', 'funder', 'ministry', 'company', 'other')),
    website     TEXT,
    search_key  TEXT COLLATE "C" NOT NULL,
    sort_key    TEXT COLLATE "C" NOT NULL,
    version     BIGINT NOT NULL CHECK (version > 0),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE INDEX institutions_by_sort_key ON institutions (sort_key, id);
CREATE INDEX institutions_by_country ON institutions (country, sort_key, id);
CREATE INDEX institutions_by_kind ON institutions (kind, sort_key, id);
