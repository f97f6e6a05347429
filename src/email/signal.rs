//! Waking the delivery worker: a counter bumped by every wake, so a wake that comes while the
//! worker is busy is not lost, and a wait that ends early when the worker is told to stop. Also
//! what the worker tells the rest of the process: its failed attempts, for `/metrics`.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Wakes the delivery worker after a transaction that queued mail has committed.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    signal: Arc<Signal>,
}

#[derive(Debug, Default)]
struct Signal {
    wakes: Mutex<u64>,
    changed: Condvar,
    failed_attempts: AtomicU64,
}

impl Outbox {
    /// Starts delivery now rather than at the next poll. Call it after the commit: a worker woken
    /// before it would not yet see the message.
    pub fn wake(&self) {
        {
            let mut wakes = self.lock();
            *wakes = wakes.wrapping_add(1);
        }
        self.signal.changed.notify_all();
    }

    /// The number of wakes so far; pass it to [`Outbox::wait`] to sleep only if none came since.
    pub(crate) fn wakes(&self) -> u64 {
        *self.lock()
    }

    /// Sleeps until a wake after `seen`, `stop` is set (and [`Outbox::interrupt`] called), or
    /// `timeout` has passed.
    pub(crate) fn wait(&self, seen: u64, timeout: Duration, stop: &AtomicBool) {
        let deadline = Instant::now() + timeout;
        let mut wakes = self.lock();
        while *wakes == seen && !stop.load(Ordering::SeqCst) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            wakes = self.signal.changed.wait_timeout(wakes, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Makes waiting workers look at their stop flags. Taking the lock first means a worker that is
    /// about to wait has either seen the flag already or will be notified.
    pub(crate) fn interrupt(&self) {
        drop(self.lock());
        self.signal.changed.notify_all();
    }

    /// Counts a delivery attempt that failed (it is retried later).
    pub(crate) fn count_failed_attempt(&self) {
        self.signal.failed_attempts.fetch_add(1, Ordering::Relaxed);
    }

    /// Failed delivery attempts by this process's worker so far.
    pub fn failed_attempts(&self) -> u64 {
        self.signal.failed_attempts.load(Ordering::Relaxed)
    }

    // A counter cannot be left inconsistent by a panic, so a poisoned lock is still good.
    fn lock(&self) -> MutexGuard<'_, u64> {
        self.signal.wakes.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
