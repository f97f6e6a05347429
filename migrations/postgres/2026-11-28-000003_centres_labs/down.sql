DROP TABLE idempotency_keys;
DROP TABLE mirror_links;
DROP TABLE lab_status_entries;
DROP TABLE labs;
DROP TABLE centre_hosts;
DROP TABLE centres;
DROP TABLE funders;
DROP FUNCTION IF EXISTS lab_status_entries_are_append_only CASCADE;
