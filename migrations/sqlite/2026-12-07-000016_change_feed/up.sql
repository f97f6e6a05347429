-- The change feed (GET /api/v1/changes): one entry per change of a record partners sync, in
-- commit order, with who could read the record before and after the change. SQLite has one
-- writer at a time, so `seq` is the commit order and `txid` is always 0.
CREATE TABLE feed_entries (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    txid          BIGINT NOT NULL DEFAULT 0,
    resource      TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    action        TEXT NOT NULL,
    version       BIGINT,
    at            TIMESTAMP NOT NULL,
    audience      TEXT NOT NULL CHECK (audience IN ('everyone', 'members', 'readers', 'staff', 'none')),
    readers       TEXT NOT NULL,
    was_audience  TEXT NOT NULL CHECK (was_audience IN ('everyone', 'members', 'readers', 'staff', 'none')),
    was_readers   TEXT NOT NULL
);
CREATE INDEX feed_entries_in_order ON feed_entries (txid, seq);
CREATE INDEX feed_entries_by_record ON feed_entries (resource, resource_id, seq);

-- Every record already there starts the feed as a create.
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
               COALESCE((SELECT group_concat(' ' || token, '') FROM
                         (SELECT t.token FROM feed_tokens t WHERE t.project_id = p.id ORDER BY t.token)), '') || ' '
           ELSE '' END AS readers
    FROM projects p;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, kind, id, 'create', version, updated_at, 'members', '', 'none', '' FROM (
    SELECT 1 AS rank, 'institution' AS kind, id, version, created_at, updated_at FROM institutions
    UNION ALL SELECT 2, 'funder', id, version, created_at, updated_at FROM funders
    UNION ALL SELECT 3, 'centre', id, version, created_at, updated_at FROM centres
    UNION ALL SELECT 4, 'lab', id, version, created_at, updated_at FROM labs
    UNION ALL SELECT 5, 'mirror_link', id, version, created_at, updated_at FROM mirror_links
) ORDER BY rank, created_at, id;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, 'project', p.id, 'create', p.version, p.updated_at, fp.audience, fp.readers, 'none', ''
FROM projects p JOIN feed_projects fp ON fp.id = p.id ORDER BY p.created_at, p.id;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, 'funding', f.id, 'create', f.version, f.updated_at, fp.audience, fp.readers, 'none', ''
FROM funding_records f JOIN feed_projects fp ON fp.id = f.project_id ORDER BY f.created_at, f.id;

INSERT INTO feed_entries (txid, resource, resource_id, action, version, at, audience, readers, was_audience, was_readers)
SELECT 0, 'output', id, 'create', version, updated_at, audience,
       CASE WHEN audience = 'readers' THEN
           COALESCE((SELECT group_concat(' ' || token, '') FROM (
               SELECT DISTINCT t.token FROM output_projects op
               JOIN feed_projects fp ON fp.id = op.project_id AND fp.audience = 'readers'
               JOIN feed_tokens t ON t.project_id = op.project_id
               WHERE op.output_id = o.id ORDER BY t.token)), '') || ' '
       ELSE '' END,
       'none', ''
FROM (
    SELECT o.id, o.version, o.updated_at, o.created_at, CASE
        WHEN EXISTS (SELECT 1 FROM output_projects op JOIN feed_projects fp ON fp.id = op.project_id
                     WHERE op.output_id = o.id AND fp.audience = 'everyone') THEN 'everyone'
        WHEN EXISTS (SELECT 1 FROM output_projects op JOIN feed_projects fp ON fp.id = op.project_id
                     WHERE op.output_id = o.id AND fp.audience = 'members') THEN 'members'
        WHEN EXISTS (SELECT 1 FROM output_projects op WHERE op.output_id = o.id) THEN 'readers'
        ELSE 'staff' END AS audience
    FROM outputs o
) o ORDER BY created_at, id;

DROP TABLE feed_projects;
DROP TABLE feed_tokens;
