//! Funding findings and their reviews on the wire.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::db::models::finding_review::{FindingReview, ReviewState};
use crate::domain::country;
use crate::domain::text::multi_line;
use crate::error::ApiError;
use crate::findings::engine::{Finding, FindingKind};
use crate::findings::report::FindingFilter;
use crate::http::pagination::Cursor;

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "01a21f73-9c00-7000-8000-000000000a01", "finding_key": "one_sided:01a21f73-9c00-7000-8000-000000000701:RU:2027-01-01", "state": "action_planned", "note": "RSF renewal application filed in October", "owner_user_id": "01a21f73-9c00-7000-8000-000000000502", "reviewed_by": "01a21f73-9c00-7000-8000-000000000501", "reviewed_at": "2026-11-28T09:30:00Z"}))]
pub struct ReviewResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub finding_key: String,
    pub state: ReviewState,
    pub note: String,
    /// Who follows it up.
    #[schema(format = Uuid)]
    pub owner_user_id: Option<String>,
    /// Who reviewed it.
    #[schema(format = Uuid)]
    pub reviewed_by: Option<String>,
    pub reviewed_at: DateTime<Utc>,
}

impl ReviewResponse {
    pub fn new(review: FindingReview) -> Result<Self, ApiError> {
        Ok(ReviewResponse {
            state: review.state()?,
            id: review.id,
            finding_key: review.finding_key,
            note: review.note,
            owner_user_id: review.owner_user_id,
            reviewed_by: review.reviewed_by,
            reviewed_at: review.reviewed_at.and_utc(),
        })
    }
}

/// An open finding: computed from the registry on every request, never typed in.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "key": "one_sided:01a21f73-9c00-7000-8000-000000000701:RU:2027-01-01",
    "kind": "one_sided",
    "explanation": "Project “Systemic pathology of chronic inflammation” is one-sided from 2027-01-01 to 2027-12-31: the Chinese side is funded, the Russian side is not.",
    "starts_on": "2027-01-01", "ends_on": "2027-12-31", "bites_on": "2027-01-01", "days_until": 34,
    "project_id": "01a21f73-9c00-7000-8000-000000000701", "lab_id": null, "centre_id": null,
    "funding_ids": ["01a21f73-9c00-7000-8000-000000000802"], "funder_ids": [], "side": "RU",
    "latest_review": null
}))]
pub struct FindingResponse {
    /// Stable while the situation lasts; reviews attach to it.
    pub key: String,
    /// `gap`: days of a project's own period no funding covers (awarded or active funding, or
    /// ended funding before today). `expiring`:
    /// coverage running today ends within the horizon with nothing lined up after it.
    /// `one_sided`: in a project with labs in Russia and China, one side funded and the other
    /// not. `funder_lapsed`: coverage resting on a closed funder (the explanation names its
    /// successor). `lab_at_risk` / `centre_at_risk`: an active lab or centre none of whose
    /// active projects is covered on every day of the next 90.
    pub kind: FindingKind,
    /// In plain language.
    pub explanation: String,
    /// The stretch it is about.
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The first day it bites (today when it already does): findings are sorted by it.
    pub bites_on: NaiveDate,
    /// Days from today until it bites (0 when it already does).
    pub days_until: i64,
    #[schema(format = Uuid)]
    pub project_id: Option<String>,
    #[schema(format = Uuid)]
    pub lab_id: Option<String>,
    #[schema(format = Uuid)]
    pub centre_id: Option<String>,
    /// The funding records behind it.
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub funding_ids: Vec<String>,
    #[schema(value_type = Vec<uuid::Uuid>)]
    pub funder_ids: Vec<String>,
    /// The uncovered side of a one-sided finding.
    pub side: Option<String>,
    /// The latest review; a reviewed finding stays listed until coverage closes it.
    pub latest_review: Option<ReviewResponse>,
}

