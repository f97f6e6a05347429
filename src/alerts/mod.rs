//! Funding alerts by mail: a lab head is told 90 and again 30 days before a project of theirs
//! loses coverage with nothing lined up; coordinators get a weekly digest of unreviewed findings.
//!
//! Each alert is a (subject, threshold) pair sent exactly once, whoever runs it and however often:
//! the in-server scheduler ([`schedule`]) daily, `jointreg alerts run` from cron, two servers on
//! one PostgreSQL at once. What makes it once is the database, not memory: each alert claims its
//! `alert_deliveries` row and queues its mail in one write transaction
//! ([`AlertDelivery::claim`]), so an alert is either claimed with all its mail queued or not at
//! all, and a run that fails part-way leaves the rest for the next run.
//!
//! ```text
//! run:  load registry -> findings (180 days) -> for each alert:
//!       transaction { claim (subject, threshold) or skip; enqueue one message per recipient }
//! ```

pub mod coverage_loss;
pub mod digest;
mod messages;
pub mod schedule;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::models::alert_delivery::AlertDelivery;
use crate::db::schema::{finding_reviews, projects, users};
use crate::db::{DbConn, transaction};
use crate::domain::role::{Role, UserStatus};
use crate::email::{self, OutgoingMessage, Recipient};
use crate::error::ApiError;
use crate::findings::scan;
use crate::findings::words::Subjects;
use crate::i18n::{Catalogue, Lang, name_in};

/// The horizon of the findings the alerts are drawn from (docs/DOMAIN.md's default).
pub const HORIZON_DAYS: u64 = 180;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertReport {
    /// Alerts claimed and queued by this run.
    pub sent: usize,
    /// Alerts due that an earlier (or a concurrent) run had already sent.
    pub already_sent: usize,
    /// Messages queued: an alert goes to every head of the project's labs, or every coordinator.
    pub messages: usize,
    /// Alerts due that nobody can receive (no active head, no active coordinator): not claimed,
    /// so they go out once someone can receive them.
    pub unaddressed: usize,
    /// Alerts that could not be queued; nothing of them was sent, the next run tries again.
    pub failed: usize,
}

/// An alert about to be claimed: its key, and one message per recipient.
struct Alert {
    subject: String,
    threshold: &'static str,
    messages: Vec<OutgoingMessage>,
}

