//! Findings as a spreadsheet (CSV or XLSX), for a coordinator: the project's title, the
//! laboratory's and centre's names and the funders' short codes beside their ids.

use actix_web::HttpResponse;

use crate::db::DbConn;
use crate::db::models::names::{self, Named};
use crate::db::models::project_access::ReadScope;
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};
use crate::routes::findings::wire::FindingResponse;

/// A finding with the names of what it is about.
pub struct FindingRow {
    finding: FindingResponse,
    project_title: String,
    lab_name: String,
    centre_name: String,
    funder_short_codes: Vec<String>,
}

const COLUMNS: &[Column<FindingRow>] = &[
    column("key", |r| Cell::text(&r.finding.key)),
    column("kind", |r| Cell::text(r.finding.kind.as_str())),
    column("bites_on", |r| Cell::Date(r.finding.bites_on)),
    column("days_until", |r| Cell::Integer(r.finding.days_until)),
    column("starts_on", |r| Cell::Date(r.finding.starts_on)),
    column("ends_on", |r| Cell::Date(r.finding.ends_on)),
    column("project_id", |r| Cell::optional(&r.finding.project_id)),
    column("project_title", |r| Cell::text(&r.project_title)),
    column("lab_id", |r| Cell::optional(&r.finding.lab_id)),
    column("lab_name", |r| Cell::text(&r.lab_name)),
    column("centre_id", |r| Cell::optional(&r.finding.centre_id)),
    column("centre_name", |r| Cell::text(&r.centre_name)),
    column("side", |r| Cell::optional(&r.finding.side)),
    column("funding_ids", |r| Cell::list(&r.finding.funding_ids)),
    column("funder_ids", |r| Cell::list(&r.finding.funder_ids)),
    column("funder_short_codes", |r| Cell::list(&r.funder_short_codes)),
    column("explanation", |r| Cell::text(&r.finding.explanation)),
    column("review_state", |r| r.finding.latest_review.as_ref().map_or(Cell::Empty, |v| Cell::text(v.state.as_str()))),
    column("review_note", |r| r.finding.latest_review.as_ref().map_or(Cell::Empty, |v| Cell::text(&v.note))),
    column("reviewed_at", |r| r.finding.latest_review.as_ref().map_or(Cell::Empty, |v| Cell::Time(v.reviewed_at))),
];

/// The rows of `findings`, the names read in one query per kind of record; a project's title
/// only when `scope` may read the project.
pub fn rows(
    conn: &mut DbConn,
    scope: &ReadScope,
    sheet: Spreadsheet,
    findings: Vec<FindingResponse>,
) -> Result<Vec<FindingRow>, ApiError> {
    let titles = names::of_projects(conn, scope, findings.iter().filter_map(|f| f.project_id.as_deref()))?;
    let labs = names::of(conn, Named::Labs, findings.iter().filter_map(|f| f.lab_id.as_deref()))?;
    let centres = names::of(conn, Named::Centres, findings.iter().filter_map(|f| f.centre_id.as_deref()))?;
    let codes = names::funder_short_codes(conn, findings.iter().flat_map(|f| f.funder_ids.iter().map(String::as_str)))?;
    let name = |index, id: &Option<String>| id.as_deref().map(|id| sheet.name(index, id)).unwrap_or_default();
    Ok(findings
        .into_iter()
        .map(|finding| FindingRow {
            project_title: name(&titles, &finding.project_id),
            lab_name: name(&labs, &finding.lab_id),
            centre_name: name(&centres, &finding.centre_id),
            funder_short_codes: finding
                .funder_ids
                .iter()
                .map(|id| codes.get(id).cloned().unwrap_or_default())
                .collect(),
            finding,
        })
        .collect())
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<FindingRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("funding-gaps", COLUMNS, rows).await
}