impl FindingResponse {
    pub fn new(finding: Finding, today: NaiveDate, review: Option<FindingReview>) -> Result<Self, ApiError> {
        Ok(FindingResponse {
            key: finding.key,
            kind: finding.kind,
            explanation: finding.explanation,
            starts_on: finding.interval.start,
            ends_on: finding.interval.end,
            bites_on: finding.bites_on,
            days_until: (finding.bites_on - today).num_days().max(0),
            project_id: finding.project_id,
            lab_id: finding.lab_id,
            centre_id: finding.centre_id,
            funding_ids: finding.funding_ids,
            funder_ids: finding.funder_ids,
            side: finding.side,
            latest_review: review.map(ReviewResponse::new).transpose()?,
        })
    }
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListFindingsQuery {
    pub kind: Option<FindingKind>,
    /// Findings about a lab, project or centre with a laboratory in this country.
    #[validate(custom(function = "crate::domain::country::check"))]
    #[param(value_type = Option<crate::domain::country::CountryCode>)]
    pub country: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000002")]
    pub funder_id: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000301")]
    pub centre_id: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000601")]
    pub lab_id: Option<String>,
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[param(format = Uuid, example = "01a21f73-9c00-7000-8000-000000000001")]
    pub institution_id: Option<String>,
    /// How far ahead to look, in days (default 180).
    #[validate(range(min = 1, max = 3650))]
    #[param(minimum = 1, maximum = 3650, example = 180)]
    pub horizon_days: Option<u32>,
    /// Only findings that bite on or after this day.
    #[param(example = "2026-12-01")]
    pub from: Option<NaiveDate>,
    /// Only findings that bite on or before this day.
    #[param(example = "2027-06-30")]
    pub to: Option<NaiveDate>,
    /// Items per page, 1–100 (default 25).
    #[validate(range(min = 1, max = 100))]
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(example = "eyJzb3J0IjoidXJnZW5jeSIsImtleSI6IjIwMjctMDEtMDEiLCJpZCI6Imdh")]
    pub cursor: Option<String>,
}

/// The one order of the report, as its cursors name it.
const SORT: &str = "urgency";

/// The cursor of the page that starts after `last`.
pub fn cursor_after(last: &Finding) -> Cursor {
    Cursor::new(SORT, Some(last.bites_on.to_string()), last.key.clone())
}

impl ListFindingsQuery {
    /// Where the page starts: after the (bites_on, key) its cursor names.
    pub fn after(&self) -> Result<Option<(NaiveDate, String)>, ApiError> {
        Cursor::from_param(self.cursor.as_deref(), SORT)?
            .map(|c| {
                let day = c.key.as_deref().and_then(|k| k.parse::<NaiveDate>().ok());
                day.map(|day| (day, c.id)).ok_or_else(|| {
                    ApiError::field(
                        "cursor",
                        "invalid_cursor",
                        "is not a cursor returned by this list; start again without it",
                    )
                })
            })
            .transpose()
    }

    /// The filters the query asks for, as the report applies them.
    pub fn filter(&self) -> FindingFilter {
        FindingFilter {
            kind: self.kind,
            country: self.country.as_deref().map(country::normalise),
            funder_id: self.funder_id.clone(),
            centre_id: self.centre_id.clone(),
            lab_id: self.lab_id.clone(),
            institution_id: self.institution_id.clone(),
            from: self.from,
            to: self.to,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [], "total": 0, "as_of": "2026-11-28", "next": null, "next_cursor": null}))]
pub struct FindingPage {
    pub items: Vec<FindingResponse>,
    pub total: i64,
    /// The day the findings were computed for (today, UTC).
    pub as_of: NaiveDate,
    /// Link to the next page (same filters); `null` on the last page.
    #[schema(required = true)]
    pub next: Option<String>,
    /// The cursor inside `next`, for clients that build their own URLs; `null` on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// A coordinator's review of a finding.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"state": "action_planned", "note": "RSF renewal application filed in October", "owner_user_id": "01a21f73-9c00-7000-8000-000000000502"}))]
pub struct CreateReview {
    pub state: ReviewState,
    #[validate(length(max = 2000), custom(function = "multi_line"))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
    /// The account that follows it up.
    #[validate(custom(function = "crate::domain::text::uuid"))]
    #[schema(format = Uuid)]
    pub owner_user_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "01a21f73-9c00-7000-8000-000000000a01", "finding_key": "gap:01a21f73-9c00-7000-8000-000000000701:2027-01-01", "state": "acknowledged", "note": "Seen; waiting for the RSF decision", "owner_user_id": null, "reviewed_by": "01a21f73-9c00-7000-8000-000000000501", "reviewed_at": "2026-11-28T09:30:00Z"}]}))]
pub struct ReviewList {
    /// Oldest first; the last is the finding's current review.
    pub items: Vec<ReviewResponse>,
}
