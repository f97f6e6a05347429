-- A count of projects by status under a partner's or lab head's read scope needs each project's
-- visibility and id: with them in the index the count is an index-only scan, not a read of the
-- whole table (checked at 50,000 projects by tests/api/query_plans.rs).
CREATE INDEX projects_by_status_visibility ON projects (status, visibility, id);
