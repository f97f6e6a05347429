//! The delivery worker: a thread of its own (diesel and SMTP block), which claims due messages one
//! at a time, sends each outside any transaction, and records the outcome.
//!
//! One at a time, so a claim never waits behind other sends and its lease only has to outlast one
//! delivery. Delivery is at least once: if recording a sent message fails for longer than the
//! retries below, it is sent again once its claim lapses, under the same Message-ID.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use diesel::QueryResult;

use super::Outbox;
use super::backoff::Backoff;
use super::transport::Mailer;
use crate::config::MailSettings;
use crate::db::models::{now, outbox::OutboxMessage};
use crate::db::{Db, DbConn};

/// Longest `last_error` kept: enough for an SMTP reply line.
const ERROR_CHARS: usize = 300;

/// Pause between attempts to record an outcome while the database is unavailable.
const RECORD_RETRY: Duration = Duration::from_secs(1);

/// The worker's clocks; the defaults suit production, tests shorten them.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Fallback poll, for mail queued by another server or due after a backoff.
    pub poll: Duration,
    /// How long a claim holds a message: well beyond one SMTP conversation, whose every step may
    /// take up to `smtp_timeout`.
    pub lease: Duration,
    pub backoff: Backoff,
    pub smtp_timeout: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(120),
            backoff: Backoff::default(),
            smtp_timeout: Duration::from_secs(10),
        }
    }
}

pub struct Worker {
    db: Db,
    mailer: Mailer,
    outbox: Outbox,
    timing: Timing,
    lease: TimeDelta,
    max_delay: TimeDelta,
    stop: Arc<AtomicBool>,
}

/// Stops the worker when told to or dropped, after the message in hand (if any) is done.
#[derive(Debug)]
pub struct WorkerHandle {
    stop: Arc<AtomicBool>,
    outbox: Outbox,
    thread: Option<JoinHandle<()>>,
}

#[derive(Debug, thiserror::Error)]
enum StoreError {
    #[error("{0}")]
    Pool(#[from] r2d2::Error),
    #[error("{0}")]
    Query(#[from] diesel::result::Error),
}

impl Worker {
    /// Starts delivering in the background; fails with one line for unusable mail settings,
    /// which the caller prefixes with `mail: `.
    pub fn start(db: Db, settings: &MailSettings, outbox: Outbox) -> Result<WorkerHandle, String> {
        Self::start_with(db, settings, outbox, Timing::default())
    }

    pub fn start_with(db: Db, settings: &MailSettings, outbox: Outbox, timing: Timing) -> Result<WorkerHandle, String> {
        let delta = |d: Duration| TimeDelta::from_std(d).map_err(|_| "a delivery interval is out of range");
        let lease = delta(timing.lease)?;
        let max_delay = delta(timing.backoff.max)?;
        let mailer = Mailer::new(settings, timing.smtp_timeout)?;
        let stop = Arc::new(AtomicBool::new(false));
        let worker = Worker { db, mailer, outbox: outbox.clone(), timing, lease, max_delay, stop: stop.clone() };
        let thread = std::thread::Builder::new()
            .name("mail-outbox".into())
            .spawn(move || worker.run())
            .map_err(|e| format!("cannot start the delivery thread: {e}"))?;
        Ok(WorkerHandle { stop, outbox, thread: Some(thread) })
    }

    fn run(self) {
        tracing::info!(backend = self.mailer.backend_name(), "mail delivery started");
        while !self.stopping() {
            // Read before looking, so a wake that comes while we deliver means "look again".
            let seen = self.outbox.wakes();
            self.deliver_due();
            self.outbox.wait(seen, self.timing.poll, &self.stop);
        }
        tracing::info!("mail delivery stopped");
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn deliver_due(&self) {
        while !self.stopping() {
            match self.with_conn(|conn| OutboxMessage::claim_next(conn, self.lease)) {
                Ok(Some(message)) => self.deliver(&message),
                Ok(None) => return,
                Err(error) => {
                    tracing::warn!(%error, "cannot claim queued mail; trying again at the next poll");
                    return;
                }
            }
        }
    }

    fn deliver(&self, message: &OutboxMessage) {
        let attempt = message.attempts + 1;
        let span = tracing::info_span!("mail", outbox_id = %message.id, kind = %message.kind, attempt);
        let _entered = span.enter();
        match self.mailer.deliver(message) {
            Ok(()) => {
                if message.locked_until.is_some_and(|until| now() > until) {
                    tracing::warn!("the claim lapsed during delivery: another worker may have sent this message too");
                }
                self.record(|conn| OutboxMessage::mark_sent(conn, &message.id));
                tracing::info!("mail sent");
            }
            Err(error) => {
                let error = shorten(&error);
                let delay = self.timing.backoff.delay(attempt);
                let retry_at = now() + TimeDelta::from_std(delay).unwrap_or(self.max_delay);
                let retry_in_secs = delay.as_secs_f64();
                if self.timing.backoff.is_capped(attempt) {
                    tracing::error!(%error, retry_in_secs, "mail still undelivered; retrying at the longest interval");
                } else {
                    tracing::warn!(%error, retry_in_secs, "mail delivery failed; will retry");
                }
                self.record(|conn| OutboxMessage::mark_failed(conn, &message.id, &error, retry_at));
                self.outbox.count_failed_attempt();
            }
        }
    }

    /// Stores an outcome, retrying while the database is briefly away: an unrecorded delivery
    /// would be repeated once the claim lapses.
    fn record(&self, write: impl Fn(&mut DbConn) -> QueryResult<bool>) {
        let give_up = Instant::now() + self.timing.lease / 2;
        loop {
            match self.with_conn(&write) {
                Ok(true) => return,
                Ok(false) => {
                    tracing::warn!("already recorded as sent by another worker");
                    return;
                }
                Err(error) if Instant::now() < give_up && !self.stopping() => {
                    tracing::warn!(%error, "cannot record the delivery outcome; retrying");
                    self.outbox.wait(self.outbox.wakes(), RECORD_RETRY, &self.stop);
                }
                Err(error) => {
                    tracing::error!(%error, "cannot record the delivery outcome; it will be retried when the claim lapses");
                    return;
                }
            }
        }
    }

    fn with_conn<T>(&self, work: impl FnOnce(&mut DbConn) -> QueryResult<T>) -> Result<T, StoreError> {
        let mut conn = self.db.pool().get()?;
        Ok(work(&mut conn)?)
    }
}

impl WorkerHandle {
    /// Stops the worker and waits for its thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(thread) = self.thread.take() else { return };
        self.stop.store(true, Ordering::SeqCst);
        self.outbox.interrupt();
        if thread.join().is_err() {
            tracing::error!("the mail delivery thread panicked");
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// One line of at most [`ERROR_CHARS`] characters.
fn shorten(error: &str) -> String {
    let line: String = error.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(ERROR_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn errors_are_kept_to_one_short_line() {
        assert_eq!(shorten("permanent error (550):\r\n  no such user"), "permanent error (550): no such user");
        let long = "é".repeat(1000);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), super::ERROR_CHARS + 1);
        assert!(short.ends_with('…'));
    }
}
