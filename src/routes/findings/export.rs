//! Findings as CSV, for a coordinator's spreadsheet.

use actix_web::HttpResponse;

use crate::error::ApiError;
use crate::http::csv;
use crate::routes::findings::wire::FindingResponse;

const COLUMNS: [&str; 15] = [
    "key",
    "kind",
    "bites_on",
    "days_until",
    "starts_on",
    "ends_on",
    "project_id",
    "lab_id",
    "centre_id",
    "side",
    "funding_ids",
    "explanation",
    "review_state",
    "review_note",
    "reviewed_at",
];

pub fn findings(rows: Vec<FindingResponse>) -> Result<HttpResponse, ApiError> {
    let rows = rows.into_iter().map(|f| {
        let review = f.latest_review.as_ref();
        vec![
            f.key.clone(),
            f.kind.as_str().to_owned(),
            f.bites_on.to_string(),
            f.days_until.to_string(),
            f.starts_on.to_string(),
            f.ends_on.to_string(),
            csv::optional(&f.project_id),
            csv::optional(&f.lab_id),
            csv::optional(&f.centre_id),
            csv::optional(&f.side),
            f.funding_ids.join("; "),
            f.explanation.clone(),
            review.map(|r| r.state.as_str().to_owned()).unwrap_or_default(),
            review.map(|r| r.note.clone()).unwrap_or_default(),
            review.map(|r| r.reviewed_at.to_rfc3339()).unwrap_or_default(),
        ]
    });
    csv::response("funding-gaps", &COLUMNS, rows)
}
