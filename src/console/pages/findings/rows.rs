//! Findings as the console lists them: in the reader's words, with what they are about linked,
//! and their latest review.

use chrono::NaiveDate;

use crate::db::DbConn;
use crate::db::models::finding_review::{FindingReview, ReviewState};
use crate::db::models::user::User;
use crate::error::ApiError;
use crate::findings::engine::{Finding, FindingKind};
use crate::findings::words::{Subjects, explain};
use crate::i18n::Texts;

/// Findings biting within this many days are marked as close.
const SOON_DAYS: i64 = 30;

pub struct FindingRow {
    pub key: String,
    /// Its row's id on the page (the key with only letters, digits and dashes).
    pub dom_id: String,
    pub kind: FindingKind,
    pub text: String,
    pub bites_on: NaiveDate,
    pub days_until: i64,
    pub subject: Option<Link>,
    pub review: Option<ReviewView>,
}

impl FindingRow {
    pub fn soon(&self) -> bool {
        self.days_until <= SOON_DAYS
    }

    /// What the row's `data-state` says: `open`, or the latest review's state.
    pub fn state(&self) -> &'static str {
        self.review.as_ref().map_or("open", |r| r.state.as_str())
    }
}

pub struct Link {
    pub href: String,
    pub name: String,
}

pub struct ReviewView {
    pub state: ReviewState,
    pub note: String,
    pub owner_id: Option<String>,
    /// Who reviewed it and when, and who is responsible: "Anna Petrova, 3 Dec 2026 · Responsible: Li Wei".
    pub byline: String,
}

/// Rows for `findings`, in their order: three to five queries for names and reviews whatever
/// their number.
pub fn rows(
    conn: &mut DbConn,
    texts: Texts<'_>,
    today: NaiveDate,
    findings: Vec<Finding>,
) -> Result<Vec<FindingRow>, ApiError> {
    let subjects = Subjects::load(conn, &findings)?;
    let keys: Vec<&str> = findings.iter().map(|f| f.key.as_str()).collect();
    let mut reviews = FindingReview::latest(conn, &keys)?;
    let people: Vec<&str> =
        reviews.values().flat_map(|r| [r.owner_user_id.as_deref(), r.reviewed_by.as_deref()]).flatten().collect();
    let names = User::display_names(conn, &people)?;
    findings
        .into_iter()
        .map(|finding| {
            let review = match reviews.remove(&finding.key) {
                Some(review) => {
                    let name = |id: &Option<String>| id.as_ref().and_then(|id| names.get(id)).map(String::as_str);
                    let date = texts.date(review.reviewed_at.date());
                    let by = name(&review.reviewed_by).unwrap_or("—");
                    let mut byline =
                        texts.text_with("findings-reviewed-by", &[("name", by.into()), ("date", date.as_str().into())]);
                    if let Some(owner) = name(&review.owner_user_id) {
                        byline.push_str(" · ");
                        byline.push_str(&texts.text_with("findings-responsible", &[("name", owner.into())]));
                    }
                    Some(ReviewView {
                        state: review.state()?,
                        note: review.note,
                        owner_id: review.owner_user_id,
                        byline,
                    })
                }
                None => None,
            };
            Ok(FindingRow {
                dom_id: dom_id(&finding.key),
                text: explain(texts, &finding, &subjects),
                subject: subject(&finding, &subjects, texts),
                days_until: (finding.bites_on - today).num_days().max(0),
                bites_on: finding.bites_on,
                kind: finding.kind,
                key: finding.key,
                review,
            })
        })
        .collect()
}

fn subject(finding: &Finding, subjects: &Subjects, texts: Texts<'_>) -> Option<Link> {
    let href = match (&finding.project_id, &finding.lab_id, &finding.centre_id) {
        (Some(project), _, _) => format!("/console/projects/{project}"),
        (None, Some(lab), _) => format!("/console/labs/{lab}"),
        (None, None, Some(centre)) => format!("/console/centres/{centre}"),
        _ => return None,
    };
    Some(Link { href, name: subjects.name(texts.lang(), finding) })
}

/// `gap:0193…:2027-01-01` → `finding-gap-0193…-2027-01-01`.
pub fn dom_id(key: &str) -> String {
    let tidy: String = key.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("finding-{tidy}")
}
