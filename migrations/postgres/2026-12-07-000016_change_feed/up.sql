-- The change feed (GET /api/v1/changes): one entry per change of a record partners sync, in
-- commit order, with who could read the record before and after the change. `txid` is the
-- writing transaction: readers take only entries older than every running transaction.
CREATE TABLE feed_entries (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    txid          BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    resource      TEXT NOT NULL,
    resource_id   TEXT COLLATE "C" NOT NULL,
    action        TEXT NOT NULL,
    version       BIGINT,
    at            TIMESTAMP NOT NULL,
    audience      TEXT NOT NULL CHECK (audience IN ('everyone', 'members', 'readers', 'staff', 'none')),
    readers       TEXT COLLATE "C" NOT NULL,
    was_audience  TEXT NOT NULL CHECK (was_audience IN ('everyone', 'members', 'readers', 'staff', 'none')),
    was_readers   TEXT COLLATE "C" NOT NULL
);
CREATE INDEX feed_entries_in_order ON feed_entries (txid, seq);
CREATE INDEX feed_entries_by_record ON feed_entries (resource, resource_id, seq);

-- Every record already there starts the feed as a create (transaction 0: before any other).
CREATE TEMPORARY TABLE feed_tokens AS
    SELECT pl.project_id, 'i:' || l.institution_id AS token
    FROM project_labs pl JOIN labs l ON l.id = pl.lab_id
    UNION
    SELECT pl.project_id, 'u:' || l.head_user_id
    FROM project_labs pl JOIN labs l ON l.id = pl.lab_id WHERE l.head_user_id IS NOT NULL;

CREATE TEMPORARY TABLE feed_projects AS
    SELECT p.id,
           CASE p.visibility WHEN 'public' THEN 'everyone' WHEN 'partners' THEN 'members' ELSE 'readers' END AS audience,
           CASE WHEN p.visibility = 'restricted' THEN
               COALESCE((SELECT string_agg(' ' || t.token, '' ORDER BY t.token COLLATE "C")
                         FROM feed_tokens t WHERE t.project_id = p.id), '') || ' '
           ELSE '' END AS readers
    FROM projects p;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, kind, id, 'create', version, updated_at, 'members', '', 'none', '' FROM (
    SELECT 1 AS rank, 'institution' AS kind, id, version, created_at, updated_at FROM institutions
    UNION ALL SELECT 2, 'funder', id, version, created_at, updated_at FROM funders
    UNION ALL SELECT 3, 'centre', id, version, created_at, updated_at FROM centres
    UNION ALL SELECT 4, 'lab', id, version, created_at, updated_at FROM labs
    UNION ALL SELECT 5, 'mirror_link', id, version, created_at, updated_at FROM mirror_links
) reference ORDER BY rank, created_at, id;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, 'project', p.id, 'create', p.version, p.updated_at, fp.audience, fp.readers, 'none', ''
FROM projects p JOIN feed_projects fp ON fp.id = p.id ORDER BY p.created_at, p.id;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, 'funding', f.id, 'create', f.version, f.updated_at, fp.audience, fp.readers, 'none', ''
FROM funding_records f JOIN feed_projects fp ON fp.id = f.project_id ORDER BY f.created_at, f.id;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, 'output', o.id, 'create', o.version, o.updated_at, a.audience,
       CASE WHEN a.audience = 'readers' THEN
           COALESCE((SELECT string_agg(' ' || x.token, '' ORDER BY x.token COLLATE "C") FROM (
               SELECT DISTINCT t.token FROM output_projects op
               JOIN feed_projects fp ON fp.id = op.project_id AND fp.audience = 'readers'
               JOIN feed_tokens t ON t.project_id = op.project_id
               WHERE op.output_id = o.id) x), '') || ' '
       ELSE '' END,
       'none', ''
FROM outputs o CROSS JOIN LATERAL (
    SELECT CASE
        WHEN bool_or(fp.audience = 'everyone') THEN 'everyone'
        WHEN bool_or(fp.audience = 'members') THEN 'members'
        WHEN bool_or(fp.audience = 'readers') THEN 'readers'
        ELSE 'staff' END AS audience
    FROM output_projects op JOIN feed_projects fp ON fp.id = op.project_id WHERE op.output_id = o.id
) a ORDER BY o.created_at, o.id;

DROP TABLE feed_projects;
DROP TABLE feed_tokens;
