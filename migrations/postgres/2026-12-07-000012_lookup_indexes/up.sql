-- Partner systems look awards up by the number the funder gave (GET /api/v1/funding?award_number=…),
-- often without the funder; the unique (funder_id, award_number) index serves only the pair.
CREATE INDEX funding_records_by_award_number ON funding_records (award_number);
