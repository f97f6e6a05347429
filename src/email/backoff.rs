//! How long to wait before retrying a message that failed.

use std::time::Duration;

/// Retry delays: `first` after the first failure, doubling after each further one, never more
/// than `max`. There is no last attempt: a message keeps being retried at `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { first: Duration::from_secs(2), max: Duration::from_secs(15 * 60) }
    }
}

impl Backoff {
    /// The wait after `failures` failed attempts in a row (counting the one just made).
    pub fn delay(&self, failures: i64) -> Duration {
        let doublings = u32::try_from(failures.saturating_sub(1).max(0)).unwrap_or(u32::MAX);
        let factor = 2u32.checked_pow(doublings).unwrap_or(u32::MAX);
        self.first.checked_mul(factor).unwrap_or(self.max).min(self.max)
    }

    /// Whether `failures` has reached the cap: from then on each failure is logged as an error.
    pub fn is_capped(&self, failures: i64) -> bool {
        self.delay(failures) >= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn doubles_from_two_seconds() {
        let backoff = Backoff::default();
        let delays: Vec<Duration> = (1..=6).map(|n| backoff.delay(n)).collect();
        assert_eq!(delays, [secs(2), secs(4), secs(8), secs(16), secs(32), secs(64)]);
    }

    #[test]
    fn is_capped_at_fifteen_minutes_and_stays_there() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(9), secs(512));
        assert_eq!(backoff.delay(10), secs(900));
        assert!(!backoff.is_capped(9));
        assert!(backoff.is_capped(10));
        for failures in [11, 33, 64, 1_000, i64::MAX] {
            assert_eq!(backoff.delay(failures), secs(900), "after {failures} failures");
        }
    }

    #[test]
    fn counts_nonsense_as_a_first_failure() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(0), secs(2));
        assert_eq!(backoff.delay(-5), secs(2));
        assert_eq!(backoff.delay(i64::MIN), secs(2));
    }

    #[test]
    fn follows_other_settings() {
        let backoff = Backoff { first: Duration::from_millis(50), max: Duration::from_millis(300) };
        let delays: Vec<u128> = (1..=5).map(|n| backoff.delay(n).as_millis()).collect();
        assert_eq!(delays, [50, 100, 200, 300, 300]);
    }
}
