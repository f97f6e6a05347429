-- Reference exchange rates (src/rates): the files the banks publish, imported by
-- `jointreg rates import` and POST /api/v1/fx-rates/imports. Every rate is stored as
-- "1 base = rate quote", an exact decimal written as text (never a float): CBR's per-Nominal
-- quotes are divided out at import.

-- One row per import that wrote something: which file (by its SHA-256), who, and what it did.
CREATE TABLE fx_import_batches (
    id             TEXT PRIMARY KEY NOT NULL,
    format         TEXT NOT NULL CHECK (format IN ('ecb-csv', 'ecb-xml', 'cbr-daily', 'cbr-dynamic')),
    source         TEXT NOT NULL CHECK (source IN ('ECB', 'CBR', 'PBOC', 'MANUAL')),
    file_name      TEXT,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    rows_read      BIGINT NOT NULL CHECK (rows_read >= 0),
    new_rows       BIGINT NOT NULL CHECK (new_rows >= 0),
    changed_rows   BIGINT NOT NULL CHECK (changed_rows >= 0),
    -- The administrator's account; NULL for an operator's `jointreg rates import`.
    imported_by    TEXT,
    imported_at    TIMESTAMP NOT NULL
);

CREATE TABLE fx_rates (
    id               TEXT PRIMARY KEY NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('ECB', 'CBR', 'PBOC', 'MANUAL')),
    rate_date        DATE NOT NULL,
    base             TEXT NOT NULL CHECK (length(base) = 3 AND base = upper(base)),
    quote            TEXT NOT NULL CHECK (length(quote) = 3 AND quote = upper(quote) AND quote <> base),
    rate             TEXT NOT NULL CHECK (length(rate) BETWEEN 1 AND 40),
    import_batch_id  TEXT NOT NULL REFERENCES fx_import_batches (id),
    imported_at      TIMESTAMP NOT NULL,
    UNIQUE (source, rate_date, base, quote)
);
-- The rate in effect on a day: the latest of a pair on or before it.
CREATE INDEX fx_rates_by_pair ON fx_rates (base, quote, rate_date);
