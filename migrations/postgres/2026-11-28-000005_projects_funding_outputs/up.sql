-- Joint projects with their laboratories, subject areas and participants; the funding that pays
-- for them; and what they produced. search_key and sort_key are folded in the application.

CREATE TABLE projects (
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    acronym      TEXT,
    title_en     TEXT,
    title_ru     TEXT,
    title_zh     TEXT,
    summary_en   TEXT,
    summary_ru   TEXT,
    summary_zh   TEXT,
    starts_on    DATE NOT NULL,
    ends_on      DATE,
    status       TEXT NOT NULL CHECK (status IN ('planned', 'active', 'suspended', 'completed', 'cancelled')),
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'partners', 'restricted')),
    identifiers  TEXT NOT NULL,  -- JSON array of {scheme, value}
    keywords     TEXT NOT NULL,  -- JSON array of strings
    search_key   TEXT COLLATE "C" NOT NULL,
    sort_key     TEXT COLLATE "C" NOT NULL,
    version      BIGINT NOT NULL CHECK (version > 0),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK (title_en IS NOT NULL OR title_ru IS NOT NULL OR title_zh IS NOT NULL),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX projects_by_sort_key ON projects (sort_key, id);
CREATE INDEX projects_by_start ON projects (starts_on, id);
CREATE INDEX projects_by_status ON projects (status, sort_key, id);
CREATE INDEX projects_by_visibility ON projects (visibility, sort_key, id);

CREATE TABLE project_labs (
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    lab_id      TEXT COLLATE "C" NOT NULL REFERENCES labs (id),
    role        TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    PRIMARY KEY (project_id, lab_id)
);
CREATE UNIQUE INDEX project_labs_one_lead ON project_labs (project_id) WHERE role = 'lead';
CREATE INDEX project_labs_by_lab ON project_labs (lab_id, project_id);

CREATE TABLE project_subjects (
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    asjc_code   INTEGER NOT NULL CHECK (asjc_code BETWEEN 1000 AND 3699),
    PRIMARY KEY (project_id, asjc_code)
);
CREATE INDEX project_subjects_by_code ON project_subjects (asjc_code, project_id);

CREATE TABLE project_participants (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    orcid       TEXT COLLATE "C",
    role        TEXT NOT NULL CHECK (role IN ('principal_investigator', 'co_investigator', 'researcher', 'postdoc', 'student', 'engineer', 'other')),
    lab_id      TEXT COLLATE "C" REFERENCES labs (id),
    UNIQUE (project_id, position)
);
CREATE INDEX project_participants_by_orcid ON project_participants (orcid);
CREATE INDEX project_participants_by_lab ON project_participants (lab_id);

CREATE TABLE funding_records (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    project_id    TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    funder_id     TEXT COLLATE "C" NOT NULL REFERENCES funders (id),
    call_name     TEXT,
    award_number  TEXT,
    amount_minor  BIGINT CHECK (amount_minor >= 0),
    currency      TEXT CHECK (currency IN ('RUB', 'CNY', 'USD', 'EUR')),
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('applied', 'awarded', 'active', 'ended', 'rejected', 'withdrawn')),
    side          TEXT COLLATE "C" NOT NULL CHECK (length(side) = 2 AND side = upper(side)),
    lab_id        TEXT COLLATE "C" REFERENCES labs (id),
    version       BIGINT NOT NULL CHECK (version > 0),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on),
    CHECK ((amount_minor IS NULL) = (currency IS NULL)),
    UNIQUE (funder_id, award_number)
);
CREATE INDEX funding_records_by_project ON funding_records (project_id, starts_on, id);
CREATE INDEX funding_records_by_funder ON funding_records (funder_id, starts_on, id);
CREATE INDEX funding_records_by_start ON funding_records (starts_on, id);
CREATE INDEX funding_records_by_end ON funding_records (ends_on, id);
CREATE INDEX funding_records_by_lab ON funding_records (lab_id);

CREATE TABLE outputs (
    id                TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('journal_article', 'conference_paper', 'patent', 'dataset', 'software', 'agreement', 'educational_programme', 'report')),
    title             TEXT NOT NULL,
    doi               TEXT COLLATE "C" UNIQUE,  -- bare, lower case: 10.1000/xyz
    year              INTEGER NOT NULL,
    venue             TEXT,
    url               TEXT,
    author_countries  TEXT NOT NULL,  -- sorted ISO 3166-1 alpha-2 codes, comma-separated
    ru_cn             BOOLEAN NOT NULL,  -- authors in both Russia and China: a co-authored RU–CN output
    search_key        TEXT COLLATE "C" NOT NULL,
    sort_key          TEXT COLLATE "C" NOT NULL,
    version           BIGINT NOT NULL CHECK (version > 0),
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX outputs_by_year ON outputs (year, id);
CREATE INDEX outputs_by_kind ON outputs (kind, year, id);
CREATE INDEX outputs_by_ru_cn ON outputs (ru_cn, year, id);
CREATE INDEX outputs_by_sort_key ON outputs (sort_key, id);

CREATE TABLE output_projects (
    output_id   TEXT COLLATE "C" NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id),
    PRIMARY KEY (output_id, project_id)
);
CREATE INDEX output_projects_by_project ON output_projects (project_id, output_id);

CREATE TABLE output_funding (
    output_id   TEXT COLLATE "C" NOT NULL REFERENCES outputs (id) ON DELETE CASCADE,
    funding_id  TEXT COLLATE "C" NOT NULL REFERENCES funding_records (id),
    PRIMARY KEY (output_id, funding_id)
);
CREATE INDEX output_funding_by_funding ON output_funding (funding_id, output_id);
