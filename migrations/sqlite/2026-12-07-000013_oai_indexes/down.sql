DROP INDEX funders_by_updated_at;
DROP INDEX institutions_by_updated_at;
DROP INDEX history_deletions;
