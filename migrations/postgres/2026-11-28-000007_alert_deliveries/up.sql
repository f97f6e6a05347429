-- Alerts already sent: one row per subject (what the alert is about, e.g.
-- `coverage_loss:{project}:{first uncovered day}` or `digest:2026-W48`) and threshold (`90`, `30`,
-- `weekly`). The primary key is what makes an alert go out once, across restarts and servers:
-- the row is claimed in the same transaction that queues the alert's mail.

CREATE TABLE alert_deliveries (
    subject    TEXT COLLATE "C" NOT NULL,
    threshold  TEXT COLLATE "C" NOT NULL,
    sent_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (subject, threshold)
);
