//! Funding records as CSV: one row per award, the amount both as exact minor units (for sums) and
//! as a decimal (for people).

use actix_web::HttpResponse;

use crate::db::models::funding::FundingView;
use crate::error::ApiError;
use crate::http::csv;

const COLUMNS: [&str; 17] = [
    "id",
    "project_id",
    "funder_id",
    "funder_short_code",
    "call_name",
    "award_number",
    "amount_minor",
    "currency",
    "amount",
    "starts_on",
    "ends_on",
    "status",
    "side",
    "lab_id",
    "version",
    "created_at",
    "updated_at",
];

pub fn funding(views: Vec<FundingView>) -> Result<HttpResponse, ApiError> {
    let mut rows = Vec::with_capacity(views.len());
    for view in views {
        let r = &view.record;
        let amount = r.amount()?;
        rows.push(vec![
            r.id.clone(),
            r.project_id.clone(),
            r.funder_id.clone(),
            view.funder_short_code.clone(),
            csv::optional(&r.call_name),
            csv::optional(&r.award_number),
            amount.map(|m| m.amount_minor.to_string()).unwrap_or_default(),
            amount.map(|m| m.currency.code().to_owned()).unwrap_or_default(),
            amount.map(|m| m.display()).unwrap_or_default(),
            r.starts_on.to_string(),
            r.ends_on.to_string(),
            r.status.clone(),
            r.side.clone(),
            csv::optional(&r.lab_id),
            r.version.to_string(),
            r.created_at.and_utc().to_rfc3339(),
            r.updated_at.and_utc().to_rfc3339(),
        ]);
    }
    csv::response("funding", &COLUMNS, rows)
}
