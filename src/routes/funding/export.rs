//! Funding records as a spreadsheet (CSV or XLSX): one row per award, the project's title and
//! the laboratory's name beside their ids, the amount both as exact minor units (for sums) and in
//! major units with its currency (for people).

use actix_web::HttpResponse;

use crate::db::DbConn;
use crate::db::models::funding::FundingView;
use crate::db::models::names::{self, Named};
use crate::db::models::project_access::ReadScope;
use crate::domain::money::Money;
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

/// A record with the names written beside its ids.
pub struct FundingRow {
    view: FundingView,
    amount: Option<Money>,
    project_title: String,
    lab_name: String,
}

const COLUMNS: &[Column<FundingRow>] = &[
    column("id", |r| Cell::text(&r.view.record.id)),
    column("project_id", |r| Cell::text(&r.view.record.project_id)),
    column("project_title", |r| Cell::text(&r.project_title)),
    column("funder_id", |r| Cell::text(&r.view.record.funder_id)),
    column("funder_short_code", |r| Cell::text(&r.view.funder_short_code)),
    column("call_name", |r| Cell::optional(&r.view.record.call_name)),
    column("award_number", |r| Cell::optional(&r.view.record.award_number)),
    column("amount_minor", |r| r.amount.map_or(Cell::Empty, |m| Cell::Integer(m.amount_minor))),
    column("currency", |r| r.amount.map_or(Cell::Empty, |m| Cell::text(m.currency.code()))),
    column("amount", |r| Cell::amount(r.amount)),
    column("starts_on", |r| Cell::Date(r.view.record.starts_on)),
    column("ends_on", |r| Cell::Date(r.view.record.ends_on)),
    column("status", |r| Cell::text(&r.view.record.status)),
    column("side", |r| Cell::text(&r.view.record.side)),
    column("lab_id", |r| Cell::optional(&r.view.record.lab_id)),
    column("lab_name", |r| Cell::text(&r.lab_name)),
    column("version", |r| Cell::Integer(r.view.record.version)),
    column("created_at", |r| Cell::utc(r.view.record.created_at)),
    column("updated_at", |r| Cell::utc(r.view.record.updated_at)),
];

/// The rows of `views`, their names read in one query per kind of record.
pub fn rows(
    conn: &mut DbConn,
    scope: &ReadScope,
    sheet: Spreadsheet,
    views: Vec<FundingView>,
) -> Result<Vec<FundingRow>, ApiError> {
    let titles = names::of_projects(conn, scope, views.iter().map(|v| v.record.project_id.as_str()))?;
    let labs = names::of(conn, Named::Labs, views.iter().filter_map(|v| v.record.lab_id.as_deref()))?;
    views
        .into_iter()
        .map(|view| {
            Ok(FundingRow {
                amount: view.record.amount()?,
                project_title: sheet.name(&titles, &view.record.project_id),
                lab_name: view.record.lab_id.as_deref().map(|id| sheet.name(&labs, id)).unwrap_or_default(),
                view,
            })
        })
        .collect()
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<FundingRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("funding", COLUMNS, rows).await
}
