DROP INDEX outputs_by_updated_at;
DROP INDEX funding_records_by_updated_at;
DROP INDEX projects_by_updated_at;
DROP INDEX funding_records_by_award_number;
