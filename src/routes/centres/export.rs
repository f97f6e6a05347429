//! Joint centres as a spreadsheet (CSV or XLSX): hosts as `;`-joined columns, ids for machines
//! and "name (country)" for people.

use actix_web::HttpResponse;

use crate::db::DbConn;
use crate::db::models::centre::CentreWithHosts;
use crate::db::models::names::{self, Named};
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

pub struct CentreRow {
    record: CentreWithHosts,
    hosts: String,
}

const COLUMNS: &[Column<CentreRow>] = &[
    column("id", |r| Cell::text(&r.record.centre.id)),
    column("name_en", |r| Cell::text(&r.record.centre.name_en)),
    column("name_ru", |r| Cell::optional(&r.record.centre.name_ru)),
    column("name_zh", |r| Cell::optional(&r.record.centre.name_zh)),
    column("founded_on", |r| Cell::date(r.record.centre.founded_on)),
    column("status", |r| Cell::text(&r.record.centre.status)),
    column("host_institution_ids", |r| {
        Cell::text(&r.record.hosts.iter().map(|h| h.id.as_str()).collect::<Vec<_>>().join(";"))
    }),
    column("hosts", |r| Cell::text(&r.hosts)),
    column("description", |r| Cell::optional(&r.record.centre.description)),
    column("version", |r| Cell::Integer(r.record.centre.version)),
];

/// The rows of `records`, the hosts' names read in one query.
pub fn rows(conn: &mut DbConn, sheet: Spreadsheet, records: Vec<CentreWithHosts>) -> Result<Vec<CentreRow>, ApiError> {
    let names =
        names::of(conn, Named::Institutions, records.iter().flat_map(|r| r.hosts.iter().map(|h| h.id.as_str())))?;
    Ok(records
        .into_iter()
        .map(|record| {
            let hosts = record.hosts.iter().map(|h| format!("{} ({})", sheet.name(&names, &h.id), h.country));
            CentreRow { hosts: hosts.collect::<Vec<_>>().join("; "), record }
        })
        .collect())
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<CentreRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("centres", COLUMNS, rows).await
}
