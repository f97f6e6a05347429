//! The in-server scheduler: a thread of its own (diesel blocks) that sleeps until the configured
//! time of day (UTC), runs [`super::run`] on a pooled connection, and logs what it did.
//!
//! Every server of a deployment may run it: the alerts are claimed in the database, so two
//! servers at 06:00 send each alert once. It does not catch up at start-up on a run missed while
//! the server was down: the next day's run still finds every alert within its threshold (the
//! thresholds are "within 90 days", not "on day 90"), and `jointreg alerts run` is there for
//! back-fills.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{Days, NaiveDateTime, NaiveTime, TimeDelta, Utc};

use crate::db::Db;
use crate::email::Outbox;
use crate::i18n::Catalogue;

/// Longest single sleep: a changed wall clock (suspend, NTP step) is noticed within it.
const NAP: Duration = Duration::from_secs(60);

/// After a run that could not read the registry (database away), try again this much later
/// rather than the next day.
const RETRY: TimeDelta = TimeDelta::minutes(5);

/// The first run time strictly after `now`: today at `at` if that is still ahead, else tomorrow.
pub fn next_run(now: NaiveDateTime, at: NaiveTime) -> NaiveDateTime {
    let today = now.date().and_time(at);
    if today > now {
        return today;
    }
    now.date().checked_add_days(Days::new(1)).map_or(NaiveDateTime::MAX, |tomorrow| tomorrow.and_time(at))
}

/// Stops the scheduler when told to or dropped; a run in progress is finished first.
#[derive(Debug)]
pub struct SchedulerHandle {
    stop: Arc<Stop>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Stop {
    stopped: Mutex<bool>,
    changed: Condvar,
}

impl Stop {
    // A flag cannot be left inconsistent by a panic, so a poisoned lock is still good.
    fn lock(&self) -> MutexGuard<'_, bool> {
        self.stopped.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sleeps for `timeout` or until stopped; true when stopped.
    fn wait(&self, timeout: Duration) -> bool {
        let guard = self.lock();
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |stopped| !*stopped)
            .unwrap_or_else(PoisonError::into_inner);
        *guard
    }

    fn set(&self) {
        *self.lock() = true;
        self.changed.notify_all();
    }
}

struct Scheduler {
    db: Db,
    at: NaiveTime,
    public_url: String,
    /// The mail's words: the server's own catalogue, loaded once at start-up.
    catalogue: Arc<Catalogue>,
    outbox: Outbox,
    stop: Arc<Stop>,
}

/// Starts the daily run at `at` (UTC) in the background.
pub fn start(
    db: Db,
    at: NaiveTime,
    public_url: String,
    catalogue: Arc<Catalogue>,
    outbox: Outbox,
) -> Result<SchedulerHandle, String> {
    let stop = Arc::new(Stop::default());
    let scheduler = Scheduler { db, at, public_url, catalogue, outbox, stop: stop.clone() };
    let thread = std::thread::Builder::new()
        .name("alert-scheduler".into())
        .spawn(move || scheduler.run())
        .map_err(|e| format!("cannot start the alert scheduler thread: {e}"))?;
    Ok(SchedulerHandle { stop, thread: Some(thread) })
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

impl Scheduler {
    fn run(self) {
        let mut next = next_run(now(), self.at);
        tracing::info!(next_run = %next, "alert scheduler started");
        loop {
            let current = now();
            if current >= next {
                next = if self.run_once(current) { next_run(now(), self.at) } else { now() + RETRY };
                tracing::info!(next_run = %next, "next alert run");
                continue;
            }
            let left = (next - current).to_std().unwrap_or(Duration::ZERO).min(NAP);
            if self.stop.wait(left) {
                break;
            }
        }
        tracing::info!("alert scheduler stopped");
    }

    /// One run for the day of `current`; false when it could not run at all.
    fn run_once(&self, current: NaiveDateTime) -> bool {
        let today = current.date();
        let mut conn = match self.db.pool().get() {
            Ok(conn) => conn,
            Err(error) => {
                tracing::warn!(%error, "alerts not run: no database connection; retrying later");
                return false;
            }
        };
        match super::run(&mut conn, today, &self.public_url, &self.catalogue) {
            Ok(report) => {
                if report.messages > 0 {
                    self.outbox.wake();
                }
                tracing::info!(
                    %today,
                    sent = report.sent,
                    already_sent = report.already_sent,
                    messages = report.messages,
                    unaddressed = report.unaddressed,
                    failed = report.failed,
                    "alerts run"
                );
                true
            }
            Err(error) => {
                tracing::warn!(%today, %error, "alerts not run; retrying later");
                false
            }
        }
    }
}

impl SchedulerHandle {
    /// Stops the scheduler and waits for its thread to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(thread) = self.thread.take() else { return };
        self.stop.set();
        if thread.join().is_err() {
            tracing::error!("the alert scheduler thread panicked");
        }
    }
}

impl Drop for SchedulerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn six() -> NaiveTime {
        NaiveTime::from_hms_opt(6, 0, 0).unwrap()
    }

    #[test]
    fn before_the_time_it_runs_today_at_or_after_it_tomorrow() {
        assert_eq!(next_run(t("2026-11-28 05:59:59"), six()), t("2026-11-28 06:00:00"));
        assert_eq!(next_run(t("2026-11-28 06:00:00"), six()), t("2026-11-29 06:00:00"), "just ran");
        assert_eq!(next_run(t("2026-11-28 23:30:00"), six()), t("2026-11-29 06:00:00"));
        assert_eq!(next_run(t("2026-12-31 07:00:00"), six()), t("2027-01-01 06:00:00"), "over the year's end");
    }

    #[test]
    fn midnight_is_a_time_like_any_other() {
        let midnight = NaiveTime::MIN;
        assert_eq!(next_run(t("2026-11-28 00:00:00"), midnight), t("2026-11-29 00:00:00"));
        assert_eq!(next_run(t("2026-11-28 23:59:59"), midnight), t("2026-11-29 00:00:00"));
    }

    #[test]
    fn a_stopped_scheduler_wakes_at_once() {
        let stop = Stop::default();
        stop.set();
        let started = std::time::Instant::now();
        assert!(stop.wait(Duration::from_secs(30)));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
