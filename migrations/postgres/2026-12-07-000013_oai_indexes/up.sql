-- OAI-PMH (/oai) reads deletions from the history by kind, in datestamp order.
CREATE INDEX history_deletions ON history (resource, at, id) WHERE action = 'delete';
-- ... and organisation units in datestamp order, as projects, funding and outputs already are.
CREATE INDEX institutions_by_updated_at ON institutions (updated_at, id);
CREATE INDEX funders_by_updated_at ON funders (updated_at, id);
