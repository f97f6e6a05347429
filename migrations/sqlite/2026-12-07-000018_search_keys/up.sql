-- Cross-script search (src/domain/names): the terms a record is found by — its pinyin and
-- transliteration readings from every syllable or word boundary on — one row each, so a query form
-- is looked up as an index range (term >= form AND term < form || X'7F') instead of a LIKE '%…%'
-- scan. Filled by the application in the transaction that writes the record; the rules live in
-- code, so `search_terms_rules` records which version of them the stored terms follow and a start
-- with newer rules (or `jointreg reindex-search`) rebuilds them. 0: never built.
CREATE TABLE search_terms (
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL CHECK (key IN ('pinyin', 'translit')),
    term       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    PRIMARY KEY (entity, key, term, record_id)
);
CREATE INDEX search_terms_by_record ON search_terms (entity, record_id);

CREATE TABLE search_terms_rules (
    id       INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT INTO search_terms_rules (id, version) VALUES (1, 0);
