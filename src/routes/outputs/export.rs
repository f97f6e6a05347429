//! Outputs as a spreadsheet (CSV or XLSX): one row per output, lists joined with `; `, the
//! projects' titles beside their ids.

use actix_web::HttpResponse;

use crate::db::DbConn;
use crate::db::models::names;
use crate::db::models::output::OutputView;
use crate::db::models::project_access::ReadScope;
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

/// An output with the titles of the projects it came from (those the caller may read).
pub struct OutputRow {
    view: OutputView,
    project_titles: String,
}

const COLUMNS: &[Column<OutputRow>] = &[
    column("id", |r| Cell::text(&r.view.output.id)),
    column("kind", |r| Cell::text(&r.view.output.kind)),
    column("title", |r| Cell::text(&r.view.output.title)),
    column("doi", |r| Cell::optional(&r.view.output.doi)),
    column("year", |r| Cell::Integer(i64::from(r.view.output.year))),
    column("venue", |r| Cell::optional(&r.view.output.venue)),
    column("url", |r| Cell::optional(&r.view.output.url)),
    column("author_countries", |r| Cell::list(&r.view.output.author_countries.split(',').collect::<Vec<_>>())),
    column("ru_cn", |r| Cell::Bool(r.view.output.ru_cn)),
    column("project_ids", |r| Cell::list(&r.view.project_ids)),
    column("project_titles", |r| Cell::text(&r.project_titles)),
    column("funding_ids", |r| Cell::list(&r.view.funding_ids)),
    column("version", |r| Cell::Integer(r.view.output.version)),
    column("created_at", |r| Cell::utc(r.view.output.created_at)),
    column("updated_at", |r| Cell::utc(r.view.output.updated_at)),
];

/// The rows of `views` (whose project ids are already only those the caller may read), the
/// titles read in one query.
pub fn rows(
    conn: &mut DbConn,
    scope: &ReadScope,
    sheet: Spreadsheet,
    views: Vec<OutputView>,
) -> Result<Vec<OutputRow>, ApiError> {
    let titles = names::of_projects(conn, scope, views.iter().flat_map(|v| v.project_ids.iter().map(String::as_str)))?;
    Ok(views
        .into_iter()
        .map(|view| OutputRow {
            project_titles: sheet.names(&titles, view.project_ids.iter().map(String::as_str)),
            view,
        })
        .collect())
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<OutputRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("outputs", COLUMNS, rows).await
}
