//! What day it is. The service asks a `Clock` rather than the system, so a test can hold "today"
//! still: a test that runs across midnight must not see one day in its own arithmetic and
//! another in the server's answers.

use chrono::{NaiveDate, Utc};

/// Today's date (UTC), or a fixed date set by whoever builds the service.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    fixed_today: Option<NaiveDate>,
}

impl Clock {
    /// The system's clock: the service's default.
    pub fn system() -> Self {
        Clock { fixed_today: None }
    }

    /// A clock on which it is always `today` (for tests and back-fills).
    pub fn fixed(today: NaiveDate) -> Self {
        Clock { fixed_today: Some(today) }
    }

    /// The date funding continuity is judged on.
    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(|| Utc::now().date_naive())
    }
}
