-- Partner systems look awards up by the number the funder gave (GET /api/v1/funding?award_number=…),
-- often without the funder; the unique (funder_id, award_number) index serves only the pair.
CREATE INDEX funding_records_by_award_number ON funding_records (award_number);
-- `updated_since` on the large lists (incremental sync) reads changed rows from these indexes.
CREATE INDEX projects_by_updated_at ON projects (updated_at, id);
CREATE INDEX funding_records_by_updated_at ON funding_records (updated_at, id);
CREATE INDEX outputs_by_updated_at ON outputs (updated_at, id);
