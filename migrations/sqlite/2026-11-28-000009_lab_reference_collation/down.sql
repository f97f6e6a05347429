-- PostgreSQL only: its lab references move to the "C" collation of the ids they name. SQLite
-- compares text byte for byte already; this step keeps the two histories in step.
SELECT 1;
