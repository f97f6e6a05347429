DROP TABLE idempotency_keys;
DROP TABLE mirror_links;
DROP TABLE lab_status_entries;
DROP TABLE labs;
DROP TABLE centre_hosts;
DROP TABLE centres;
DROP TABLE funders;