/// Sends the alerts due on `today` that have not been sent, each message in its recipient's
/// language (`catalogue`), linking to pages under `public_url`. Call
/// [`crate::email::Outbox::wake`] afterwards when a delivery worker runs in this process. Errors
/// only when the registry cannot be read; an alert that fails is logged, counted in `failed`, and
/// left for the next run.
pub fn run(
    conn: &mut DbConn,
    today: NaiveDate,
    public_url: &str,
    catalogue: &Catalogue,
) -> Result<AlertReport, ApiError> {
    let (registry, findings) = scan::all(conn, today, HORIZON_DAYS)?;
    let mut alerts = Vec::new();

    let losses = coverage_loss::coverage_losses(today, &findings, &registry.projects);
    let head_ids: Vec<&str> = losses
        .iter()
        .flat_map(|l| &l.lab_ids)
        .filter_map(|lab| registry.lab_places.get(lab)?.head_user_id.as_deref())
        .collect();
    let heads = active_users_by_id(conn, &head_ids)?;
    let titles = project_titles(conn, losses.iter().map(|l| l.project_id.as_str()))?;
    for loss in &losses {
        // One message per head, even one heading several of the project's labs.
        let mut recipients: BTreeMap<&str, &Recipient> = BTreeMap::new();
        for lab in &loss.lab_ids {
            let head = registry.lab_places.get(lab).and_then(|p| p.head_user_id.as_deref());
            if let Some(user) = head.and_then(|id| heads.get(id)) {
                recipients.insert(user.email.as_str(), user);
            }
        }
        let title = |lang| titles.get(&loss.project_id).map_or(loss.title.as_str(), |t| t.in_lang(lang, &loss.title));
        alerts.push(Alert {
            subject: loss.subject(),
            threshold: loss.threshold,
            messages: recipients
                .values()
                .map(|to| messages::coverage_loss(catalogue, public_url, to, title(to.lang), loss, today))
                .collect(),
        });
    }

    let reviewed: HashSet<String> = finding_reviews::table
        .select(finding_reviews::finding_key)
        .distinct()
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let open = digest::unreviewed(&findings, &reviewed);
    if !open.is_empty() {
        let subject = digest::subject(today);
        let week = subject.trim_start_matches("digest:").to_owned();
        let coordinators = active_coordinators(conn)?;
        // The names of the listed findings only: a digest lists at most `LISTED`.
        let subjects = Subjects::load(conn, open.iter().take(digest::LISTED).copied())?;
        alerts.push(Alert {
            subject,
            threshold: "weekly",
            messages: coordinators
                .iter()
                .map(|to| messages::digest(catalogue, public_url, to, &week, &open, &subjects))
                .collect(),
        });
    }

    let mut report = AlertReport::default();
    for alert in alerts {
        if alert.messages.is_empty() {
            report.unaddressed += 1;
            continue;
        }
        match send_once(conn, &alert) {
            Ok(true) => {
                report.sent += 1;
                report.messages += alert.messages.len();
            }
            Ok(false) => report.already_sent += 1,
            Err(error) => {
                tracing::error!(subject = %alert.subject, threshold = alert.threshold, %error, "alert not sent; the next run tries again");
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// Claims the alert and queues its mail in one write transaction. False when it was already
/// claimed: then nothing is queued.
fn send_once(conn: &mut DbConn, alert: &Alert) -> Result<bool, ApiError> {
    transaction::write(conn, |conn| {
        if !AlertDelivery::claim(conn, &alert.subject, alert.threshold)? {
            return Ok(false);
        }
        for message in &alert.messages {
            email::enqueue(conn, message)?;
        }
        Ok(true)
    })
}

/// Active accounts among `ids`: id → who to write to, in which language.
fn active_users_by_id(conn: &mut DbConn, ids: &[&str]) -> Result<BTreeMap<String, Recipient>, ApiError> {
    let mut found = BTreeMap::new();
    let mut unique: Vec<&str> = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    // In slices, to stay under SQLite's limit on bound parameters.
    for chunk in unique.chunks(500) {
        let rows: Vec<(String, String, String, String)> = users::table
            .filter(users::id.eq_any(chunk))
            .filter(users::status.eq(UserStatus::Active.as_str()))
            .select((users::id, users::email, users::display_name, users::language))
            .load(conn)?;
        for (id, email, name, language) in rows {
            let lang = Lang::stored(&language, &id)?;
            found.insert(id, Recipient { email, name, lang });
        }
    }
    Ok(found)
}

/// Every active coordinator, by email.
fn active_coordinators(conn: &mut DbConn) -> Result<Vec<Recipient>, ApiError> {
    let rows: Vec<(String, String, String, String)> = users::table
        .filter(users::role.eq(Role::Coordinator.as_str()))
        .filter(users::status.eq(UserStatus::Active.as_str()))
        .order(users::email)
        .select((users::id, users::email, users::display_name, users::language))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, email, name, language)| Ok(Recipient { email, name, lang: Lang::stored(&language, &id)? }))
        .collect()
}

/// A project's id and its titles in English, Russian and Chinese, as read.
type TitleRow = (String, Option<String>, Option<String>, Option<String>);

/// A project's title in the registry's three languages (any may be missing).
struct Titles {
    en: Option<String>,
    ru: Option<String>,
    zh: Option<String>,
}

impl Titles {
    /// The title in `lang`, else in another language, else `fallback`.
    fn in_lang<'a>(&'a self, lang: Lang, fallback: &'a str) -> &'a str {
        let title = name_in(lang, self.en.as_deref().unwrap_or_default(), self.ru.as_deref(), self.zh.as_deref());
        if title.trim().is_empty() { fallback } else { title }
    }
}

/// The titles of the projects `ids`, in slices as [`active_users_by_id`] reads accounts.
fn project_titles<'a>(
    conn: &mut DbConn,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, Titles>, ApiError> {
    let mut unique: Vec<&str> = ids.collect();
    unique.sort_unstable();
    unique.dedup();
    let mut found = HashMap::new();
    for chunk in unique.chunks(500) {
        let rows: Vec<TitleRow> = projects::table
            .filter(projects::id.eq_any(chunk))
            .select((projects::id, projects::title_en, projects::title_ru, projects::title_zh))
            .load(conn)?;
        found.extend(rows.into_iter().map(|(id, en, ru, zh)| (id, Titles { en, ru, zh })));
    }
    Ok(found)
}
