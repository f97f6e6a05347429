-- Removes exactly the seeded funders (RFBR first: it names RSF as successor). Their history stays:
-- the history table is append-only, and a funder once on record keeps its past.
DELETE FROM funders WHERE id = '01a21f73-9c00-7000-8000-000000000003';
DELETE FROM funders WHERE id IN ('01a21f73-9c00-7000-8000-000000000001', '01a21f73-9c00-7000-8000-000000000002', '01a21f73-9c00-7000-8000-000000000004', '01a21f73-9c00-7000-8000-000000000005', '01a21f73-9c00-7000-8000-000000000006', '01a21f73-9c00-7000-8000-000000000007', '01a21f73-9c00-7000-8000-000000000008');
