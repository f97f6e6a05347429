//! Mirror links as a spreadsheet (CSV or XLSX), both laboratories' names beside their ids.

use actix_web::HttpResponse;

use super::wire::MirrorLinkResponse;
use crate::db::DbConn;
use crate::db::models::names::{self, Named};
use crate::error::ApiError;
use crate::http::spreadsheet::{Cell, Column, Spreadsheet, column};

pub struct MirrorLinkRow {
    link: MirrorLinkResponse,
    lab_a_name: String,
    lab_b_name: String,
}

const COLUMNS: &[Column<MirrorLinkRow>] = &[
    column("id", |r| Cell::text(&r.link.id)),
    column("lab_a_id", |r| Cell::text(&r.link.lab_a_id)),
    column("lab_a_name", |r| Cell::text(&r.lab_a_name)),
    column("lab_b_id", |r| Cell::text(&r.link.lab_b_id)),
    column("lab_b_name", |r| Cell::text(&r.lab_b_name)),
    column("kind", |r| Cell::text(r.link.kind.as_str())),
    column("starts_on", |r| Cell::Date(r.link.starts_on)),
    column("ends_on", |r| Cell::date(r.link.ends_on)),
    column("end_reason", |r| Cell::optional(&r.link.end_reason)),
    column("active", |r| Cell::Bool(r.link.active)),
];

/// The rows of `links`, the laboratories' names read in one query.
pub fn rows(
    conn: &mut DbConn,
    sheet: Spreadsheet,
    links: Vec<MirrorLinkResponse>,
) -> Result<Vec<MirrorLinkRow>, ApiError> {
    let labs = names::of(conn, Named::Labs, links.iter().flat_map(|l| [l.lab_a_id.as_str(), l.lab_b_id.as_str()]))?;
    Ok(links
        .into_iter()
        .map(|link| MirrorLinkRow {
            lab_a_name: sheet.name(&labs, &link.lab_a_id),
            lab_b_name: sheet.name(&labs, &link.lab_b_id),
            link,
        })
        .collect())
}

pub async fn respond(sheet: Spreadsheet, rows: Vec<MirrorLinkRow>) -> Result<HttpResponse, ApiError> {
    sheet.respond("mirror-links", COLUMNS, rows).await
}
